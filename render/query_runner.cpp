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
#include "render/datasources/batching.hpp"

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

// Which distinct queries one batching source answers in one request: the same panel, range
// and step inputs.
using batch_key = std::tuple<const datasource*, std::string, int, std::int64_t, std::int64_t, std::int64_t,
                             std::int64_t, std::string>;

batch_key batch_of(const query_job& j) {
  return {j.source, j.ctx.dashboard_uid, j.ctx.panel_id, j.range.from_ms, j.range.to_ms, j.ctx.max_data_points,
          j.ctx.interval_ms, j.ctx.min_interval};
}

std::string ref_of(const query_job& j) {
  const auto* ref = j.target.if_contains("refId");
  return ref && ref->is_string() ? std::string(ref->get_string()) : std::string{};
}

// The requests to send: each a list of distinct queries; a batching source's queries of one
// panel go together (a refId seen twice in a panel starts another request).
std::vector<std::vector<std::size_t>> requests_of(const std::vector<query_job>& jobs,
                                                  const std::vector<std::size_t>& distinct) {
  std::vector<std::vector<std::size_t>> requests;
  std::map<batch_key, std::vector<std::size_t>> open;  // key -> indices into requests
  for (std::size_t d = 0; d < distinct.size(); ++d) {
    const auto& job = jobs[distinct[d]];
    if (dynamic_cast<batching_datasource*>(job.source) == nullptr) {
      requests.push_back({d});
      continue;
    }
    auto& candidates = open[batch_of(job)];
    bool placed = false;
    for (const auto r : candidates) {
      const bool clash = std::any_of(requests[r].begin(), requests[r].end(),
                                     [&](std::size_t o) { return ref_of(jobs[distinct[o]]) == ref_of(job); });
      if (!clash) {
        requests[r].push_back(d);
        placed = true;
        break;
      }
    }
    if (!placed) {
      candidates.push_back(requests.size());
      requests.push_back({d});
    }
  }
  return requests;
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
  const auto requests = requests_of(jobs, distinct);
  std::vector<std::size_t> pooled, local;
  for (std::size_t r = 0; r < requests.size(); ++r)
    (jobs[distinct[requests[r].front()]].source->answers_in_memory() ? local : pooled).push_back(r);
  auto answer = [&](std::size_t r) {
    const auto& batch = requests[r];
    const auto& job = jobs[distinct[batch.front()]];
    if (deadline_ms > 0 && model::epoch_ms() >= deadline_ms) {
      for (const auto d : batch) answers[d].error = "the render's time ran out before this query was sent";
      return;
    }
    const auto now_running = ++in_flight;
    for (auto p = peak.load(); now_running > p && !peak.compare_exchange_weak(p, now_running);) {
    }
    try {
      if (batch.size() == 1) {
        answers[batch.front()].frames = job.source->query(job.target, job.range, job.ctx);
      } else {
        std::vector<boost::json::object> targets;
        for (const auto d : batch) targets.push_back(jobs[distinct[d]].target);
        auto got = dynamic_cast<batching_datasource&>(*job.source).query_batch(targets, job.range, job.ctx);
        for (std::size_t k = 0; k < batch.size(); ++k) {
          if (k < got.size()) {
            answers[batch[k]].frames = std::move(got[k].frames);
            answers[batch[k]].error = std::move(got[k].error);
          }
        }
      }
    } catch (const std::exception& e) {
      for (const auto d : batch) answers[d].error = e.what();
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
