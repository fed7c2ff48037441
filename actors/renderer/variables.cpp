#include "actors/renderer/variables.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <regex>

#include <boost/json.hpp>

namespace reportd::render {
namespace {

namespace json = boost::json;

constexpr std::string_view all_token = "$__all";

std::string scalar_text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) return json::serialize(v);
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return {};
}

std::vector<std::string> text_list(const json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  if (v->is_array()) {
    for (const auto& item : v->get_array()) out.push_back(scalar_text(item));
  } else if (!v->is_null()) {
    out.push_back(scalar_text(*v));
  }
  return out;
}

std::string string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? scalar_text(*v) : std::string{};
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A custom variable's query: comma-separated, `\,` escapes a comma, `text : value` pairs.
std::vector<variable_option> parse_custom_query(std::string_view query) {
  std::vector<variable_option> out;
  std::string item;
  auto flush = [&] {
    const auto sep = item.find(" : ");
    if (sep != std::string::npos) {
      out.push_back({trim(item.substr(0, sep)), trim(item.substr(sep + 3))});
    } else if (auto t = trim(item); !t.empty()) {
      out.push_back({t, t});
    }
    item.clear();
  };
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query[i] == '\\' && i + 1 < query.size() && query[i + 1] == ',') {
      item += ',';
      ++i;
    } else if (query[i] == ',') {
      flush();
    } else {
      item += query[i];
    }
  }
  flush();
  return out;
}

std::vector<variable_option> saved_options(const json::object& var) {
  std::vector<variable_option> out;
  const auto* opts = var.if_contains("options");
  if (opts == nullptr || !opts->is_array()) return out;
  for (const auto& o : opts->get_array()) {
    if (!o.is_object()) continue;
    const auto value = string_at(o.get_object(), "value");
    if (value == all_token) continue;
    out.push_back({string_at(o.get_object(), "text"), value});
  }
  return out;
}

std::vector<variable_option> options_of(const json::object& var, const std::string& type) {
  const auto query = string_at(var, "query");
  std::vector<variable_option> out;
  if (type == "custom" || type == "interval") out = parse_custom_query(query);
  if (type == "constant" || type == "textbox") out = {{query, query}};
  if (out.empty()) out = saved_options(var);
  // Grafana drops duplicate values (a custom query may list one twice).
  std::vector<variable_option> unique;
  for (auto& o : out) {
    auto same = [&](const variable_option& u) { return u.value == o.value; };
    if (std::none_of(unique.begin(), unique.end(), same)) unique.push_back(std::move(o));
  }
  return unique;
}

std::string text_for(const variable& v, const std::string& value) {
  for (const auto& o : v.options)
    if (o.value == value) return o.text;
  return value;
}

void select(variable& v, const std::vector<std::string>& values,
            const std::vector<std::string>& texts) {
  v.current.clear();
  v.all_selected = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == all_token || (values[i] == "All" && v.include_all)) {
      v.all_selected = true;
      v.current = v.options;
      return;
    }
    const auto text = i < texts.size() && texts.size() == values.size() ? texts[i]
                                                                         : text_for(v, values[i]);
    v.current.push_back({text, values[i]});
  }
}

variable parse_variable(const json::object& o) {
  variable v;
  v.name = string_at(o, "name");
  v.type = string_at(o, "type");
  v.multi = o.contains("multi") && o.at("multi").is_bool() && o.at("multi").get_bool();
  v.include_all = o.contains("includeAll") && o.at("includeAll").is_bool() &&
                  o.at("includeAll").get_bool();
  v.all_value = string_at(o, "allValue");
  v.options = options_of(o, v.type);
  std::vector<std::string> values, texts;
  if (const auto* cur = o.if_contains("current"); cur && cur->is_object()) {
    values = text_list(cur->get_object().if_contains("value"));
    texts = text_list(cur->get_object().if_contains("text"));
  }
  if (values.empty() && v.type == "textbox") values = {string_at(o, "query")};
  if (values.empty() && v.type == "constant") values = {string_at(o, "query")};
  if (values.empty() && !v.options.empty()) values = {v.options.front().value};
  select(v, values, texts);
  return v;
}

}  // namespace

