#pragma once
// Value and axis formatting the way Grafana shows it: unit ids (fieldConfig.defaults.unit),
// decimals, "nice" 1-2-5 axis ticks and time-axis ticks in the report's zone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reportd::render {

/// Formats `value` for unit id `unit` ("short", "percent", "bytes", "ms", "currencyUSD", ...).
/// `decimals` is the panel's fixed number of decimals; nullopt picks them from the magnitude.
/// NaN is "-" (Grafana's null). An unknown unit id is shown as a suffix, as Grafana does.
std::string format_value(double value, std::string_view unit,
                         std::optional<int> decimals = std::nullopt);

/// Tick positions covering [lo, hi] with a 1-2-5 step, at most about `max_ticks` of them.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

/// The 1-2-5 step nice_ticks uses for this range.
double nice_step(double lo, double hi, int max_ticks);

struct time_tick {
  std::int64_t ms = 0;
  std::string label;
};

/// Ticks for a time axis from..to (epoch ms), aligned to round local times in `zone`,
/// labelled HH:mm (< 1 day), MM/DD HH:mm (< 3 days) or MM/DD.
std::vector<time_tick> time_ticks(std::int64_t from_ms, std::int64_t to_ms, std::string_view zone,
                                  int max_ticks);

/// Formats epoch ms in `zone` with a strftime-like date::format pattern, e.g. "%Y-%m-%d %H:%M".
/// Unknown zones fall back to UTC.
std::string format_time(std::int64_t ms, std::string_view zone, const char* pattern);

}  // namespace reportd::render
