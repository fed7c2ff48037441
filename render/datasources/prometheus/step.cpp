// Grafana's Prometheus step: the minimum interval (target `interval`, else the panel's
// interval, else the datasource's scrape interval, else 15 s), range / maxDataPoints rounded,
// never finer than range / 11000 (Prometheus' point limit), times intervalFactor.
#include "render/datasources/prometheus/step.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <utility>

#include "model/duration.hpp"
#include "render/variables.hpp"

namespace reportd::render::prometheus {
namespace {

constexpr std::int64_t default_resolution = 1500;
constexpr std::int64_t safe_resolution = 11000;
constexpr std::int64_t default_scrape_ms = 15000;
constexpr std::int64_t rate_interval_multiplier = 4;

bool is_macro(std::string_view interval, std::string_view name) {
  const std::string plain = "$__" + std::string(name);
  const std::string braced = "${__" + std::string(name) + "}";
  return interval == plain || interval == braced;
}

bool is_rate_interval_macro(std::string_view interval) {
  return is_macro(interval, "rate_interval") || is_macro(interval, "rate_interval_ms");
}

bool is_interval_macro(std::string_view interval) {
  return is_macro(interval, "interval") || is_macro(interval, "interval_ms") ||
         is_rate_interval_macro(interval);
}

std::int64_t scrape_ms(std::string_view scrape) {
  const auto ms = parse_duration_ms(scrape);
  return ms > 0 ? ms : default_scrape_ms;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

}  // namespace

std::int64_t round_interval(std::int64_t ms) {
  // Upper bound (inclusive) of a raw interval -> the step it rounds to.
  static constexpr std::array<std::pair<std::int64_t, std::int64_t>, 30> steps{{
      {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500},
      {1500, 1000}, {3500, 2000}, {7500, 5000}, {12500, 10000}, {17500, 15000},
      {25000, 20000}, {45000, 30000}, {90000, 60000}, {210000, 120000}, {450000, 300000},
      {750000, 600000}, {1050000, 900000}, {1500000, 1200000}, {2700000, 1800000},
      {5400000, 3600000}, {9000000, 7200000}, {16200000, 10800000}, {32400000, 21600000},
      {86400000, 43200000}, {172800000, 86400000}, {604800000, 86400000},
      {1814400000, 604800000}, {3628800000 - 1, 2592000000},
  }};
  for (const auto& [upto, step] : steps)
    if (ms <= upto) return step;
  return 31536000000;  // 1 year
}

std::int64_t parse_duration_ms(std::string_view text) {
  const auto ms = model::parse_duration_ms(text);
  return ms ? *ms : -1;
}

std::string format_interval(std::int64_t ms) {
  // Grafana's gtime.FormatInterval: the largest unit that divides evenly enough to read.
  if (ms >= 31536000000 && ms % 31536000000 == 0) return std::to_string(ms / 31536000000) + "y";
  return interval_text(ms);
}

std::string go_duration(std::int64_t ms) {
  if (ms == 0) return "0s";
  if (ms < 1000) return std::to_string(ms) + "ms";
  std::string out;
  const auto hours = ms / 3600000;
  const auto minutes = ms / 60000 % 60;
  const auto seconds = ms / 1000 % 60;
  const auto millis = ms % 1000;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  out += std::to_string(seconds);
  if (millis > 0) {
    std::string frac = std::to_string(millis + 1000).substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out + "s";
}

std::int64_t panel_interval_ms(std::int64_t range_ms, std::int64_t max_data_points,
                               std::string_view min_interval) {
  const auto rounded = round_interval_ms(range_ms, std::max<std::int64_t>(max_data_points, 1));
  return std::max(rounded, parse_duration_ms(min_interval));
}

step_result compute_step(const step_inputs& in) {
  std::string query_interval = in.target_interval;
  if (is_interval_macro(query_interval)) query_interval.clear();

  std::int64_t min_ms = default_scrape_ms;
  if (!query_interval.empty()) {
    min_ms = parse_duration_ms(query_interval);
  } else if (in.interval_ms > 0) {
    min_ms = in.interval_ms;
  } else if (!in.scrape_interval.empty()) {
    min_ms = parse_duration_ms(in.scrape_interval);
  }
  if (min_ms <= 0) min_ms = default_scrape_ms;

  const auto resolution = in.max_data_points > 0 ? in.max_data_points : default_resolution;
  const auto raw = in.range_ms / resolution;
  const auto calculated = raw < min_ms ? min_ms : round_interval(raw);
  const auto safe = round_interval(in.range_ms / safe_resolution);
  const auto adjusted = std::max(calculated, safe);

  const auto scrape = scrape_ms(in.scrape_interval);
  auto rate_of = [&](std::int64_t interval) {
    return std::max(interval + scrape, rate_interval_multiplier * scrape);
  };
  step_result out;
  if (is_rate_interval_macro(in.target_interval)) {
    // The step is the rate interval itself, not multiplied by intervalFactor.
    out.step_ms = rate_of(adjusted);
    out.rate_interval_ms = out.step_ms;
    return out;
  }
  out.step_ms = adjusted * std::max<std::int64_t>(in.interval_factor, 1);
  out.rate_interval_ms = rate_of(out.step_ms);
  return out;
}

std::string interpolate_macros(std::string expr, const step_result& step, std::int64_t range_ms) {
  const auto range_s = static_cast<std::int64_t>(std::llround(static_cast<double>(range_ms) / 1000.0));
  auto put = [&](std::string_view name, const std::string& value) {
    replace_all(expr, "${__" + std::string(name) + "}", value);
    replace_all(expr, "$__" + std::string(name), value);
  };
  // Longer names first: $__interval_ms must not be read as $__interval followed by "_ms".
  put("rate_interval_ms", std::to_string(step.rate_interval_ms));
  put("rate_interval", go_duration(step.rate_interval_ms));
  put("interval_ms", std::to_string(step.step_ms));
  put("interval", format_interval(step.step_ms));
  put("range_ms", std::to_string(range_ms));
  put("range_s", std::to_string(range_s));
  put("range", std::to_string(range_s) + "s");
  return expr;
}

}  // namespace reportd::render::prometheus
