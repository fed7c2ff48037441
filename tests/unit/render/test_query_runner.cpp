// The queries of one render: identical shareable queries are sent once, the rest run at the
// same time, every answer goes to its own job, a failure stays with its job, and nothing is
// sent once the deadline has passed.
#include "catch_prelude.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

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
