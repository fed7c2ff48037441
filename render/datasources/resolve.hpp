#pragma once
// Which source answers a panel's or a target's query, resolved as Grafana resolves a
// `datasource` reference: {type, uid}, a legacy name (or uid) string, null/absent (the org's
// default), a datasource variable (`${ds}`, `$datasource`), `-- Mixed --` (each target its
// own), `-- Grafana --` (TestData's random walk), `__expr__` and `-- Dashboard --` (not
// supported: said so). When nothing answers, `problem` is the sentence the panel shows,
// naming the reference as written.
#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "render/datasources/datasource.hpp"
#include "render/variables.hpp"

namespace reportd::render {

struct resolved_source {
  const registered_source* entry = nullptr;  // the configured source (also when unsupported)
  datasource* source = nullptr;              // nullptr: `problem` says why
  std::string problem;
};

/// Resolves one `datasource` member (nullptr when absent); variables in it are replaced
/// from `scope`.
resolved_source resolve_source(const boost::json::value* written, const variable_set& scope,
                               const datasource_registry& sources);

/// A target's source: its own `datasource` when it has one, else the panel's; in a
/// `-- Mixed --` panel a target without one uses the default datasource.
resolved_source resolve_target_source(const boost::json::object& panel, const boost::json::object& target,
                                      const variable_set& scope, const datasource_registry& sources);

/// Gives each datasource variable (`type: datasource`, `query: <plugin id>`, optional
/// `regex`) one configured source's name as its value: the report's value when it names a
/// source of that type, else the dashboard's saved value, else the default datasource when of
/// that type, else the first of that type. The `__inputs` placeholders of a dashboard exported
/// for sharing (`${DS_PROMETHEUS}`) get the default, else the first, source of their plugin
/// type. A variable with no source of its type keeps its value (the panel then says so).
void bind_datasource_variables(variable_set& vars, const boost::json::object& dashboard,
                               const std::map<std::string, std::vector<std::string>>& overrides,
                               const datasource_registry& sources);

}  // namespace reportd::render
