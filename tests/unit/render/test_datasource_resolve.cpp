#include "catch_prelude.hpp"

#include <boost/json.hpp>

#include "render/dashboard.hpp"
#include "render/datasources/resolve.hpp"

namespace {

using namespace reportd::render;
namespace json = boost::json;

/// Answers every query with one frame whose name is the source's own name.
class named_source final : public datasource {
public:
  explicit named_source(std::string name) : name_(std::move(name)) {}
  std::vector<frame> query(const json::object& target, const time_window&, const query_context&) override {
    frame f;
    f.name = name_ + ":" + std::string(target.at("refId").as_string());
    return {f};
  }

private:
  std::string name_;
};

reportd::model::datasource_config config(std::string name, std::string type, std::string uid, bool is_default = false) {
  reportd::model::datasource_config c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.uid = std::move(uid);
  c.is_default = is_default;
  return c;
}

/// Org 1: two Prometheus (the second the default), a Loki reportd cannot query, a provisioned TestData.
datasource_registry registry(bool prom_default = true) {
  datasource_registry r;
  r.add(config("Prom A", "prometheus", "prom-a"), std::make_shared<named_source>("Prom A"));
  r.add(config("Prom B", "prometheus", "prom-b", prom_default), std::make_shared<named_source>("Prom B"));
  r.add(config("Logs", "loki", "loki-1"), nullptr);
  r.add(config("My TestData", "testdata", "td-1"), std::make_shared<named_source>("My TestData"));
  return r;
}

std::string who(const resolved_source& r) { return r.entry ? r.entry->config.name : "<none: " + r.problem + ">"; }

std::string resolve(const char* ref_json, const datasource_registry& reg, const variable_set& scope = {}) {
  const auto v = json::parse(ref_json);
  return who(resolve_source(&v, scope, reg));
}

variable_set vars_of(const char* dashboard_json, std::map<std::string, std::vector<std::string>> overrides,
                     const datasource_registry& reg) {
  const auto dash = json::parse(dashboard_json).as_object();
  auto vars = variable_set::from_dashboard(dash, overrides);
  bind_datasource_variables(vars, dash, overrides, reg);
  return vars;
}

std::string value_of(const variable_set& vars, const char* name) {
  const auto* v = vars.find(name);
  return v && !v->current.empty() ? v->current[0].value : "<unset>";
}

constexpr const char* ds_var_dashboard = R"({"templating":{"list":[
  {"name":"ds_prometheus","type":"datasource","query":"prometheus","current":{"text":"Prom A","value":"prom-a"}},
  {"name":"datasource","type":"datasource","query":"prometheus","current":{}},
  {"name":"stale","type":"datasource","query":"prometheus","current":{"text":"Gone","value":"gone-uid"}},
  {"name":"only_a","type":"datasource","query":"prometheus","regex":"/ a$/i","current":{}},
  {"name":"logs","type":"datasource","query":"elasticsearch","current":{"text":"ES","value":"ES"}}]}})";

}  // namespace

TEST_CASE("resolve: {type, uid}, a legacy name or uid string, null and absent") {
  const auto reg = registry();
  CHECK(resolve(R"({"type":"prometheus","uid":"prom-a"})", reg) == "Prom A");
  CHECK(resolve(R"("Prom A")", reg) == "Prom A");
  CHECK(resolve(R"("prom-a")", reg) == "Prom A");  // Grafana accepts a uid where a name was written
  CHECK(resolve("null", reg) == "Prom B");          // the org's default
  CHECK(resolve(R"("default")", reg) == "Prom B");
  CHECK(who(resolve_source(nullptr, {}, reg)) == "Prom B");
  CHECK(resolve(R"({"type":"prometheus"})", reg) == "Prom B");  // type only: the default when of that type
  CHECK(resolve(R"({"type":"testdata"})", reg) == "My TestData");
  CHECK(resolve(R"({"type":"grafana-testdata-datasource","uid":"whatever-testdata"})", reg) == "My TestData");
  CHECK(resolve(R"("-- Grafana --")", reg) == "My TestData");
}

TEST_CASE("resolve: with no provisioned source, the built-in TestData is the default") {
  const datasource_registry empty;
  CHECK(resolve("null", empty) == "TestData");
  CHECK(resolve(R"("gdev-testdata")", empty) == "TestData");
  CHECK(resolve(R"({"type":"prometheus"})", empty) == "<none: no prometheus datasource is configured>");
  const auto no_default = registry(false);
  CHECK(resolve("null", no_default) == "TestData");  // as Grafana's built-in source when none is marked
  CHECK(resolve(R"({"type":"prometheus"})", no_default) == "Prom A");
}

TEST_CASE("resolve: unknown, unsupported and expression sources are said readably, never {}") {
  const auto reg = registry();
  CHECK(resolve(R"({"type":"prometheus","uid":"P1809F7CD0C75ACF3"})", reg) ==
        "<none: datasource P1809F7CD0C75ACF3 (prometheus) is not configured>");
  CHECK(resolve(R"("MySQL")", reg) == "<none: datasource MySQL is not configured>");
  const auto v = json::parse(R"({"type":"loki","uid":"loki-1"})");
  const auto logs = resolve_source(&v, {}, reg);
  CHECK(logs.source == nullptr);
  REQUIRE(logs.entry != nullptr);
  CHECK(logs.problem == "datasource Logs (type loki) is not supported by reportd");
  CHECK(resolve(R"({"type":"__expr__","uid":"__expr__"})", reg) ==
        "<none: server-side expressions (__expr__) are not supported by reportd>");
  CHECK(resolve(R"({"type":"datasource","uid":"-- Dashboard --"})", reg) ==
        "<none: the -- Dashboard -- datasource (another panel's results) is not supported by reportd>");
  CHECK(resolve(R"({"type":"prometheus","uid":"${DS_PROM}"})", reg) ==
        "<none: datasource ${DS_PROM} (prometheus) is not configured: the dashboard has no such variable>");
}

