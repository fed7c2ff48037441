#include "render/datasources/resolve.hpp"

#include <algorithm>
#include <regex>

#include <boost/json.hpp>

#include "render/transform/frame_ops.hpp"

namespace reportd::render {
namespace {

namespace json = boost::json;

bool names(const datasource_ref& ref, const char* special) { return ref.uid == special || ref.name == special; }

bool is_mixed(const datasource_ref& ref) { return names(ref, "-- Mixed --"); }

bool has_variable(const std::string& s) {
  return s.find('$') != std::string::npos || s.find("[[") != std::string::npos;
}

resolved_source answer(const registered_source& e) {
  resolved_source r;
  r.entry = &e;
  r.source = e.source.get();
  if (r.source == nullptr)
    r.problem = "datasource " + e.config.name + " (type " + e.config.type + ") is not supported by reportd";
  return r;
}

// A reference Grafana answers through /api/ds/query ([grafana] url set).
resolved_source through_grafana(const remote_grafana& g, const std::string& type, const std::string& uid) {
  resolved_source r;
  r.source = g.source_for(type, uid);
  return r;
}

// A configured source reportd cannot query (its type) goes to Grafana when there is one.
resolved_source answer_or_grafana(const registered_source& e, const remote_grafana* g) {
  if (e.source == nullptr && g != nullptr) return through_grafana(*g, e.config.type, e.config.uid);
  return answer(e);
}

resolved_source refuse(std::string problem) {
  resolved_source r;
  r.problem = std::move(problem);
  return r;
}

// "datasource P1809F7CD0C75ACF3 (prometheus) is not configured", naming a variable as
// written and the value it had.
std::string not_configured(const std::string& written_id, const std::string& id, const std::string& type) {
  std::vector<std::string> extras;
  if (!type.empty()) extras.push_back(type);
  if (id != written_id) extras.push_back("from " + written_id);
  std::string out = "datasource " + (id.empty() ? written_id : id);
  for (std::size_t i = 0; i < extras.size(); ++i) out += (i == 0 ? " (" : ", ") + extras[i];
  out += extras.empty() ? "" : ")";
  out += " is not configured";
  if (has_variable(id)) out += ": the dashboard has no such variable";
  return out;
}

std::string text_of(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_array() && !v.get_array().empty() && v.get_array()[0].is_string())
    return std::string(v.get_array()[0].get_string());
  return {};
}

std::string str_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v ? text_of(*v) : std::string{};
}

// Sources a datasource variable of plugin `type` offers, in the registry's order.
std::vector<const registered_source*> candidates(const datasource_registry& sources, const std::string& type,
                                                 const std::string& regex) {
  // The variable's regex (Grafana's "/body/flags" or a bare pattern), compiled once. One that
  // does not compile admits every name: Grafana would fail the variable; reportd keeps the
  // sources rather than none.
  const auto filter = regex.empty() ? std::nullopt : transform::js_regex(regex);
  std::vector<const registered_source*> out;
  for (const auto& e : sources.entries())
    if (same_source_type(e.config.type, type) && (!filter || std::regex_search(e.config.name, *filter)))
      out.push_back(&e);
  if (out.empty() && is_testdata_type(type)) out.push_back(&sources.testdata());
  return out;
}

const registered_source* pick(const std::vector<const registered_source*>& offered, const std::string& value,
                              const datasource_registry& sources) {
  if (value.empty()) return nullptr;
  if (value == "default") {
    const auto* d = &sources.default_source();
    return std::find(offered.begin(), offered.end(), d) != offered.end() ? d : nullptr;
  }
  for (const auto* e : offered)
    if (e->config.uid == value || e->config.name == value) return e;
  return nullptr;
}

const registered_source* default_or_first(const std::vector<const registered_source*>& offered,
                                          const datasource_registry& sources) {
  if (offered.empty()) return nullptr;
  const auto* d = &sources.default_source();
  return std::find(offered.begin(), offered.end(), d) != offered.end() ? d : offered.front();
}

