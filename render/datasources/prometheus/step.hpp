#pragma once
// PromQL step and interval arithmetic, as Grafana's Prometheus backend computes it
// (pkg/tsdb/prometheus: calculatePrometheusInterval, calculateRateInterval, the built-in
// interval and range macros). Pure functions: no I/O, tested against Grafana's own examples.
#include <cstdint>
#include <string>
#include <string_view>

namespace reportd::render::prometheus {

/// Everything the step depends on.
struct step_inputs {
  std::int64_t range_ms = 0;
  std::int64_t max_data_points = 0;  // 0: Grafana's default resolution 1500
  std::int64_t interval_ms = 0;      // the panel's interval (range / maxDataPoints, never below
                                     // the panel's min interval); 0: none
  std::string target_interval;       // the target's `interval` (min step) as written, "" if none
  std::string scrape_interval;       // the datasource's jsonData.timeInterval, "" if none
  std::int64_t interval_factor = 1;  // `intervalFactor` of old dashboards; 0 counts as 1
};

/// The step of a range query in milliseconds, and what the macros expand to.
struct step_result {
  std::int64_t step_ms = 0;
  std::int64_t rate_interval_ms = 0;
};

step_result compute_step(const step_inputs& in);

/// The panel-level interval: range / maxDataPoints rounded as Grafana's frontend rounds it,
/// never below `min_interval` (the panel's `interval`, else the datasource's timeInterval).
std::int64_t panel_interval_ms(std::int64_t range_ms, std::int64_t max_data_points,
                               std::string_view min_interval);

/// Grafana's backend rounding of a raw interval (intervalv2.roundInterval).
std::int64_t round_interval(std::int64_t interval_ms);

/// "15s", "1m", "2h", "1d", "1w", "500ms", "1y", or a bare number of seconds ("30") in
/// milliseconds; -1 when unreadable or empty.
std::int64_t parse_duration_ms(std::string_view text);

/// Grafana's interval text ("2m", "1h", "500ms", "1d").
std::string format_interval(std::int64_t ms);

/// Go's time.Duration text ("5m15s", "1m0s", "2h0m0s", "500ms"): what Grafana writes for
/// $__rate_interval.
std::string go_duration(std::int64_t ms);

/// Replaces $__interval, $__interval_ms, $__rate_interval, $__rate_interval_ms, $__range,
/// $__range_s, $__range_ms (and their ${...} forms) in `expr`.
std::string interpolate_macros(std::string expr, const step_result& step, std::int64_t range_ms);

/// The macros `interpolate_macros` resolves, without the `$__` prefix.
inline constexpr const char* macro_names[] = {"interval",      "interval_ms", "rate_interval",
                                              "rate_interval_ms", "range",   "range_s",
                                              "range_ms"};

}  // namespace reportd::render::prometheus
