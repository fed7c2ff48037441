#include "render/datasources/prometheus/variable_query.hpp"

#include <regex>
#include <stdexcept>

#include <boost/json.hpp>

#include "model/text_encoding.hpp"

namespace reportd::render::prometheus {
namespace {

namespace json = boost::json;

std::string trim(std::string_view s) { return std::string(model::trim_space(s)); }

std::string member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

// Grafana's PromVariableQueryType: 0 label names, 1 label values, 2 metric names.
std::string text_of(const json::object& o) {
  auto text = trim(member(o, "query"));
  if (!text.empty()) return text;
  const auto* t = o.if_contains("qryType");
  const auto type = t && t->is_number() ? t->to_number<int>() : -1;
  const auto metric = member(o, "metric");
  if (type == 0) return "label_names(" + metric + ")";
  if (type == 1) return "label_values(" + (metric.empty() ? "" : metric + ",") + member(o, "label") + ")";
  if (type == 2) return "metrics(" + metric + ")";
  return {};
}

}  // namespace

variable_query parse_variable_query(const json::value& query) {
  const std::string text = trim(query.is_string()   ? std::string(query.get_string())
                                : query.is_object() ? text_of(query.get_object())
                                                    : std::string{});
  variable_query out;
  if (text.empty()) return out;
  static const std::regex label_names_re(R"(^label_names\(\s*(.*?)\s*\)$)");
  static const std::regex label_values_re(R"(^label_values\((?:(.+),\s*)?([a-zA-Z_$][a-zA-Z0-9_]*)\s*\)$)");
  static const std::regex metrics_re(R"(^metrics\((.+)\)$)");
  static const std::regex query_result_re(R"(^query_result\((.+)\)$)");
  std::smatch m;
  if (std::regex_match(text, m, label_names_re)) {
    out.what = variable_query::kind::label_names;
    out.match = m[1].str();
  } else if (std::regex_match(text, m, label_values_re)) {
    out.what = variable_query::kind::label_values;
    out.match = trim(m[1].str());
    out.label = m[2].str();
  } else if (std::regex_match(text, m, metrics_re)) {
    out.what = variable_query::kind::metrics;
    out.regex = trim(m[1].str());
  } else if (std::regex_match(text, m, query_result_re)) {
    out.what = variable_query::kind::query_result;
    out.expr = trim(m[1].str());
  } else {
    out.what = variable_query::kind::series;
    out.match = text;
  }
  return out;
}

std::vector<std::string> metrics_matching(std::vector<std::string> names, const std::string& regex) {
  std::regex filter;
  try {
    filter = std::regex(regex);
  } catch (const std::regex_error&) {
    throw std::runtime_error("metrics(" + regex + "): not a valid regular expression");
  }
  std::vector<std::string> out;
  for (auto& name : names)
    if (std::regex_search(name, filter)) out.push_back(std::move(name));
  return out;
}

}  // namespace reportd::render::prometheus
