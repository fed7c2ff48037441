// Grafana's value formats (packages/grafana-data/src/valueFormats): toFixed and its automatic
// decimals, scaledUnits and the SI/IEC prefixes, the unit catalogue of categories.ts, the Time
// and Date & time formatters, custom units, and the axis helpers (ticks and their labels).
#include "render/units.hpp"
#include "render/units_detail.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "model/time_zone.hpp"

namespace reportd::render {
namespace units_detail {

std::string js_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  std::string sign;
  if (s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  const auto e = s.find('e');
  const int exp = std::stoi(s.substr(e + 1));
  std::string digits = s.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int k = static_cast<int>(digits.size());
  const int n = exp + 1;  // the decimal point sits after n digits
  std::string out;
  if (k <= n && n <= 21) {
    out = digits + std::string(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out = digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out = "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  } else {
    out = digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return sign + out;
}

int auto_decimals(double v) {
  if (!std::isfinite(v) || std::fmod(v, 1.0) == 0) return 0;
  const double a = std::fabs(v);
  const double log10 = std::floor(std::log(a) / M_LN10);
  double dec = -log10 + 1;
  const double magn = std::pow(10.0, -dec);
  if (a / magn > 2.25) ++dec;  // Grafana's "special case for 2.5"
  return static_cast<int>(std::max(0.0, dec));
}

std::string to_fixed(double v, std::optional<int> decimals) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  const int d = decimals ? *decimals : auto_decimals(v);
  if (v == 0) {
    const int z = std::clamp(d, 0, 20);
    return z ? "0." + std::string(static_cast<std::size_t>(z), '0') : "0";
  }
  const double factor = d > 0 ? std::pow(10.0, std::min(d, 20)) : 1.0;
  const std::string formatted = js_number(std::floor(v * factor + 0.5) / factor);  // Math.round
  if (formatted.find('e') != std::string::npos) return formatted;
  const auto dot = formatted.find('.');
  const int precision = dot == std::string::npos ? 0 : static_cast<int>(formatted.size() - dot - 1);
  if (precision < d)
    return (precision ? formatted : formatted + ".") +
           std::string(static_cast<std::size_t>(std::min(d, 20) - precision), '0');
  return formatted;
}

formatted_value scaled(double v, double factor, const std::vector<std::string>& ext, int offset,
                       std::optional<int> decimals) {
  if (!std::isfinite(v)) return {"", to_fixed(v, decimals), ""};
  const int n = static_cast<int>(ext.size());
  const int si = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v)) / std::log10(factor)));
  const std::string& suffix = ext[static_cast<std::size_t>(std::clamp(offset + si, 0, n - 1))];
  const int power = std::clamp(si, -offset, n - offset - 1);
  return {"", to_fixed(v / std::pow(factor, power), decimals), suffix};
}

formatted_value si_prefix(double v, std::string_view unit, int offset, std::optional<int> decimals) {
  static const char* const prefixes[] = {"f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"};
  std::vector<std::string> ext;
  for (const char* p : prefixes) ext.push_back(std::string(" ") + p + std::string(unit));
  return scaled(v, 1000, ext, 5 + offset, decimals);
}

formatted_value binary_prefix(double v, std::string_view unit, int offset, std::optional<int> decimals) {
  static const char* const prefixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
  std::vector<std::string> ext;
  for (const char* p : prefixes) ext.push_back(std::string(" ") + p + std::string(unit));
  return scaled(v, 1024, ext, offset, decimals);
}

}  // namespace units_detail

namespace {

using namespace units_detail;

// The SI prefix a `si:` unit starts with (Grafana's getOffsetFromSIPrefix), 0 when none.
int si_offset(std::string_view first) {
  static constexpr std::pair<std::string_view, int> table[] = {
      {"f", -5}, {"p", -4}, {"n", -3}, {"µ", -2}, {"μ", -2}, {"m", -1}, {"k", 1}, {"M", 2},
      {"G", 3},  {"T", 4},  {"P", 5},  {"E", 6},  {"Z", 7},  {"Y", 8}};
  for (const auto& [p, off] : table)
    if (first == p) return off;
  return 0;
}

// The first UTF-8 character of s.
std::string_view first_char(std::string_view s) {
  if (s.empty()) return s;
  std::size_t n = 1;
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return s.substr(0, n);
}

formatted_value count_unit(double v, std::string_view symbol, std::optional<int> decimals) {
  static const std::vector<std::string> ext{"", "K", "M", "B", "T"};
  auto f = scaled(v, 1000, ext, 0, decimals);
  f.suffix += " " + std::string(symbol);
  return f;
}

formatted_value custom_format(std::string_view key, std::string_view sub, double v,
                              std::optional<int> decimals, const value_context& ctx, bool& found) {
  found = true;
  if (key == "prefix") return {std::string(sub), to_fixed(v, decimals), ""};
  if (key == "suffix") return {"", to_fixed(v, decimals), " " + std::string(sub)};
  if (key == "si") {
    const auto first = first_char(sub);
    const int off = si_offset(first);
    return si_prefix(v, off == 0 ? sub : sub.substr(first.size()), off, decimals);
  }
  if (key == "count") return count_unit(v, sub, decimals);
  if (key == "currency") {
    if (auto f = catalog_format("currency:" + std::string(sub), v, decimals, ctx)) return *f;
  }
  if (key == "time") {
    if (auto f = time_format("time:" + std::string(sub), v, decimals, ctx)) return *f;
  }
  if (key == "bool") {
    const auto slash = sub.find('/');
    const bool truthy = v != 0;
    if (slash == std::string_view::npos) return {"", truthy ? std::string(sub) : "-", ""};
    return {"", std::string(truthy ? sub.substr(0, slash) : sub.substr(slash + 1)), ""};
  }
  found = false;
  return {};
}

}  // namespace

