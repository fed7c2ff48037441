#pragma once
// Value and axis formatting the way Grafana shows it: unit ids (fieldConfig.defaults.unit),
// decimals, "nice" 1-2-5 axis ticks and time-axis ticks in the report's zone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reportd::render {

/// A formatted value in Grafana's three parts ("$" "1.20" "K", "" "512" " B"); str() joins them.
struct formatted_value {
  std::string prefix;
  std::string text;
  std::string suffix;
  std::string str() const { return prefix + text + suffix; }
};

/// What the date & time units need: the zone to show times in and "now" (for dateTimeFromNow and
/// the "no date if today" variants). now_ms 0 means the system clock.
struct value_context {
  std::string_view zone = "UTC";
  std::int64_t now_ms = 0;
};

/// Formats `value` for unit id `unit` as Grafana's valueFormats do: the whole catalogue of
/// categories.ts (misc, data, data rate, time, energy, ... boolean) and the custom forms
/// `suffix:`, `prefix:`, `si:`, `count:`, `currency:`, `time:`, `bool:`.
/// `decimals` is the field's fixed number of decimals; nullopt picks them from the magnitude the
/// way Grafana's getDecimalsForValue does ("1.50 K", "12.3", "0.0123").
/// NaN is "-" (Grafana's null). An unknown unit id is shown as a suffix, as Grafana does.
std::string format_value(double value, std::string_view unit,
                         std::optional<int> decimals = std::nullopt);
std::string format_value(double value, std::string_view unit, std::optional<int> decimals,
                         const value_context& ctx);
formatted_value format_value_parts(double value, std::string_view unit, std::optional<int> decimals,
                                   const value_context& ctx = {});

/// The decimals Grafana's axes derive from the tick step: guessDecimals(roundDecimals(step, 6)),
/// nullopt when the step is whole (then each tick takes its automatic decimals).
std::optional<int> tick_decimals(double step);

/// Labels for value-axis ticks as Grafana's uPlot axes make them: every tick is formatted with the
/// decimals of the step (ticks[1] - ticks[0]), trailing zeros dropped when the field sets no
/// decimals; a field's own `decimals` wins. E.g. ms ticks 0,500..2000 -> "0 ms", "500 ms", "1 s",
/// "1.50 s", "2 s"; short ticks 0,0.05..0.2 -> "0", "0.05", "0.1", "0.15", "0.2".
std::vector<std::string> format_ticks(const std::vector<double>& ticks, std::string_view unit,
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
