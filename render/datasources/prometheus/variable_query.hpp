#pragma once
// What a Prometheus template-variable query asks for, read from its text or object form as
// Grafana's Prometheus datasource reads it. Pure parsing: prometheus.cpp sends the request.
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace reportd::render::prometheus {

struct variable_query {
  enum class kind { none, label_names, label_values, metrics, query_result, series };
  kind what = kind::none;
  std::string match;  // label_names(match) / label_values(match, label) / a series selector
  std::string label;  // label_values
  std::string regex;  // metrics(regex)
  std::string expr;   // query_result(expr)
};

/// `label_names()`, `label_names(match)`, `label_values(label)`, `label_values(match, label)`,
/// `metrics(regex)`, `query_result(expr)`, anything else a series selector; the object form
/// `{qryType, query}` (query holding one of these), or the builder's `{qryType: 0|1|2, label,
/// metric}`. An empty query is kind::none.
variable_query parse_variable_query(const boost::json::value& query);

/// The answer of `metrics(regex)`: the metric names (`__name__` values) the regex finds, in
/// their order. A regex that does not compile is a std::runtime_error naming it.
std::vector<std::string> metrics_matching(std::vector<std::string> names, const std::string& regex);

}  // namespace reportd::render::prometheus