variable_set variable_set::from_dashboard(
    const json::object& dashboard, const std::map<std::string, std::vector<std::string>>& overrides) {
  variable_set set;
  const auto* templating = dashboard.if_contains("templating");
  const json::value* list = nullptr;
  if (templating && templating->is_object()) list = templating->get_object().if_contains("list");
  if (list && list->is_array()) {
    for (const auto& item : list->get_array()) {
      if (!item.is_object()) continue;
      auto v = parse_variable(item.get_object());
      if (v.name.empty() || v.type == "adhoc") continue;
      if (auto it = overrides.find(v.name); it != overrides.end()) select(v, it->second, {});
      set.vars_.push_back(std::move(v));
    }
  }
  return set;
}

void variable_set::set_builtin(const std::string& name, const std::string& value) {
  if (auto* v = find_mutable(name)) {
    v->current = {{value, value}};
    return;
  }
  variable v;
  v.name = name;
  v.type = "builtin";
  v.current = {{value, value}};
  vars_.push_back(std::move(v));
}

void variable_set::narrow(const std::string& name, const std::string& value) {
  auto* v = find_mutable(name);
  if (v == nullptr) return;
  v->all_selected = false;
  v->current = {{text_for(*v, value), value}};
}

const variable* variable_set::find(std::string_view name) const {
  for (const auto& v : vars_)
    if (v.name == name) return &v;
  return nullptr;
}

variable* variable_set::find_mutable(std::string_view name) {
  return const_cast<variable*>(static_cast<const variable_set*>(this)->find(name));
}

std::vector<std::string> variable_set::repeat_values(std::string_view name) const {
  std::vector<std::string> out;
  if (const auto* v = find(name))
    for (const auto& o : v->current) out.push_back(o.value);
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> variable_set::effective() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& v : vars_) {
    if (v.type == "builtin") continue;
    std::vector<std::string> texts;
    if (v.all_selected) {
      texts = {"All"};
    } else {
      for (const auto& o : v.current) texts.push_back(o.text);
    }
    out.emplace_back(v.name, std::move(texts));
  }
  return out;
}

std::string variable_set::format_variable(const variable& v, std::string_view format) const {
  const bool text_like = format == "text" || format == "percentencode" || format == "queryparam";
  if (v.all_selected && !v.all_value.empty() && !text_like) return v.all_value;
  std::vector<std::string> values, texts;
  for (const auto& o : v.current) {
    values.push_back(o.value);
    texts.push_back(o.text);
  }
  if (v.all_selected) texts = {"All"};
  if (v.type == "builtin" && format.substr(0, 4) == "date") {
    // ${__from:date} is ISO 8601; ${__from:date:seconds} epoch seconds.
    const auto ms = values.empty() ? 0LL : std::atoll(values.front().c_str());
    if (format == "date:seconds") return std::to_string(ms / 1000);
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::array<char, 40> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf.data();
  }
  return format_values(values, texts, format, v.name);
}

std::string variable_set::substitute(std::string_view text, std::string_view default_format) const {
  // Grafana's own pattern: $var | [[var:fmt]] | ${var.field:fmt}
  static const std::regex pattern(
      R"(\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\})");
  std::string out;
  std::string input(text);
  auto last = input.cbegin();
  for (std::sregex_iterator it(input.begin(), input.end(), pattern), end; it != end; ++it) {
    const auto& m = *it;
    out.append(last, m[0].first);
    last = m[0].second;
    const std::string name = m[1].matched ? m[1].str() : m[2].matched ? m[2].str() : m[4].str();
    std::string format = m[3].matched ? m[3].str() : m[6].matched ? m[6].str() : std::string{};
    const auto* v = find(name);
    if (v == nullptr) {
      out.append(m[0].first, m[0].second);
      continue;
    }
    out += format_variable(*v, format.empty() ? default_format : std::string_view(format));
  }
  out.append(last, input.cend());
  return out;
}

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

std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || std::string_view("-_.!~*'()").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      std::array<char, 4> buf{};
      std::snprintf(buf.data(), buf.size(), "%%%02X", c);
      out += buf.data();
    }
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
  if (format == "percentencode") return percent_encode(glob(values));
  if (format == "queryparam") {
    auto params = map_all(values, [&](const std::string& v) {
      return "var-" + std::string(name) + "=" + percent_encode(v);
    });
    return join(params, "&");
  }
  return glob(values);
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
