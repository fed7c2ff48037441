#include "render/query_runner.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include <boost/json.hpp>

#include "model/clock.hpp"

namespace reportd::render {
namespace {

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
  // Queries that wait on a network go to the pool; in-memory ones (TestData) are answered on
  // this thread while the pool works.
  std::vector<std::size_t> pooled, local;
  for (std::size_t d = 0; d < distinct.size(); ++d)
    (jobs[distinct[d]].source->answers_in_memory() ? local : pooled).push_back(d);
  auto answer = [&](std::size_t d) {
    const auto& job = jobs[distinct[d]];
    if (deadline_ms > 0 && model::epoch_ms() >= deadline_ms) {
      answers[d].error = "the render's time ran out before this query was sent";
      return;
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
  };
  auto work = [&] {
    for (std::size_t i = next++; i < pooled.size(); i = next++) answer(pooled[i]);
  };
  const auto pool_size = std::min(std::max<std::size_t>(threads, 1), pooled.size());
  std::vector<std::thread> pool;
  if (pool_size > 1) {
    pool.reserve(pool_size);
    for (std::size_t i = 0; i < pool_size; ++i) pool.emplace_back(work);
  }
  for (auto d : local) answer(d);
  if (pool_size <= 1) work();
  for (auto& t : pool) t.join();
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
