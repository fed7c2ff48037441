// The queries of one render: identical shareable queries are sent once, the rest run at the
// same time, every answer goes to its own job, a failure stays with its job, and nothing is
// sent once the deadline has passed.
#include "catch_prelude.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "render/datasources/batching.hpp"
#include "render/query_runner.hpp"

namespace {

using namespace reportd::render;

// Answers after every one of `expected` callers has arrived (or 5 s passed): if the runner
// sent them one after another, the first would wait alone and report it.
class gathering_source final : public datasource {
public:
  explicit gathering_source(int expected) : expected_(expected) {}
  std::vector<frame> query(const boost::json::object& target, const time_window&, const query_context&) override {
    ++calls;
    std::unique_lock<std::mutex> lock(m_);
    ++arrived_;
    cv_.notify_all();
    const bool together = cv_.wait_for(lock, std::chrono::seconds(5), [&] { return arrived_ >= expected_; });
    if (!together) throw std::runtime_error("queries ran one after another");
    if (target.contains("fail")) throw std::runtime_error("bad_data: parse error");
    frame f;
    f.name = std::string(target.at("expr").get_string());
    return {f};
  }
  std::atomic<int> calls{0};

private:
  int expected_;
  int arrived_ = 0;
  std::mutex m_;
  std::condition_variable cv_;
};

query_job job(datasource* s, const char* ref, const char* expr, bool shareable = true) {
  return {s, boost::json::object{{"refId", ref}, {"expr", expr}}, time_window{0, 3600000, "GMT", "", ""}, query_context{}, shareable};
}

}  // namespace

TEST_CASE("query runner: identical queries once, distinct ones concurrently") {
  gathering_source source(3);  // three distinct queries must be in flight together
  std::vector<query_job> jobs{job(&source, "A", "up"), job(&source, "B", "up"), job(&source, "A", "rate(x[1m])"),
                              job(&source, "C", "sum(up)")};
  query_stats stats;
  const auto out = run_queries_concurrently(jobs, 8, 0, &stats);
  REQUIRE(out.size() == 4);
  CHECK(source.calls == 3);
  CHECK(stats.asked == 4);
  CHECK(stats.ran == 3);
  CHECK(stats.peak_concurrent == 3);
  for (const auto& o : out) CHECK(o.error.empty());
  REQUIRE(out[1].frames.size() == 1);
  CHECK(out[1].frames[0].name == "up");
  CHECK(out[1].frames[0].ref_id == "B");  // the shared answer carries each job's refId
  CHECK(out[0].frames[0].ref_id == "A");
}

TEST_CASE("query runner: jobs that may not share run separately; a failure stays with its job") {
  gathering_source source(2);
  auto failing = job(&source, "B", "up", false);
  failing.target["fail"] = true;
  std::vector<query_job> jobs{job(&source, "A", "up", false), failing};
  const auto out = run_queries_concurrently(jobs, 4, 0);
  CHECK(source.calls == 2);
  CHECK(out[0].error.empty());
  CHECK(out[1].error == "bad_data: parse error");
  CHECK(out[1].frames.empty());
}

TEST_CASE("query runner: nothing is sent after the deadline") {
  gathering_source source(1);
  const auto out = run_queries_concurrently({job(&source, "A", "up")}, 4, 1);  // 1970: long past
  CHECK(source.calls == 0);
  CHECK(out[0].error == "the render's time ran out before this query was sent");
}

namespace {

// Answers a panel's targets in one call (as Grafana's /api/ds/query does) and records each
// call's refIds; target "fail" carries a per-query error.
class batching_source final : public datasource, public batching_datasource {
public:
  std::vector<frame> query(const boost::json::object& target, const time_window& r, const query_context& c) override {
    auto got = query_batch({target}, r, c);
    if (!got[0].error.empty()) throw std::runtime_error(got[0].error);
    return got[0].frames;
  }
  std::vector<batch_answer> query_batch(const std::vector<boost::json::object>& targets, const time_window&,
                                        const query_context&) override {
    std::vector<batch_answer> out;
    std::string refs;
    for (const auto& t : targets) {
      refs += std::string(t.at("refId").get_string());
      batch_answer a;
      if (t.contains("fail")) {
        a.error = "bad_data: parse error";
      } else {
        frame f;
        f.name = std::string(t.at("expr").get_string());
        a.frames.push_back(f);
      }
      out.push_back(std::move(a));
    }
    std::lock_guard<std::mutex> lock(m_);
    requests.push_back(refs);
    return out;
  }
  std::vector<std::string> requests;

private:
  std::mutex m_;
};

query_job panel_job(datasource* s, int panel, const char* ref, const char* expr) {
  auto j = job(s, ref, expr);
  j.ctx.panel_id = panel;
  return j;
}

}  // namespace

TEST_CASE("query runner: a batching source gets each panel's targets in one request") {
  batching_source source;
  std::vector<query_job> jobs{panel_job(&source, 1, "A", "up"), panel_job(&source, 1, "B", "down"),
                              panel_job(&source, 2, "A", "left"), panel_job(&source, 1, "C", "x"),
                              panel_job(&source, 2, "B", "right")};
  jobs[3].target["fail"] = true;
  const auto out = run_queries_concurrently(jobs, 4, 0);
  auto requests = source.requests;
  std::sort(requests.begin(), requests.end());
  CHECK(requests == std::vector<std::string>{"AB", "ABC"});  // panel 2's, panel 1's
  REQUIRE(out.size() == 5);
  CHECK(out[0].frames.at(0).name == "up");
  CHECK(out[1].frames.at(0).name == "down");
  CHECK(out[2].frames.at(0).name == "left");
  CHECK(out[3].error == "bad_data: parse error");
  CHECK(out[3].frames.empty());
  CHECK(out[4].frames.at(0).name == "right");
  CHECK(out[1].frames.at(0).ref_id == "B");
}

TEST_CASE("query runner: a refId seen twice in a panel goes in a request of its own") {
  batching_source source;
  const auto out = run_queries_concurrently(
    {panel_job(&source, 1, "A", "up"), panel_job(&source, 1, "A", "down"), panel_job(&source, 1, "B", "b")}, 4, 0);
  auto requests = source.requests;
  std::sort(requests.begin(), requests.end());
  CHECK(requests == std::vector<std::string>{"A", "AB"});
  CHECK(out[1].frames.at(0).name == "down");
}
