#pragma once
// Reading Prometheus' HTTP API answers (JSON) into frames and option texts, and naming series
// as Grafana names them. Pure functions over response bodies: no I/O.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "render/panel.hpp"

namespace reportd::render::prometheus {

using label_set = std::map<std::string, std::string>;

/// What the frames of one answer are built for.
struct frame_spec {
  std::string expr;           // the query as sent (names a series without labels)
  std::string legend_format;  // "", "__auto", or "{{label}} text"
  std::string ref_id;
  std::string format = "time_series";  // time_series | table | heatmap
};

/// Grafana's series name: `legendFormat` with {{label}} replaced (missing labels are empty),
/// or, for "" and "__auto", `metric{a="1", b="2"}` (labels sorted, __name__ as the prefix);
/// a name that would be `{}` is the expression.
std::string series_name(const label_set& labels, const frame_spec& spec);

/// A `/api/v1/query` or `/api/v1/query_range` success body into frames: one per series
/// (time_series), one for all series (table), or buckets de-accumulated by `le` (heatmap).
/// NaN stays NaN (a gap); ±Inf become gaps too, as they cannot be drawn. Exemplars are not
/// read. Throws std::runtime_error when the body is not a Prometheus answer.
std::vector<frame> frames_from_response(std::string_view body, const frame_spec& spec);

/// The `data` array of strings of `/api/v1/labels` or `/api/v1/label/<name>/values`.
std::vector<std::string> string_list(std::string_view body);

/// `query_result(expr)` options: each result as `metric{a="1",b="2"} value timestamp_ms`.
std::vector<std::string> query_result_texts(std::string_view body);

/// `/api/v1/series` answers as option texts: each series as `metric{a="1", b="2"}`.
std::vector<std::string> series_texts(std::string_view body, const std::string& selector);

/// A readable error from a failed answer: Prometheus' own `errorType: error` when the body
/// has one, else the HTTP status and the body's beginning.
std::string error_message(long http_status, std::string_view body);

/// Prometheus' sample value text ("1.5", "NaN", "+Inf") as a number.
double sample_value(std::string_view text);

}  // namespace reportd::render::prometheus
