#pragma once
// The queries of one render, run concurrently: every panel's targets are collected first,
// identical ones (same source, same substituted target, same range and step inputs) are asked
// once, and the rest run on a small pool of threads, each under the render's deadline. A
// source may bound its own concurrency further (Prometheus: jsonData.maxConcurrentQueries).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "render/datasources/datasource.hpp"
#include "render/panel.hpp"

namespace reportd::render {

struct query_job {
  datasource* source = nullptr;
  boost::json::object target;  // variables substituted
  time_window range;
  query_context ctx;
  /// The answer depends only on the target (without refId), range and step inputs, so an
  /// identical job in another panel may share it (Prometheus; not TestData, which seeds its
  /// random data by panel and refId).
  bool shareable = false;
};

struct query_outcome {
  std::vector<frame> frames;
  std::string error;  // non-empty: the query failed (the source's message)
};

/// Runs `jobs` on at most `threads` threads; outcome i answers job i (frames of a shared query
/// carry each job's own refId). Queries not started by `deadline_ms` (epoch ms; 0: none) fail
/// without being sent.
std::vector<query_outcome> run_queries_concurrently(const std::vector<query_job>& jobs, std::size_t threads,
                                                    std::int64_t deadline_ms, query_stats* stats = nullptr);

/// Threads per render for queries.
inline constexpr std::size_t default_query_threads = 16;

}  // namespace reportd::render
