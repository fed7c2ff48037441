#pragma once
// Dashboard template variables (`templating.list`) and Grafana's `$var` substitution.
// Values come from the dashboard's saved `current`, overridden by the report's own values;
// the set is a plain value so a repeated panel can take a copy with one variable narrowed.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace reportd::render {

/// One selectable value of a variable: what is substituted and what a reader sees.
struct variable_option {
  std::string text;
  std::string value;
};

struct variable {
  std::string name;
  std::string type;                      // custom constant textbox interval query ... or "builtin"
  std::vector<variable_option> options;  // without the "All" entry
  std::vector<variable_option> current;  // values in effect
  bool multi = false;
  bool include_all = false;
  bool all_selected = false;             // current is "All" (expanded to every option)
  std::string all_value;                 // custom allValue; empty: every option's value
  std::int64_t auto_count = 30;          // interval variables: steps for "auto"
  std::string auto_min = "10s";
  // Query variables (variables_query.cpp): what the datasource is asked and how its answer
  // becomes options.
  boost::json::value query;              // as written: a string or {qryType, query}
  boost::json::value datasource;         // the variable's `datasource` as written
  std::string regex;                     // `/pattern/flags`; "" keeps every option
  int sort = 0;                          // Grafana's sort modes 0-8
  bool from_report = false;              // current came from the report's variables
};

class variable_set {
public:
  variable_set() = default;

  /// Reads `templating.list` of `dashboard`; `overrides` (the report's variables) replace
  /// the saved current values. A value "$__all" or "All" selects every option.
  static variable_set from_dashboard(const boost::json::object& dashboard,
                                     const std::map<std::string, std::vector<std::string>>& overrides);

  /// Adds or replaces a single-valued built-in such as `__from` or `__interval`.
  void set_builtin(const std::string& name, const std::string& value);

  /// Narrows `name` to one value (a repeat copy); the text comes from the matching option.
  void narrow(const std::string& name, const std::string& value);

  /// Interval variables set to "auto": the range split into `auto_count` steps (Grafana's
  /// default 30), rounded, never below `auto_min` ("10s").
  void resolve_auto_intervals(std::int64_t range_ms);

  /// Asks `run` for every query variable's options, in dependency order (a variable whose
  /// query names another is resolved after it), filters them by `regex`, sorts them, and
  /// selects: the report's values, else the saved ones still among the options, else the
  /// first option ("All" when includeAll). `run` throws std::runtime_error on failure: the
  /// variable keeps its saved options and the message goes to `errors`.
  using query_runner = std::function<std::vector<std::string>(const variable& v, const variable_set& scope)>;
  void resolve_queries(const query_runner& run, std::vector<std::string>& errors);

  /// The variable or nullptr.
  const variable* find(std::string_view name) const;

  /// Values a repeat over `name` iterates: every option when "All" is selected.
  std::vector<std::string> repeat_values(std::string_view name) const;

  /// Replaces `$var`, `${var}`, `${var:format}` and `[[var]]`; unknown names stay as written.
  /// `default_format` applies where none is written ("glob" as Grafana's queries, "text"
  /// for titles).
  std::string substitute(std::string_view text, std::string_view default_format = "glob") const;

  /// User variables and their values in effect ("All" when all are selected), in dashboard
  /// order, for the PDF header and dashboard links.
  std::vector<std::pair<std::string, std::vector<std::string>>> effective() const;

private:
  std::string format_variable(const variable& v, std::string_view format) const;
  variable* find_mutable(std::string_view name);

  std::vector<variable> vars_;
};

/// Formats `values` the way Grafana's `${var:format}` does (csv, pipe, regex, json, raw,
/// text, glob, singlequote, doublequote, lucene, sqlstring, percentencode, queryparam;
/// "prometheus" as a default format: see format_promql).
/// `texts` are used by the `text` format. Unknown formats fall back to glob.
std::string format_values(const std::vector<std::string>& values,
                          const std::vector<std::string>& texts, std::string_view format,
                          std::string_view name = {});

/// Values written into PromQL as Grafana's Prometheus source writes them: a variable that is
/// neither multi nor includeAll as the value (backslashes and quotes escaped for a string
/// literal); otherwise regex-escaped for `=~"..."`, several joined with `|` in parentheses.
std::string format_promql(const std::vector<std::string>& values, bool regex);

/// Grafana's rounded interval for a range split into `points` ("1m", "30s", "500ms").
std::int64_t round_interval_ms(std::int64_t range_ms, std::int64_t points);
std::string interval_text(std::int64_t interval_ms);

}  // namespace reportd::render
