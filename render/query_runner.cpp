#include "render/query_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include <boost/json.hpp>

namespace reportd::render {
namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// What makes two jobs the same query: refId only names the answer.
using job_key = std::tuple<const datasource*, std::string, std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                           std::string>;

job_key key_of(const query_job& j) {
  auto target = j.target;
  target.erase("refId");
  return {j.source, boost::json::serialize(target), j.range.from_ms, j.range.to_ms, j.ctx.max_data_points,
          j.ctx.interval_ms, j.ctx.min_interval};
}

}  // namespace

std::vector<query_outcome> run_queries_concurrently(const std::vector<query_job>& jobs, std::size_t threads,
                                                    std::int64_t deadline_ms, query_stats* stats) {
  std::vector<std::size_t> first_of(jobs.size());  // job -> the distinct query that answers it
  std::vector<std::size_t> distinct;
  std::map<job_key, std::size_t> seen;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (!jobs[i].shareable) {
      first_of[i] = distinct.size();
      distinct.push_back(i);
      continue;
    }
    auto [it, fresh] = seen.emplace(key_of(jobs[i]), distinct.size());
    if (fresh) distinct.push_back(i);
    first_of[i] = it->second;
  }
  std::vector<query_outcome> answers(distinct.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> in_flight{0};
  std::atomic<std::size_t> peak{0};
  auto work = [&] {
    for (std::size_t d = next++; d < distinct.size(); d = next++) {
      const auto& job = jobs[distinct[d]];
      if (deadline_ms > 0 && now_ms() >= deadline_ms) {
        answers[d].error = "the render's time ran out before this query was sent";
        continue;
      }
      const auto now_running = ++in_flight;
      for (auto p = peak.load(); now_running > p && !peak.compare_exchange_weak(p, now_running);) {
      }
      try {
        answers[d].frames = job.source->query(job.target, job.range, job.ctx);
      } catch (const std::exception& e) {
        answers[d].error = e.what();
      }
      --in_flight;
    }
  };
  const auto pool_size = std::min(std::max<std::size_t>(threads, 1), distinct.size());
  if (pool_size <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(pool_size);
    for (std::size_t i = 0; i < pool_size; ++i) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  std::vector<query_outcome> out(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    out[i] = answers[first_of[i]];
    const auto* ref = jobs[i].target.if_contains("refId");
    const std::string ref_id = ref && ref->is_string() ? std::string(ref->get_string()) : std::string{};
    for (auto& f : out[i].frames) f.ref_id = ref_id;
  }
  if (stats != nullptr) *stats = {jobs.size(), distinct.size(), peak.load()};
  return out;
}

}  // namespace reportd::render
