// Grafana's variable formats (${var:csv} ...) and interval rounding.
#include <algorithm>
#include <array>

#include <boost/json.hpp>

#include "model/text_encoding.hpp"
#include "render/variables.hpp"

namespace reportd::render {

namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string escape_chars(std::string_view s, std::string_view special, char escape = '\\') {
  std::string out;
  for (char c : s) {
    if (special.find(c) != std::string_view::npos) out += escape;
    out += c;
  }
  return out;
}

template <class F>
std::vector<std::string> map_all(const std::vector<std::string>& values, F f) {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(f(v));
  return out;
}

std::string glob(const std::vector<std::string>& values) {
  if (values.size() == 1) return values.front();
  return "{" + join(values, ",") + "}";
}

}  // namespace

std::string format_values(const std::vector<std::string>& values,
                          const std::vector<std::string>& texts, std::string_view format,
                          std::string_view name) {
  const bool multi = values.size() > 1;
  if (format == "csv" || format == "raw") return join(values, ",");
  if (format == "pipe") return join(values, "|");
  if (format == "text") return join(texts.empty() ? values : texts, " + ");
  if (format == "regex") {
    auto escaped = map_all(values, [](const std::string& v) { return escape_chars(v, "\\^$.|?*+()[]{}/"); });
    return multi ? "(" + join(escaped, "|") + ")" : join(escaped, "");
  }
  if (format == "json") {
    if (!multi && !values.empty()) return boost::json::serialize(boost::json::value(values.front()));
    boost::json::array arr;
    for (const auto& v : values) arr.emplace_back(v);
    return boost::json::serialize(arr);
  }
  if (format == "singlequote")
    return join(map_all(values, [](const std::string& v) { return "'" + escape_chars(v, "'") + "'"; }), ",");
  if (format == "doublequote")
    return join(map_all(values, [](const std::string& v) { return "\"" + escape_chars(v, "\"") + "\""; }), ",");
  if (format == "sqlstring")
    return join(map_all(values, [](const std::string& v) { return "'" + escape_chars(v, "'", '\'') + "'"; }), ",");
  if (format == "lucene") {
    constexpr std::string_view special = "+-&|!(){}[]^\"~*?:\\/";
    if (!multi) return join(map_all(values, [&](const std::string& v) { return escape_chars(v, special); }), "");
    auto quoted = map_all(values, [&](const std::string& v) { return "\"" + escape_chars(v, special) + "\""; });
    return "(" + join(quoted, " OR ") + ")";
  }
  // Grafana encodes as RFC 3986 does (only A-Z a-z 0-9 - . _ ~ kept), so ! ' ( ) * are encoded too.
  if (format == "percentencode") return model::percent_encode(glob(values));
  if (format == "queryparam") {
    auto params = map_all(values, [&](const std::string& v) {
      return "var-" + std::string(name) + "=" + model::percent_encode(v);
    });
    return join(params, "&");
  }
  return glob(values);
}

std::string format_promql(const std::vector<std::string>& values, bool regex) {
  if (!regex) {
    // Grafana's prometheusRegularEscape: a backslash doubled, a single quote as \\'.
    return join(map_all(values, [](const std::string& v) {
                  std::string out;
                  for (char c : v) out += c == '\\' ? "\\\\" : c == '\'' ? "\\\\'" : std::string(1, c);
                  return out;
                }), ",");
  }
  // Regex metacharacters get a backslash that itself is escaped for the string literal.
  auto escaped = map_all(values, [](const std::string& v) {
    std::string out;
    for (char c : v) {
      if (c == '\\') out += "\\\\\\";
      else if (std::string_view("$^*{}[]'+?.()|").find(c) != std::string_view::npos) out += "\\\\";
      out += c;
    }
    return out;
  });
  return escaped.size() == 1 ? escaped.front() : "(" + join(escaped, "|") + ")";
}

std::int64_t round_interval_ms(std::int64_t range_ms, std::int64_t points) {
  const std::int64_t raw = range_ms / std::max<std::int64_t>(points, 1);
  // Grafana's rangeutil.roundInterval: the midpoint between two steps picks the step.
  static constexpr std::array<std::pair<std::int64_t, std::int64_t>, 27> steps{{
      {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500},
      {1500, 1000}, {3500, 2000}, {7500, 5000}, {12500, 10000}, {17500, 15000},
      {25000, 20000}, {45000, 30000}, {90000, 60000}, {210000, 120000},
      {450000, 300000}, {750000, 600000}, {1050000, 900000}, {1500000, 1200000},
      {2700000, 1800000}, {5400000, 3600000}, {9000000, 7200000},
      {16200000, 10800000}, {32400000, 21600000}, {86400000, 43200000},
      {604800000, 86400000}, {1814400000, 604800000},
  }};
  for (const auto& [below, step] : steps)
    if (raw < below) return step;
  return 2592000000LL;  // 30 days
}

std::string interval_text(std::int64_t ms) {
  static constexpr std::array<std::pair<std::int64_t, const char*>, 6> units{{
      {604800000, "w"}, {86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"},
  }};
  for (const auto& [size, suffix] : units)
    if (ms >= size && ms % size == 0) return std::to_string(ms / size) + suffix;
  return std::to_string(ms) + "ms";
}

}  // namespace reportd::render
