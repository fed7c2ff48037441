#include "render/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <date/tz.h>

#include "model/time_zone.hpp"

namespace reportd::render {
namespace {

int auto_decimals(double v) {
  double a = std::fabs(v);
  if (a == 0 || !std::isfinite(a)) return 0;
  int mag = static_cast<int>(std::floor(std::log10(a)));
  return std::clamp(2 - mag, 0, 6);
}

// Fixed decimals print as asked; automatic decimals drop trailing zeros ("1" not "1.00").
std::string fixed(double v, std::optional<int> decimals) {
  int d = decimals ? std::clamp(*decimals, 0, 10) : auto_decimals(v);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", d, v);
  std::string s(buf);
  if (!decimals && s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

// Scales by `base` through `suffixes` (suffixes[0] is the unscaled one).
template <std::size_t N>
std::string scaled(double v, double base, const std::array<const char*, N>& suffixes,
                   std::optional<int> decimals, std::size_t start = 0, bool space = true) {
  std::size_t i = start;
  double a = std::fabs(v);
  while (a >= base && i + 1 < N) {
    a /= base;
    v /= base;
    ++i;
  }
  std::string unit = suffixes[i];
  if (unit.empty()) return fixed(v, decimals);
  return fixed(v, decimals) + (space ? " " : "") + unit;
}

const std::array<const char*, 5> short_units{"", "K", "M", "B", "T"};
const std::array<const char*, 7> iec_bytes{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
const std::array<const char*, 7> si_bytes{"B", "kB", "MB", "GB", "TB", "PB", "EB"};
const std::array<const char*, 7> iec_bits{"b", "Kib", "Mib", "Gib", "Tib", "Pib", "Eib"};
const std::array<const char*, 7> si_bits{"b", "kb", "Mb", "Gb", "Tb", "Pb", "Eb"};

// Grafana's toSeconds-style ladder: the largest unit the value reaches.
std::string duration(double seconds, std::optional<int> decimals) {
  double a = std::fabs(seconds);
  struct step { double size; const char* name; };
  static constexpr step ladder[] = {{31536000, "year"}, {604800, "week"}, {86400, "day"},
                                    {3600, "hour"},     {60, "min"},      {1, "s"},
                                    {1e-3, "ms"},       {1e-6, "µs"},     {1e-9, "ns"}};
  if (a == 0) return "0 s";
  for (const auto& s : ladder)
    if (a >= s.size) return fixed(seconds / s.size, decimals) + " " + s.name;
  return fixed(seconds / 1e-9, decimals) + " ns";
}

std::optional<double> seconds_per_unit(std::string_view unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "µs" || unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1.0;
  if (unit == "m") return 60.0;
  if (unit == "h") return 3600.0;
  if (unit == "d") return 86400.0;
  return std::nullopt;
}

}  // namespace

std::string format_value(double v, std::string_view unit, std::optional<int> decimals) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  if (unit.empty() || unit == "none") return fixed(v, decimals);
  if (unit == "short") return scaled(v, 1000, short_units, decimals);
  if (unit == "percent") return fixed(v, decimals) + "%";
  if (unit == "percentunit") return fixed(v * 100, decimals) + "%";
  if (unit == "bytes") return scaled(v, 1024, iec_bytes, decimals);
  if (unit == "kbytes") return scaled(v, 1024, iec_bytes, decimals, 1);
  if (unit == "mbytes") return scaled(v, 1024, iec_bytes, decimals, 2);
  if (unit == "decbytes") return scaled(v, 1000, si_bytes, decimals);
  if (unit == "deckbytes") return scaled(v, 1000, si_bytes, decimals, 1);
  if (unit == "bits") return scaled(v, 1024, iec_bits, decimals);
  if (unit == "decbits") return scaled(v, 1000, si_bits, decimals);
  if (auto per = seconds_per_unit(unit)) return duration(v * *per, decimals);
  if (unit == "reqps") return scaled(v, 1000, short_units, decimals) + " req/s";
  if (unit == "ops") return scaled(v, 1000, short_units, decimals) + " ops/s";
  if (unit == "rps") return scaled(v, 1000, short_units, decimals) + " rps";
  if (unit == "currencyUSD") return (v < 0 ? "-$" : "$") + scaled(std::fabs(v), 1000, short_units, decimals, 0, false);
  if (unit == "currencyEUR") return (v < 0 ? "-€" : "€") + scaled(std::fabs(v), 1000, short_units, decimals, 0, false);
  if (unit == "celsius") return fixed(v, decimals) + "°C";
  if (unit == "fahrenheit") return fixed(v, decimals) + "°F";
  if (unit.substr(0, 7) == "suffix:") return fixed(v, decimals) + std::string(unit.substr(7));
  if (unit.substr(0, 7) == "prefix:") return std::string(unit.substr(7)) + fixed(v, decimals);
  return fixed(v, decimals) + " " + std::string(unit);
}

double nice_step(double lo, double hi, int max_ticks) {
  double range = hi - lo;
  if (!(range > 0) || !std::isfinite(range)) return 1;
  double raw = range / std::max(1, max_ticks);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double norm = raw / mag;
  double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * mag;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> out;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return out;
  if (hi <= lo) return {lo};
  double step = nice_step(lo, hi, max_ticks);
  double first = std::ceil(lo / step - 1e-9) * step;
  for (double t = first; t <= hi + step * 1e-9 && out.size() < 100; t += step)
    out.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return out;
}

namespace {

std::int64_t offset_ms(const model::zone_rules* tz, std::int64_t ms) {
  auto info = tz->get_info(date::sys_seconds{std::chrono::seconds{ms / 1000}});
  return static_cast<std::int64_t>(info.offset.count()) * 1000;
}

}  // namespace

std::string format_time(std::int64_t ms, std::string_view zone, const char* pattern) {
  try {
    // The zone's rules (DST past 2037 included); patterns hold no %Z, so local time will do.
    const auto* tz = model::rules_or_utc(zone);
    const date::sys_seconds tp{std::chrono::seconds{ms >= 0 || ms % 1000 == 0 ? ms / 1000 : ms / 1000 - 1}};
    return date::format(pattern, tz->to_local(tp));
  } catch (const std::exception&) {
    return std::to_string(ms);
  }
}

std::vector<time_tick> time_ticks(std::int64_t from_ms, std::int64_t to_ms, std::string_view zone,
                                  int max_ticks) {
  std::vector<time_tick> out;
  if (to_ms <= from_ms) return out;
  static constexpr std::int64_t steps[] = {
      1000,     5000,      10000,     15000,      30000,      60000,       120000,
      300000,   600000,    900000,    1800000,    3600000,    7200000,     10800000,
      21600000, 43200000,  86400000,  172800000,  604800000,  1209600000,  2592000000,
      7776000000, 31536000000};
  std::int64_t range = to_ms - from_ms;
  std::int64_t step = steps[std::size(steps) - 1];
  for (auto s : steps)
    if (range / s <= std::max(1, max_ticks)) { step = s; break; }
  const char* pattern = range < 86400000 ? "%H:%M" : range < 3 * 86400000LL ? "%m/%d %H:%M" : "%m/%d";
  const auto* tz = model::rules_or_utc(zone);
  // Align in local time so ticks land on round wall-clock times in the report's zone.
  std::int64_t off = offset_ms(tz, from_ms);
  std::int64_t local = from_ms + off;
  std::int64_t first_local = ((local + step - 1) / step) * step;
  if (step >= 604800000) first_local = ((local + 86400000 - 1) / 86400000) * 86400000;
  for (std::int64_t t = first_local - off; t <= to_ms && out.size() < 200; t += step)
    out.push_back({t, format_time(t, zone, pattern)});
  return out;
}

}  // namespace reportd::render
