// A dashboard's queries through a source: query variables resolved by the source (chained,
// then repeated over), a failing query on its own panel and in the view's errors while the
// other panels get their data, and a failing variable query reported too.
#include "catch_prelude.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include <boost/json.hpp>

#include "render/dashboard.hpp"

namespace {

using namespace reportd::render;
namespace json = boost::json;

constexpr std::int64_t now_ms = 1795000000000;

// Answers label_values by the text asked, and a target by its expr ("fail" throws).
class scripted_source final : public datasource {
public:
  std::vector<frame> query(const json::object& target, const time_window&, const query_context&) override {
    const std::string expr(target.at("expr").get_string());
    {
      std::lock_guard<std::mutex> lock(m);
      exprs.push_back(expr);
    }
    if (expr.find("fail") != std::string::npos) throw std::runtime_error("bad_data: parse error at char 5");
    frame f;
    f.name = expr;
    f.fields.push_back({"Value", field_type::number, {1.0}, {}, {}});
    return {f};
  }
  std::vector<std::string> metric_find(const json::value& q, const time_window&, const query_context&) override {
    const std::string text(q.is_string() ? q.get_string() : q.at("query").get_string());
    asked.push_back(text);
    if (text == "label_values(up, job)") return {"node", "api"};
    if (text == R"(label_values(up{job="api"}, instance))") return {"b:1", "a:1"};
    if (text == R"(label_values(up{job="node"}, instance))") return {"n:1"};
    throw std::runtime_error("unexpected variable query " + text);
  }
  std::mutex m;
  std::vector<std::string> exprs;
  std::vector<std::string> asked;
};

const char* dashboard = R"~({
  "uid": "q", "title": "Queries", "schemaVersion": 38,
  "templating": {"list": [
    {"type": "query", "name": "instance", "datasource": {"type": "scripted", "uid": "s"},
     "query": {"query": "label_values(up{job=\"$job\"}, instance)"}, "includeAll": true, "multi": true,
     "current": {"text": "All", "value": "$__all"}, "sort": 1},
    {"type": "query", "name": "job", "datasource": {"type": "scripted", "uid": "s"},
     "query": "label_values(up, job)", "current": {}},
    {"type": "query", "name": "broken", "datasource": {"type": "scripted", "uid": "s"},
     "query": "label_values(nothing)", "current": {"value": "kept"}}
  ]},
  "panels": [
    {"id": 1, "type": "stat", "title": "Up on $instance", "repeat": "instance",
     "datasource": {"type": "scripted", "uid": "s"}, "gridPos": {"x": 0, "y": 0, "w": 8, "h": 4},
     "targets": [{"refId": "A", "expr": "up{instance=\"$instance\"}"}]},
    {"id": 2, "type": "stat", "title": "Broken", "datasource": {"type": "scripted", "uid": "s"},
     "gridPos": {"x": 0, "y": 4, "w": 8, "h": 4},
     "targets": [{"refId": "A", "expr": "fail("}, {"refId": "B", "expr": "hidden", "hide": true}]},
    {"id": 5, "type": "stat", "title": "Nowhere", "datasource": {"type": "prometheus", "uid": "nope"},
     "gridPos": {"x": 8, "y": 4, "w": 8, "h": 4}, "targets": [{"refId": "A", "expr": "up"}]}
  ]})~";

}  // namespace

TEST_CASE("dashboard queries: variables from the source, repeats over them, errors on their panel") {
  auto source = std::make_shared<scripted_source>();
  datasource_registry sources;
  sources.add("scripted", "s", "Scripted", source);
  render_request req;
  req.now_ms = now_ms;
  dashboard_input in{dashboard, {}};
  in.ref.variables = {{"job", {"api"}}};  // the report chooses the job
  auto view = resolve_dashboard(in, req, sources);
  REQUIRE(view);

  // job came from the report, instance was asked with it and is All of the sorted answer.
  const auto& asked = source->asked;
  const auto job_at = std::find(asked.begin(), asked.end(), "label_values(up, job)");
  const auto instance_at = std::find(asked.begin(), asked.end(), R"(label_values(up{job="api"}, instance))");
  REQUIRE(job_at != asked.end());
  REQUIRE(instance_at != asked.end());
  CHECK(job_at < instance_at);
  std::vector<std::string> titles;
  for (const auto& p : view->panels) titles.push_back(p.title);
  CHECK(titles == std::vector<std::string>{"Up on a:1", "Up on b:1", "Broken", "Nowhere"});
  CHECK(view->panels[0].frames.at(0).name == R"(up{instance="a:1"})");
  CHECK(view->panels[1].frames.at(0).name == R"(up{instance="b:1"})");

  // The failing query: on its panel, and in the view's errors with the panel named; the
  // hidden target was never sent.
  const auto& broken = view->panels[2];
  CHECK(broken.frames.empty());
  CHECK(broken.notice == "query A failed: bad_data: parse error at char 5");
  CHECK(std::find(source->exprs.begin(), source->exprs.end(), "hidden") == source->exprs.end());
  // A target whose datasource is not configured fails its panel too.
  REQUIRE(view->errors.size() == 3);
  CHECK(view->errors[0] == "variable 'broken': unexpected variable query label_values(nothing) (its saved value is used)");
  CHECK(view->errors[1] == "panel 'Broken' (id 2): query A failed: bad_data: parse error at char 5");
  CHECK(view->errors[2].rfind("panel 'Nowhere' (id 5): datasource nope", 0) == 0);
  CHECK(view->errors[2].find("is not configured") != std::string::npos);
  CHECK(view->panels[3].notice == view->errors[2].substr(std::string("panel 'Nowhere' (id 5): ").size()));
  CHECK(view->queries.asked == 3);
}

TEST_CASE("dashboard queries: no report value takes the first job, and its instances") {
  auto source = std::make_shared<scripted_source>();
  datasource_registry sources;
  sources.add("scripted", "s", "Scripted", source);
  render_request req;
  req.now_ms = now_ms;
  auto view = resolve_dashboard(dashboard_input{dashboard, {}}, req, sources);
  REQUIRE(view);
  CHECK(view->panels[0].title == "Up on n:1");
  bool job_shown = false;
  for (const auto& [name, values] : view->variables)
    if (name == "job") job_shown = values == std::vector<std::string>{"node"};
  CHECK(job_shown);
}