formatted_value format_value_parts(double v, std::string_view unit, std::optional<int> decimals,
                                   const value_context& ctx) {
  if (std::isnan(v)) return {"", "-", ""};
  if (unit.empty()) return {"", to_fixed(v, decimals), ""};
  if (auto f = catalog_format(unit, v, decimals, ctx)) return *f;
  if (auto f = time_format(unit, v, decimals, ctx)) return *f;
  const auto colon = unit.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    bool found = false;
    auto f = custom_format(unit.substr(0, colon), unit.substr(colon + 1), v, decimals, ctx, found);
    if (found) return f;
  }
  return {"", to_fixed(v, decimals), " " + std::string(unit)};
}

std::string format_value(double v, std::string_view unit, std::optional<int> decimals,
                         const value_context& ctx) {
  return format_value_parts(v, unit, decimals, ctx).str();
}

std::string format_value(double v, std::string_view unit, std::optional<int> decimals) {
  return format_value_parts(v, unit, decimals, value_context{}).str();
}

std::optional<int> tick_decimals(double step) {
  if (!std::isfinite(step)) return std::nullopt;
  const double rounded = std::floor(std::fabs(step) * 1e6 + 0.5) / 1e6;  // roundDecimals(step, 6)
  const std::string s = js_number(rounded);
  const auto dot = s.find('.');
  const int d = dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
  if (d <= 0) return std::nullopt;
  return d;
}

namespace {

// Units whose text Grafana leaves alone on axes (it only trims numeric, non-date/currency/bool text).
bool trims_tick_zeros(std::string_view unit) {
  return !(unit.substr(0, 8) == "currency" || unit.substr(0, 4) == "bool" || unit == "locale" ||
           unit.substr(0, 8) == "dateTime" || unit.substr(0, 5) == "time:");
}

// Grafana's `+text + ''`: a plain decimal number loses its trailing zeros ("150.00" -> "150").
std::string trim_number(const std::string& text) {
  if (text.empty()) return text;
  char* end = nullptr;
  const double n = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || text.find_first_of("xXnN") != std::string::npos) return text;
  return js_number(n);
}

}  // namespace