void bind_variable(variable_set& vars, const json::object& item,
                   const std::map<std::string, std::vector<std::string>>& overrides,
                   const datasource_registry& sources) {
  const auto name = str_of(item, "name");
  const auto* v = vars.find(name);
  if (name.empty() || v == nullptr || v->all_selected || v->current.size() > 1) return;  // a repeat narrows each copy
  const auto offered = candidates(sources, str_of(item, "query"), str_of(item, "regex"));
  const registered_source* chosen = nullptr;
  if (auto it = overrides.find(name); it != overrides.end() && !it->second.empty())
    chosen = pick(offered, it->second.front(), sources);
  if (chosen == nullptr)
    if (const auto* cur = item.if_contains("current"); cur && cur->is_object()) {
      chosen = pick(offered, str_of(cur->get_object(), "value"), sources);
      if (chosen == nullptr) chosen = pick(offered, str_of(cur->get_object(), "text"), sources);
    }
  if (chosen == nullptr) chosen = default_or_first(offered, sources);
  if (chosen != nullptr) vars.set_builtin(name, chosen->config.name);
}

}  // namespace

resolved_source resolve_source(const json::value* written, const variable_set& scope,
                               const datasource_registry& sources) {
  const auto ref = parse_datasource_ref(written);
  if (ref.is_default || is_mixed(ref)) return answer_or_grafana(sources.default_source(), sources.remote());
  if (ref.type == "__expr__" || names(ref, "__expr__"))
    return refuse("server-side expressions (__expr__) are not supported by reportd");
  if (names(ref, "-- Dashboard --"))
    return refuse("the -- Dashboard -- datasource (another panel's results) is not supported by reportd");
  const auto written_id = ref.uid.empty() ? ref.name : ref.uid;
  const auto id = scope.substitute(written_id, "raw");
  const auto type = scope.substitute(ref.type, "raw");
  if (id == "-- Grafana --" || id == "grafana") return answer(sources.testdata());
  const auto* remote = sources.remote();
  // prefer_proxy: every source named by uid (or name) is asked through Grafana.
  if (remote != nullptr && remote->preferred() && !id.empty() && id != "default" && !has_variable(id)) {
    const auto* e = sources.by_uid_or_name(id);
    return through_grafana(*remote, e ? e->config.type : type, e ? e->config.uid : id);
  }
  if (const auto* e = sources.by_uid_or_name(id)) return answer_or_grafana(*e, remote);
  // {type} alone, or a variable with no value (or "default"): the default when of that type,
  // else the first of that type.
  const bool unset = id.empty() || (id == "default" && written_id != id);
  if (unset && !type.empty()) {
    if (const auto* e = sources.first_of_type(type)) return answer_or_grafana(*e, remote);
    if (is_testdata_type(type)) return answer(sources.testdata());
    return refuse("no " + type + " datasource is configured" +
                  (written_id.empty() ? std::string{} : " (for " + written_id + ")"));
  }
  if (unset) return answer_or_grafana(sources.default_source(), remote);
  if (is_testdata(datasource_ref{type, id, id, false})) return answer(sources.testdata());
  // Not provisioned in reportd: Grafana knows it by this uid (or name).
  if (remote != nullptr && !has_variable(id)) return through_grafana(*remote, type, id);
  return refuse(not_configured(written_id, id, type));
}

resolved_source resolve_target_source(const json::object& panel, const json::object& target,
                                      const variable_set& scope, const datasource_registry& sources) {
  if (const auto* own = target.if_contains("datasource"); own && !own->is_null())
    return resolve_source(own, scope, sources);
  const auto* panel_ds = panel.if_contains("datasource");
  if (is_mixed(parse_datasource_ref(panel_ds))) return resolve_source(nullptr, scope, sources);
  return resolve_source(panel_ds, scope, sources);
}

void bind_datasource_variables(variable_set& vars, const json::object& dashboard,
                               const std::map<std::string, std::vector<std::string>>& overrides,
                               const datasource_registry& sources) {
  if (const auto* t = dashboard.if_contains("templating"); t && t->is_object())
    if (const auto* list = t->get_object().if_contains("list"); list && list->is_array())
      for (const auto& item : list->get_array())
        if (item.is_object() && str_of(item.get_object(), "type") == "datasource")
          bind_variable(vars, item.get_object(), overrides, sources);
  // An export "for sharing" names its sources as inputs that Grafana's import fills in.
  if (const auto* inputs = dashboard.if_contains("__inputs"); inputs && inputs->is_array())
    for (const auto& in : inputs->get_array()) {
      if (!in.is_object() || str_of(in.get_object(), "type") != "datasource") continue;
      const auto name = str_of(in.get_object(), "name");
      if (name.empty() || vars.find(name) != nullptr) continue;
      const auto offered = candidates(sources, str_of(in.get_object(), "pluginId"), {});
      if (const auto* e = default_or_first(offered, sources)) vars.set_builtin(name, e->config.name);
    }
}

}  // namespace reportd::render
