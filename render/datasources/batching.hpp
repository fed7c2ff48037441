#pragma once
// A datasource that answers several targets of one panel in one request (Grafana's
// POST /api/ds/query takes a panel's queries together, as Grafana's own frontend sends them).
// The query runner asks such a source once per panel instead of once per target.
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "render/datasources/datasource.hpp"

namespace reportd::render {

/// One target's part of a batched answer: its frames, or why it failed.
struct batch_answer {
  std::vector<frame> frames;
  std::string error;
};

class batching_datasource {
public:
  virtual ~batching_datasource() = default;
  /// Answers `targets` (one panel's, distinct refIds, variables substituted) in one request:
  /// answer i for target i. Throws std::runtime_error when the request as a whole fails.
  virtual std::vector<batch_answer> query_batch(const std::vector<boost::json::object>& targets,
                                                const time_window& range, const query_context& ctx) = 0;
};

}  // namespace reportd::render
