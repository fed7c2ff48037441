#include "render/variables.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <regex>

#include <boost/json.hpp>

#include "model/duration.hpp"
#include "model/text_encoding.hpp"

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

std::string trim(std::string_view s) { return std::string(model::trim_space(s)); }

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
  if (v.type == "query") {
    if (const auto* q = o.if_contains("query")) v.query = *q;
    if (const auto* ds = o.if_contains("datasource")) v.datasource = *ds;
    v.regex = string_at(o, "regex");
    if (const auto* s = o.if_contains("sort"); s && s->is_number()) v.sort = s->to_number<int>();
  }
  if (const auto* n = o.if_contains("auto_count"); n && n->is_number()) v.auto_count = n->to_number<std::int64_t>();
  if (auto m = string_at(o, "auto_min"); !m.empty()) v.auto_min = m;
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

// "10s", "5m", "1h", "500ms", "1d", "1w" in milliseconds; 0 when unreadable.
std::int64_t interval_ms_of(const std::string& text) { return model::parse_duration_ms(text).value_or(0); }

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
      if (auto it = overrides.find(v.name); it != overrides.end()) {
        select(v, it->second, {});
        v.from_report = true;
      }
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

void variable_set::resolve_auto_intervals(std::int64_t range_ms) {
  for (auto& v : vars_) {
    if (v.type != "interval") continue;
    for (auto& o : v.current) {
      if (o.value.rfind("$__auto_interval", 0) != 0 && o.value != "auto") continue;
      const auto step = std::max(round_interval_ms(range_ms, std::max<std::int64_t>(v.auto_count, 1)),
                                 interval_ms_of(v.auto_min));
      o.value = o.text = interval_text(step);
    }
  }
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
    // Values, not texts: they also go into dashboard links, where Grafana reads "All" too.
    std::vector<std::string> values;
    if (v.all_selected) {
      values = {"All"};
    } else {
      for (const auto& o : v.current) values.push_back(o.value);
    }
    out.emplace_back(v.name, std::move(values));
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
  if (format == "prometheus") return format_promql(values, v.multi || v.include_all);
  return format_values(values, texts, format, v.name);
}

std::string variable_set::substitute(std::string_view text, std::string_view default_format) const {
  // Most titles and targets hold no variable: skip the regex (costly per render) for them.
  if (text.find('$') == std::string_view::npos && text.find("[[") == std::string_view::npos)
    return std::string(text);
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

}  // namespace reportd::render