TEST_CASE("resolve: datasource variables take the report's value, else the saved one, else the default, else the first") {
  const auto reg = registry();
  auto saved = vars_of(ds_var_dashboard, {}, reg);
  CHECK(value_of(saved, "ds_prometheus") == "Prom A");  // saved current (by uid)
  CHECK(value_of(saved, "datasource") == "Prom B");     // none saved: the default, of that type
  CHECK(value_of(saved, "stale") == "Prom B");          // saved one gone: the default
  CHECK(value_of(saved, "only_a") == "Prom A");         // the regex leaves only Prom A
  CHECK(value_of(saved, "logs") == "ES");               // no source of that type: as saved
  CHECK(resolve(R"({"type":"prometheus","uid":"${ds_prometheus}"})", reg, saved) == "Prom A");
  CHECK(resolve(R"("$datasource")", reg, saved) == "Prom B");
  CHECK(resolve(R"({"type":"elasticsearch","uid":"$logs"})", reg, saved) ==
        "<none: datasource ES (elasticsearch, from $logs) is not configured>");

  auto chosen = vars_of(ds_var_dashboard, {{"ds_prometheus", {"Prom B"}}, {"datasource", {"prom-a"}}}, reg);
  CHECK(value_of(chosen, "ds_prometheus") == "Prom B");
  CHECK(value_of(chosen, "datasource") == "Prom A");
  auto unknown = vars_of(ds_var_dashboard, {{"ds_prometheus", {"nope"}}}, reg);
  CHECK(value_of(unknown, "ds_prometheus") == "Prom A");  // the report's value names nothing: the saved one

  const auto no_default = registry(false);
  CHECK(value_of(vars_of(ds_var_dashboard, {}, no_default), "datasource") == "Prom A");  // the first
}

TEST_CASE("resolve: an export's __inputs placeholder gets the default, else the first, of its type") {
  const auto reg = registry(false);
  auto vars = vars_of(R"({"__inputs":[{"name":"DS_PROMETHEUS","type":"datasource","pluginId":"prometheus"}]})", {}, reg);
  CHECK(resolve(R"({"type":"prometheus","uid":"${DS_PROMETHEUS}"})", reg, vars) == "Prom A");
}

TEST_CASE("resolve: a mixed panel's targets use their own sources, the default when they have none") {
  const auto reg = registry();
  const auto panel = json::parse(R"({"datasource":{"type":"datasource","uid":"-- Mixed --"}})").as_object();
  const auto own = json::parse(R"({"refId":"A","datasource":{"type":"prometheus","uid":"prom-a"}})").as_object();
  const auto none = json::parse(R"({"refId":"B"})").as_object();
  CHECK(who(resolve_target_source(panel, own, {}, reg)) == "Prom A");
  CHECK(who(resolve_target_source(panel, none, {}, reg)) == "Prom B");
  const auto plain = json::parse(R"({"datasource":"My TestData"})").as_object();
  CHECK(who(resolve_target_source(plain, none, {}, reg)) == "My TestData");
}

TEST_CASE("resolve: a whole dashboard sends each panel to its source and notes the ones it cannot") {
  const auto reg = registry();
  render_request req;
  req.now_ms = 1795000000000;
  dashboard_input in{R"({"uid":"d","title":"DS","templating":{"list":[
      {"name":"ds","type":"datasource","query":"prometheus","current":{"text":"Prom A","value":"Prom A"}}]},
    "panels":[
    {"id":1,"type":"timeseries","title":"var","datasource":{"type":"prometheus","uid":"${ds}"},
     "gridPos":{"x":0,"y":0,"w":12,"h":8},"targets":[{"refId":"A"}]},
    {"id":2,"type":"timeseries","title":"mixed","datasource":"-- Mixed --","gridPos":{"x":12,"y":0,"w":12,"h":8},
     "targets":[{"refId":"A","datasource":{"type":"prometheus","uid":"prom-b"}},
                {"refId":"B","datasource":"My TestData"},
                {"refId":"C","datasource":{"type":"__expr__","uid":"__expr__"}}]},
    {"id":3,"type":"stat","title":"gone","datasource":{"type":"mysql","uid":"my-1"},"gridPos":{"x":0,"y":8,"w":12,"h":8}}
  ]})", {}};
  in.ref.variables = {{"ds", {"prom-b"}}};
  auto view = resolve_dashboard(in, req, reg);
  REQUIRE(view);
  REQUIRE(view->panels.size() == 3);
  REQUIRE(view->panels[0].frames.size() == 1);
  CHECK(view->panels[0].frames[0].name == "Prom B:A");  // the report chose prom-b
  REQUIRE(view->panels[1].frames.size() == 2);
  CHECK(view->panels[1].frames[0].name == "Prom B:A");
  CHECK(view->panels[1].frames[1].name == "My TestData:B");
  CHECK(view->panels[2].frames.empty());
  CHECK(view->panels[2].notice == "datasource my-1 (mysql) is not configured");
}