std::vector<std::string> format_ticks(const std::vector<double>& ticks, std::string_view unit,
                                      std::optional<int> decimals) {
  std::vector<std::string> out;
  out.reserve(ticks.size());
  const double step = ticks.size() >= 2 ? ticks[1] - ticks[0] : 0;
  const std::optional<int> adjacent = tick_decimals(step);
  const bool trim = !decimals && adjacent && trims_tick_zeros(unit);
  for (double t : ticks) {
    if (!trim) {
      out.push_back(format_value(t, unit, decimals ? decimals : std::nullopt));
      continue;
    }
    auto f = format_value_parts(t, unit, adjacent);
    out.push_back(f.prefix + trim_number(f.text) + f.suffix);
  }
  return out;
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
  // Ticks closer than a minute carry their seconds, or a 5-minute axis would read
  // "01:59 01:59 02:00 02:00" (Grafana's axis shows HH:mm:ss at second steps).
  const char* pattern = step < 60000 ? "%H:%M:%S"
                        : range < 86400000 ? "%H:%M"
                        : range < 3 * 86400000LL ? "%m/%d %H:%M" : "%m/%d";
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

// Grafana's unit catalogue (packages/grafana-data/src/valueFormats/categories.ts): every built-in
// unit id outside the Time and Date & time categories, mapped to the formatter Grafana uses for it.
namespace reportd::render::units_detail {
namespace {

using fmt = std::function<formatted_value(double, std::optional<int>)>;

fmt fixed_unit(std::string unit) {
  return [unit](double v, std::optional<int> d) {
    return formatted_value{"", to_fixed(v, d), unit.empty() ? "" : " " + unit};
  };
}

fmt si(std::string unit, int offset = 0) {
  return [unit, offset](double v, std::optional<int> d) { return si_prefix(v, unit, offset, d); };
}

fmt bin(std::string unit, int offset = 0) {
  return [unit, offset](double v, std::optional<int> d) { return binary_prefix(v, unit, offset, d); };
}

fmt scaled_list(double factor, std::vector<std::string> ext) {
  return [factor, ext](double v, std::optional<int> d) { return scaled(v, factor, ext, 0, d); };
}

fmt count(std::string symbol) {
  return [symbol](double v, std::optional<int> d) {
    static const std::vector<std::string> ext{"", "K", "M", "B", "T"};
    auto f = scaled(v, 1000, ext, 0, d);
    f.suffix += " " + symbol;
    return f;
  };
}

}  // namespace

// Grafana's currency(): K/M/B/T scaling without a space, the symbol in front (or behind), the
// minus sign before the symbol.
formatted_value currency_format(double v, std::string_view symbol, bool as_suffix, std::optional<int> d) {
  static const std::vector<std::string> ext{"", "K", "M", "B", "T"};
  const bool negative = v < 0;
  auto f = scaled(std::fabs(v), 1000, ext, 0, d);
  if (as_suffix)
    f.suffix += std::string(symbol);
  else
    f.prefix = std::string(symbol);
  if (negative) f.prefix = "-" + f.prefix;
  return f;
}

namespace {

fmt currency(std::string symbol, bool as_suffix = false) {
  return [symbol, as_suffix](double v, std::optional<int> d) { return currency_format(v, symbol, as_suffix, d); };
}

formatted_value percent(double v, std::optional<int> d) { return {"", to_fixed(v, d), "%"}; }
formatted_value percent_unit(double v, std::optional<int> d) { return {"", to_fixed(100 * v, d), "%"}; }

// Number.prototype.toString(16) in upper case, fraction digits included ("1.8" for 1.5).
std::string js_hex(double v) {
  if (!std::isfinite(v)) return js_number(v);
  std::string out = v < 0 ? "-" : "";
  double a = std::fabs(v);
  double ip = std::floor(a);
  double frac = a - ip;
  std::string digits;
  static const char* hex = "0123456789ABCDEF";
  do {
    const double q = std::floor(ip / 16);
    digits.insert(digits.begin(), hex[static_cast<int>(ip - q * 16)]);
    ip = q;
  } while (ip > 0);
  out += digits;
  if (frac > 0) {
    out += '.';
    for (int i = 0; i < 13 && frac > 0; ++i) {
      frac *= 16;
      const int digit = static_cast<int>(std::floor(frac));
      out += hex[digit];
      frac -= digit;
    }
  }
  return out;
}

formatted_value to_hex(double v, std::optional<int> d) {
  return {"", js_hex(std::strtod(to_fixed(v, d).c_str(), nullptr)), ""};
}

formatted_value to_hex0x(double v, std::optional<int> d) {
  auto f = to_hex(v, d);
  f.text = f.text[0] == '-' ? "-0x" + f.text.substr(1) : "0x" + f.text;
  return f;
}

// Number.prototype.toExponential(decimals): "1.23e+4"; without decimals as many digits as needed.
formatted_value sci(double v, std::optional<int> d) {
  if (!std::isfinite(v)) return {"", js_number(v), ""};
  char buf[64];
  if (d)
    std::snprintf(buf, sizeof buf, "%.*e", std::clamp(*d, 0, 20), v);
  else
    *std::to_chars(buf, buf + sizeof buf - 1, v, std::chars_format::scientific).ptr = '\0';
  std::string s(buf);
  const auto e = s.find('e');
  const char sign = s[e + 1] == '-' ? '-' : '+';
  std::string exp = s.substr(e + 2);
  while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
  return {"", s.substr(0, e) + "e" + sign + exp, ""};
}

// toLocaleString in en-US: thousands separators, at most `decimals` (default 3) fraction digits.
formatted_value locale(double v, std::optional<int> d) {
  if (!std::isfinite(v)) return {"", to_fixed(v, std::nullopt), ""};
  const int digits = std::clamp(d.value_or(3), 0, 20);
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  const bool negative = s[0] == '-';
  if (negative) s.erase(0, 1);
  auto end = s.find('.');
  if (end == std::string::npos) end = s.size();
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(end) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  if (s == "0") return {"", "0", ""};
  return {"", (negative ? "-" : "") + s, ""};
}

fmt boolean(std::string t, std::string f) {
  return [t, f](double v, std::optional<int>) { return formatted_value{"", v != 0 ? t : f, ""}; };
}

const std::unordered_map<std::string, fmt>& catalog() {
  static const std::unordered_map<std::string, fmt> table = [] {
    std::unordered_map<std::string, fmt> m;
    // Misc
    m["none"] = fixed_unit("");
    m["string"] = [](double v, std::optional<int>) { return formatted_value{"", js_number(v), ""}; };
    m["short"] = scaled_list(1000, {"", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept"});
    m["sishort"] = si("");
    m["percent"] = percent;
    m["percentunit"] = percent_unit;
    m["humidity"] = fixed_unit("%H");
    m["dB"] = fixed_unit("dB");
    m["candela"] = si("cd");
    m["hex0x"] = to_hex0x;
    m["hex"] = to_hex;
    m["sci"] = sci;
    m["locale"] = locale;
    m["pixel"] = fixed_unit("px");
    // Acceleration, angle, area
    m["accMS2"] = fixed_unit("m/sec²");
    m["accFS2"] = fixed_unit("f/sec²");
    m["accG"] = fixed_unit("g");
    m["degree"] = fixed_unit("°");
    m["radian"] = fixed_unit("rad");
    m["grad"] = fixed_unit("grad");
    m["arcmin"] = fixed_unit("arcmin");
    m["arcsec"] = fixed_unit("arcsec");
    m["areaM2"] = fixed_unit("m²");
    m["areaF2"] = fixed_unit("ft²");
    m["areaMI2"] = fixed_unit("mi²");
    m["acres"] = fixed_unit("ac");
    m["hectares"] = fixed_unit("ha");
    // Computation
    const char* flops[] = {"flops", "", "mflops", "gflops", "tflops", "pflops", "eflops", "zflops", "yflops"};
    for (int i = 0; i < 9; ++i)
      if (*flops[i]) m[flops[i]] = si("FLOPS", i);
    // Concentration
    m["ppm"] = fixed_unit("ppm");
    m["conppb"] = fixed_unit("ppb");
    m["conngm3"] = fixed_unit("ng/m³");
    m["conngNm3"] = fixed_unit("ng/Nm³");
    m["conμgm3"] = fixed_unit("μg/m³");
    m["conμgNm3"] = fixed_unit("μg/Nm³");
    m["conmgm3"] = fixed_unit("mg/m³");
    m["conmgNm3"] = fixed_unit("mg/Nm³");
    m["congm3"] = fixed_unit("g/m³");
    m["congNm3"] = fixed_unit("g/Nm³");
    m["conmgdL"] = fixed_unit("mg/dL");
    m["conmmolL"] = fixed_unit("mmol/L");
    // Currency
    const std::pair<const char*, const char*> prefixed[] = {
        {"USD", "$"},   {"GBP", "£"},   {"EUR", "€"},    {"JPY", "¥"},   {"RUB", "₽"},     {"UAH", "₴"},
        {"BRL", "R$"},  {"CZK", "czk"}, {"CHF", "CHF"},  {"PLN", "PLN"}, {"BTC", "฿"},     {"mBTC", "mBTC"},
        {"μBTC", "μBTC"}, {"ZAR", "R"}, {"INR", "₹"},    {"KRW", "₩"},   {"IDR", "Rp"},    {"PHP", "PHP"},
        {"MYR", "RM"},  {"XPF", "XPF"}, {"BGN", "BGN"},  {"PYG", "₲"},   {"UYU", "UYU"},   {"ILS", "₪"}};
    for (const auto& [code, symbol] : prefixed) m[std::string("currency") + code] = currency(symbol);
    const std::pair<const char*, const char*> suffixed[] = {
        {"DKK", "kr"}, {"ISK", "kr"}, {"NOK", "kr"}, {"SEK", "kr"}, {"VND", "đ"}, {"TRY", "₺"}};
    for (const auto& [code, symbol] : suffixed) m[std::string("currency") + code] = currency(symbol, true);
    // Data
    m["bytes"] = bin("B");
    m["decbytes"] = si("B");
    m["bits"] = bin("b");
    m["decbits"] = si("b");
    const char* iec[] = {"", "kbytes", "mbytes", "gbytes", "tbytes", "pbytes"};
    const char* metric[] = {"", "deckbytes", "decmbytes", "decgbytes", "dectbytes", "decpbytes"};
    for (int i = 1; i < 6; ++i) {
      m[iec[i]] = bin("B", i);
      m[metric[i]] = si("B", i);
    }
    // Data rate
    m["pps"] = si("p/s");
    m["binBps"] = bin("B/s");
    m["Bps"] = si("B/s");
    m["binbps"] = bin("b/s");
    m["bps"] = si("b/s");
    const char* letters[] = {"", "K", "M", "G", "T", "P"};
    for (int i = 1; i < 6; ++i) {
      const std::string l = letters[i];
      m[l + "iBs"] = bin("B/s", i);
      m[l + "ibits"] = bin("b/s", i);
      m[l + "Bs"] = si("B/s", i);
      m[l + "bits"] = si("b/s", i);
    }
    // Energy
    m["watt"] = si("W");
    m["kwatt"] = si("W", 1);
    m["megwatt"] = si("W", 2);
    m["gwatt"] = si("W", 3);
    m["mwatt"] = si("W", -1);
    m["Wm2"] = si("W/m²");
    m["voltamp"] = si("VA");
    m["kvoltamp"] = si("VA", 1);
    m["voltampreact"] = si("VAr");
    m["kvoltampreact"] = si("VAr", 1);
    m["watth"] = si("Wh");
    m["watthperkg"] = si("Wh/kg");
    m["kwatth"] = si("Wh", 1);
    m["kwattm"] = si("W-Min", 1);
    m["mwatth"] = si("Wh", 2);
    m["amph"] = si("Ah");
    m["kamph"] = si("Ah", 1);
    m["mamph"] = si("Ah", -1);
    m["joule"] = si("J");
    m["ev"] = si("eV");
    m["amp"] = si("A");
    m["kamp"] = si("A", 1);
    m["mamp"] = si("A", -1);
    m["volt"] = si("V");
    m["kvolt"] = si("V", 1);
    m["mvolt"] = si("V", -1);
    m["dBm"] = si("dBm");
    m["mohm"] = si("Ω", -1);
    m["ohm"] = si("Ω");
    m["kohm"] = si("Ω", 1);
    m["Mohm"] = si("Ω", 2);
    m["farad"] = si("F");
    m["µfarad"] = si("F", -2);
    m["nfarad"] = si("F", -3);
    m["pfarad"] = si("F", -4);
    m["ffarad"] = si("F", -5);
    m["henry"] = si("H");
    m["mhenry"] = si("H", -1);
    m["µhenry"] = si("H", -2);
    m["lumens"] = si("Lm");
    // Flow
    m["flowgpm"] = fixed_unit("gpm");
    m["flowcms"] = fixed_unit("cms");
    m["flowcfs"] = fixed_unit("cfs");
    m["flowcfm"] = fixed_unit("cfm");
    m["litreh"] = fixed_unit("L/h");
    m["flowlpm"] = fixed_unit("L/min");
    m["flowmlpm"] = fixed_unit("mL/min");
    m["lux"] = fixed_unit("lux");
    // Force
    m["forceNm"] = si("Nm");
    m["forcekNm"] = si("Nm", 1);
    m["forceN"] = si("N");
    m["forcekN"] = si("N", 1);
    // Hash rate
    const char* hashes[] = {"Hs", "KHs", "MHs", "GHs", "THs", "PHs", "EHs"};
    for (int i = 0; i < 7; ++i) m[hashes[i]] = si("H/s", i);
    // Mass
    m["massmg"] = si("g", -1);
    m["massg"] = si("g");
    m["masslb"] = fixed_unit("lb");
    m["masskg"] = si("g", 1);
    m["masst"] = fixed_unit("t");
    // Length
    m["lengthmm"] = si("m", -1);
    m["lengthin"] = fixed_unit("in");
    m["lengthft"] = fixed_unit("ft");
    m["lengthm"] = si("m");
    m["lengthkm"] = si("m", 1);
    m["lengthmi"] = fixed_unit("mi");
    // Pressure
    m["pressurembar"] = si("bar", -1);
    m["pressurebar"] = si("bar");
    m["pressurekbar"] = si("bar", 1);
    m["pressurepa"] = si("Pa");
    m["pressurehpa"] = fixed_unit("hPa");
    m["pressurekpa"] = fixed_unit("kPa");
    m["pressurehg"] = fixed_unit("\"Hg");
    m["pressurepsi"] = scaled_list(1000, {"psi", "ksi", "Mpsi"});
    // Radiation
    m["radbq"] = si("Bq");
    m["radci"] = si("Ci");
    m["radgy"] = si("Gy");
    m["radrad"] = si("rad");
    m["radsv"] = si("Sv");
    m["radmsv"] = si("Sv", -1);
    m["radusv"] = si("Sv", -2);
    m["radrem"] = si("rem");
    m["radexpckg"] = si("C/kg");
    m["radr"] = si("R");
    m["radsvh"] = si("Sv/h");
    m["radmsvh"] = si("Sv/h", -1);
    m["radusvh"] = si("Sv/h", -2);
    // Rotational speed
    m["rotrpm"] = fixed_unit("rpm");
    m["rothz"] = si("Hz");
    m["rotkhz"] = si("Hz", 1);
    m["rotmhz"] = si("Hz", 2);
    m["rotghz"] = si("Hz", 3);
    m["rotrads"] = fixed_unit("rad/s");
    m["rotdegs"] = fixed_unit("°/s");
    // Temperature
    m["celsius"] = fixed_unit("°C");
    m["fahrenheit"] = fixed_unit("°F");
    m["farenheit"] = fixed_unit("°F");  // Grafana's alias for the old misspelt id
    m["kelvin"] = fixed_unit("K");
    // Time (the SI one; the others are in time_format below)
    m["hertz"] = si("Hz");
    // Throughput
    const std::pair<const char*, const char*> counts[] = {
        {"cps", "c/s"},    {"ops", "ops/s"},  {"reqps", "req/s"}, {"rps", "rd/s"},    {"wps", "wr/s"},
        {"iops", "io/s"},  {"eps", "evt/s"},  {"mps", "msg/s"},   {"recps", "rec/s"}, {"rowsps", "rows/s"},
        {"cpm", "c/m"},    {"opm", "ops/m"},  {"reqpm", "req/m"}, {"rpm", "rd/m"},    {"wpm", "wr/m"},
        {"epm", "evts/m"}, {"mpm", "msgs/m"}, {"recpm", "rec/m"}, {"rowspm", "rows/m"}};
    for (const auto& [id, symbol] : counts) m[id] = count(symbol);
    // Velocity, volume
    m["velocityms"] = fixed_unit("m/s");
    m["velocitykmh"] = fixed_unit("km/h");
    m["velocitymph"] = fixed_unit("mph");
    m["velocityknot"] = fixed_unit("kn");
    m["mlitre"] = si("L", -1);
    m["litre"] = si("L");
    m["m3"] = fixed_unit("m³");
    m["Nm3"] = fixed_unit("Nm³");
    m["dm3"] = fixed_unit("dm³");
    m["gallons"] = fixed_unit("gal");
    // Boolean
    m["bool"] = boolean("True", "False");
    m["bool_yes_no"] = boolean("Yes", "No");
    m["bool_on_off"] = boolean("On", "Off");
    return m;
  }();
  return table;
}

}  // namespace

std::optional<formatted_value> catalog_format(std::string_view id, double v, std::optional<int> decimals,
                                              const value_context&) {
  if (id.substr(0, 9) == "currency:") return currency_format(v, id.substr(9), false, decimals);
  const auto& table = catalog();
  const auto it = table.find(std::string(id));
  if (it == table.end()) return std::nullopt;
  return it->second(v, decimals);
}

}  // namespace reportd::render::units_detail

// Grafana's Time and Date & time unit categories (valueFormats/dateTimeFormatters.ts): scaled
// durations (ns ... d), spelled-out durations (dtdurationms/dtdurations), hh:mm:ss, clocks,
// timeticks, and epoch-ms values shown as dates with moment.js patterns in the report's zone.
namespace reportd::render::units_detail {
namespace {

formatted_value fixed_scaled(double v, std::optional<int> d, const char* ext) { return {"", to_fixed(v, d), ext}; }

struct step {
  double below;    // this step applies while |v| < below
  double divisor;  // v / divisor is shown
  const char* ext;
};

template <std::size_t N>
formatted_value ladder(double v, std::optional<int> d, const step (&steps)[N], double last_div,
                       const char* last_ext) {
  const double a = std::fabs(v);
  for (const auto& s : steps)
    if (a < s.below) return fixed_scaled(v / s.divisor, d, s.ext);
  return fixed_scaled(v / last_div, d, last_ext);
}

formatted_value as_ns(double v, std::optional<int> d) {
  static constexpr step s[] = {{1e3, 1, " ns"},       {1e6, 1e3, " µs"},     {1e9, 1e6, " ms"},
                               {60e9, 1e9, " s"},      {3600e9, 60e9, " min"}, {86400e9, 3600e9, " hour"}};
  return ladder(v, d, s, 86400e9, " day");
}

formatted_value as_us(double v, std::optional<int> d) {
  static constexpr step s[] = {{1e3, 1, " µs"}, {1e6, 1e3, " ms"}};
  return ladder(v, d, s, 1e6, " s");
}

formatted_value as_ms(double v, std::optional<int> d) {
  static constexpr step s[] = {{1000, 1, " ms"},          {60000, 1000, " s"},        {3600000, 60000, " min"},
                               {86400000, 3600000, " hour"}, {31536000000, 86400000, " day"}};
  return ladder(v, d, s, 31536000000, " year");
}

formatted_value as_s(double v, std::optional<int> d) {
  if (v == 0) return {"", "0", " s"};  // Grafana: zero stays in seconds, with no decimals
  static constexpr step s[] = {{1e-6, 1e-9, " ns"},  {1e-3, 1e-6, " µs"},    {1, 1e-3, " ms"},
                               {60, 1, " s"},         {3600, 60, " min"},     {86400, 3600, " hour"},
                               {604800, 86400, " day"}, {31536000, 604800, " week"}};
  return ladder(v, d, s, 3.15569e7, " year");
}

formatted_value as_min(double v, std::optional<int> d) {
  // 604800 (not 40320) is Grafana's own threshold for weeks.
  static constexpr step s[] = {{60, 1, " min"}, {1440, 60, " hour"}, {10080, 1440, " day"}, {604800, 10080, " week"}};
  return ladder(v, d, s, 5.25948e5, " year");
}

formatted_value as_hours(double v, std::optional<int> d) {
  static constexpr step s[] = {{24, 1, " hour"}, {168, 24, " day"}, {8760, 168, " week"}};
  return ladder(v, d, s, 8760, " year");
}

formatted_value as_days(double v, std::optional<int> d) {
  static constexpr step s[] = {{7, 1, " day"}, {365, 7, " week"}};
  return ladder(v, d, s, 365, " year");
}

struct interval {
  const char* name;
  double seconds;
};
constexpr interval intervals[] = {{"year", 31536000}, {"month", 2592000}, {"week", 604800}, {"day", 86400},
                                  {"hour", 3600},     {"minute", 60},     {"second", 1},    {"millisecond", 0.001}};

// Grafana's toDuration: the largest unit reached, then `decimals` more units, each floored.
formatted_value spelled_duration(double v, std::optional<int> decimals, const interval& scale) {
  if (v == 0) return {"", "0", std::string(" ") + scale.name + "s"};
  if (v < 0) {
    auto f = spelled_duration(-v, decimals, scale);
    f.suffix += " ago";
    return f;
  }
  double size = v * scale.seconds * 1000;  // in ms, as Grafana computes it
  std::string text;
  bool started = false;
  int left = decimals.value_or(0);
  for (const auto& i : intervals) {
    if (left < 0) break;
    const double ms = i.seconds * 1000;
    const double value = size / ms;
    if (value >= 1 || started) {
      started = true;
      const double whole = std::floor(value);
      if (!text.empty()) text += ", ";
      text += js_number(whole) + " " + i.name + (whole != 1 ? "s" : "");
      size = std::fmod(size, ms);
      --left;
    }
  }
  return {"", text, ""};
}

std::string two(long long n) { return n > 9 ? std::to_string(n) : "0" + std::to_string(n); }

formatted_value hms(double v) {
  if (v < 0) {
    auto f = hms(-v);
    f.suffix += " ago";
    return f;
  }
  const auto h = static_cast<long long>(std::floor(v / 3600));
  const auto m = static_cast<long long>(std::floor(std::fmod(v, 3600) / 60));
  const auto s = static_cast<long long>(std::floor(std::fmod(std::fmod(v, 3600), 60)));
  return {"", two(h) + ":" + two(m) + ":" + two(s), ""};
}

formatted_value dhms(double v) {
  if (v < 0) {
    auto f = dhms(-v);
    f.suffix += " ago";
    return f;
  }
  const double d = std::floor(v / 86400);
  const std::string day = d > 0 ? js_number(d) + " d " : "";
  return {"", day + hms(v - d * 86400).text, ""};
}

// Grafana's toClock: moment's UTC fields of the duration, "01h:59m:59s:999ms", cut by decimals.
formatted_value clock(double v, std::optional<int> d) {
  const auto ms_total = static_cast<long long>(std::floor(v));
  auto mod = [](long long a, long long b) { return ((a % b) + b) % b; };
  char ms[8], ss[8], mm[8];
  std::snprintf(ms, sizeof ms, "%03lld", mod(ms_total, 1000));
  std::snprintf(ss, sizeof ss, "%02lld", mod(ms_total / 1000, 60));
  std::snprintf(mm, sizeof mm, "%02lld", mod(ms_total / 60000, 60));
  if (v < 1000) return {"", std::string(ms) + "ms", ""};
  if (v < 60000) return {"", d == 0 ? std::string(ss) + "s" : std::string(ss) + "s:" + ms + "ms", ""};
  if (v < 3600000) {
    if (d == 0) return {"", std::string(mm) + "m", ""};
    if (d == 1) return {"", std::string(mm) + "m:" + ss + "s", ""};
    return {"", std::string(mm) + "m:" + ss + "s:" + ms + "ms", ""};
  }
  const std::string h = two(static_cast<long long>(std::floor(v / 3600000))) + "h";
  if (d == 0) return {"", h, ""};
  if (d == 1) return {"", h + ":" + mm + "m", ""};
  if (d == 2) return {"", h + ":" + mm + "m:" + ss + "s", ""};
  return {"", h + ":" + mm + "m:" + ss + "s:" + ms + "ms", ""};
}

std::int64_t now_ms(const value_context& ctx) {
  if (ctx.now_ms != 0) return ctx.now_ms;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

bool same_local_day(std::int64_t a, std::int64_t b, std::string_view zone) {
  return moment_format(a, zone, "YYYY-MM-DD") == moment_format(b, zone, "YYYY-MM-DD");
}

// moment's fromNow with its default thresholds: "a few seconds ago", "2 minutes ago", "in 3 days".
std::string from_now(std::int64_t ms, std::int64_t now) {
  const double diff = static_cast<double>(now - ms) / 1000;  // seconds in the past
  const double s = std::fabs(diff);
  auto round = [](double x) { return static_cast<long long>(std::floor(x + 0.5)); };
  const long long mins = round(s / 60), hrs = round(s / 3600), dys = round(s / 86400);
  const long long months = round(s / 86400 / 30.436875), years = round(s / 86400 / 365.2425);
  std::string text;
  if (s < 45) text = "a few seconds";
  else if (s < 90) text = "a minute";
  else if (mins < 45) text = std::to_string(mins) + " minutes";
  else if (s < 90 * 60) text = "an hour";
  else if (hrs < 22) text = std::to_string(hrs) + " hours";
  else if (s < 36 * 3600) text = "a day";
  else if (dys < 26) text = std::to_string(dys) + " days";
  else if (dys < 45) text = "a month";
  else if (dys < 320) text = std::to_string(std::max(2LL, months)) + " months";
  else if (dys < 548) text = "a year";
  else text = std::to_string(std::max(2LL, years)) + " years";
  return diff >= 0 ? text + " ago" : "in " + text;
}

formatted_value date_time(std::int64_t ms, const value_context& ctx, const char* pattern,
                          const char* today_pattern) {
  if (today_pattern && same_local_day(ms, now_ms(ctx), ctx.zone))
    return {"", moment_format(ms, ctx.zone, today_pattern), ""};
  return {"", moment_format(ms, ctx.zone, pattern), ""};
}

}  // namespace

std::optional<formatted_value> time_format(std::string_view id, double v, std::optional<int> d,
                                           const value_context& ctx) {
  if (id == "ns") return as_ns(v, d);
  if (id == "µs") return as_us(v, d);
  if (id == "ms") return as_ms(v, d);
  if (id == "s") return as_s(v, d);
  if (id == "m") return as_min(v, d);
  if (id == "h") return as_hours(v, d);
  if (id == "d") return as_days(v, d);
  if (id == "dtdurationms") return spelled_duration(v, d, intervals[7]);
  if (id == "dtdurations") return spelled_duration(v, d, intervals[6]);
  if (id == "dthms") return hms(v);
  if (id == "dtdhms") return dhms(v);
  if (id == "timeticks") return as_s(v / 100, d);
  if (id == "clockms") return clock(v, d);
  if (id == "clocks") return clock(v * 1000, d);
  if (!std::isfinite(v)) return std::nullopt;
  const auto ms = static_cast<std::int64_t>(std::floor(v));
  if (id == "dateTimeAsIso" || id == "dateTimeAsSystem") return date_time(ms, ctx, "YYYY-MM-DD HH:mm:ss", nullptr);
  if (id == "dateTimeAsIsoNoDateIfToday") return date_time(ms, ctx, "YYYY-MM-DD HH:mm:ss", "HH:mm:ss");
  if (id == "dateTimeAsUS") return date_time(ms, ctx, "MM/DD/YYYY h:mm:ss a", nullptr);
  if (id == "dateTimeAsUSNoDateIfToday") return date_time(ms, ctx, "MM/DD/YYYY h:mm:ss a", "h:mm:ss a");
  // Grafana's "local" format follows the browser's locale; reports use en-US's.
  if (id == "dateTimeAsLocal") return date_time(ms, ctx, "MM/DD/YYYY, hh:mm:ss A", nullptr);
  if (id == "dateTimeAsLocalNoDateIfToday") return date_time(ms, ctx, "MM/DD/YYYY, hh:mm:ss A", "hh:mm:ss A");
  if (id == "dateTimeFromNow") return formatted_value{"", from_now(ms, now_ms(ctx)), ""};
  if (id.substr(0, 5) == "time:") return formatted_value{"", moment_format(ms, ctx.zone, id.substr(5)), ""};
  return std::nullopt;
}

std::string moment_format(std::int64_t ms, std::string_view zone, std::string_view pattern) {
  using namespace std::chrono;
  const auto* tz = model::rules_or_utc(zone);
  const date::sys_time<milliseconds> tp{milliseconds{ms}};
  const auto local = tz ? tz->to_local(tp).time_since_epoch() : tp.time_since_epoch();
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{date::sys_days{day}};
  const date::hh_mm_ss<milliseconds> t{duration_cast<milliseconds>(local - day)};
  const date::weekday wd{date::sys_days{day}};
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month()), mday = static_cast<unsigned>(ymd.day());
  const long long hour = t.hours().count(), minute = t.minutes().count(), second = t.seconds().count();
  const long long milli = t.subseconds().count();
  static const char* const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  static const char* const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  auto pad = [](long long n, int width) {
    std::string s = std::to_string(n);
    while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
    return s;
  };
  const long long h12 = hour % 12 == 0 ? 12 : hour % 12;
  // Longest tokens first, as moment matches them.
  static const char* const tokens[] = {"YYYY", "MMMM", "dddd", "MMM", "ddd", "SSS", "YY", "MM", "DD", "Do", "HH",
                                       "hh",   "mm",   "ss",   "dd",  "SS",  "M",  "D",  "H",  "h",  "m",  "s",
                                       "S",    "A",    "a",    "d",   "Q",   "X",  "x"};
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '[') {
      const auto close = pattern.find(']', i);
      if (close != std::string_view::npos) {
        out += pattern.substr(i + 1, close - i - 1);
        i = close + 1;
        continue;
      }
    }
    const char* hit = nullptr;
    for (const char* tok : tokens)
      if (pattern.substr(i, std::char_traits<char>::length(tok)) == tok) {
        hit = tok;
        break;
      }
    if (!hit) {
      out += pattern[i++];
      continue;
    }
    const std::string_view k = hit;
    i += k.size();
    if (k == "YYYY") out += pad(year, 4);
    else if (k == "YY") out += pad(((year % 100) + 100) % 100, 2);
    else if (k == "MMMM") out += month_names[month - 1];
    else if (k == "MMM") out += std::string(month_names[month - 1]).substr(0, 3);
    else if (k == "MM") out += pad(month, 2);
    else if (k == "M") out += std::to_string(month);
    else if (k == "DD") out += pad(mday, 2);
    else if (k == "D") out += std::to_string(mday);
    else if (k == "Do") {
      const unsigned r = mday % 100;
      const char* suf = (r >= 11 && r <= 13) ? "th" : mday % 10 == 1 ? "st" : mday % 10 == 2 ? "nd" : mday % 10 == 3 ? "rd" : "th";
      out += std::to_string(mday) + suf;
    } else if (k == "dddd") out += day_names[wd.c_encoding()];
    else if (k == "ddd") out += std::string(day_names[wd.c_encoding()]).substr(0, 3);
    else if (k == "dd") out += std::string(day_names[wd.c_encoding()]).substr(0, 2);
    else if (k == "d") out += std::to_string(wd.c_encoding());
    else if (k == "HH") out += pad(hour, 2);
    else if (k == "H") out += std::to_string(hour);
    else if (k == "hh") out += pad(h12, 2);
    else if (k == "h") out += std::to_string(h12);
    else if (k == "mm") out += pad(minute, 2);
    else if (k == "m") out += std::to_string(minute);
    else if (k == "ss") out += pad(second, 2);
    else if (k == "s") out += std::to_string(second);
    else if (k == "SSS") out += pad(milli, 3);
    else if (k == "SS") out += pad(milli / 10, 2);
    else if (k == "S") out += std::to_string(milli / 100);
    else if (k == "A") out += hour < 12 ? "AM" : "PM";
    else if (k == "a") out += hour < 12 ? "am" : "pm";
    else if (k == "Q") out += std::to_string((month - 1) / 3 + 1);
    else if (k == "X") out += std::to_string(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    else if (k == "x") out += std::to_string(ms);
  }
  return out;
}

}  // namespace reportd::render::units_detail
