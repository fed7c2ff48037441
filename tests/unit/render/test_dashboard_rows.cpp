#include "catch_prelude.hpp"

#include "fixture_files.hpp"

#include <fstream>
#include <sstream>

#include "render/dashboard.hpp"

namespace {

using namespace reportd::render;

constexpr std::int64_t now_ms = 1795000000000;  // 2026-11-18T11:06:40Z, 16:36:40 in Kolkata

std::string fixture(const std::string& name) { return reportd::testing::fixture_dashboard(name); }

reportd::model::checked<dashboard_view> resolve_json(const std::string& json,
                                                     std::map<std::string, std::vector<std::string>> vars = {},
                                                     render_request req = {}) {
  req.now_ms = now_ms;
  dashboard_input in{json, {}};
  in.ref.variables = std::move(vars);
  return resolve_dashboard(in, req);
}

std::vector<std::string> titles(const dashboard_view& v) {
  std::vector<std::string> out;
  for (const auto& p : v.panels) out.push_back(p.type + ":" + p.title);
  return out;
}

}  // namespace

TEST_CASE("dashboard rows: a repeated row and its repeated panel expand per value") {
  auto view = resolve_json(fixture("templating-repeating-rows.json"));
  REQUIRE(view);
  CHECK(titles(*view) == std::vector<std::string>{
                             "row:Row at the top - not repeated - saved expanded",
                             "text:",
                             "row:Row for server A",
                             "timeseries:server = A, pod = Bob",
                             "timeseries:server = A, pod = Rob",
                             "row:Row for server B",
                             "timeseries:server = B, pod = Bob",
                             "timeseries:server = B, pod = Rob",
                             "row:Row at the bottom - not repeated - saved collapsed ",
                             "text:",
                         });
  const auto& first = view->panels[3];
  REQUIRE(first.frames.size() == 1);
  CHECK(first.frames[0].name == "server = A, pod id = 1 ");
  CHECK(view->panels[4].pos.x == 12);
  CHECK(view->panels[4].pos.y == first.pos.y);
  CHECK(view->panels[3].frames[0].fields[1].numbers != view->panels[6].frames[0].fields[1].numbers);
  // The collapsed row's child comes right after it.
  const auto& bottom_row = view->panels[8];
  CHECK(bottom_row.collapsed);
  CHECK(view->panels[9].pos.y == bottom_row.pos.y + 1);
  CHECK(view->panels[9].options.at("content").as_string().find("Just a panel") != std::string::npos);
  // Text content is substituted.
  CHECK(view->panels[1].options.at("content").as_string().find("$pod variable") == std::string::npos);
}

TEST_CASE("dashboard rows: report variables override the saved selection") {
  auto one = resolve_json(fixture("templating-repeating-rows.json"), {{"server", {"C"}}, {"pod", {"3", "4", "5"}}});
  REQUIRE(one);
  std::size_t rows = 0, series = 0;
  for (const auto& p : one->panels) {
    rows += p.title.rfind("Row for server", 0) == 0;
    series += p.type == "timeseries";
  }
  CHECK(rows == 1);
  CHECK(series == 3);
  CHECK(one->panels[3].title == "server = C, pod = Sod");
  CHECK(one->panels[5].pos.x == 16);  // three per row: width 8
  auto all = resolve_json(fixture("templating-repeating-rows.json"), {{"server", {"$__all"}}});
  REQUIRE(all);
  rows = 0;
  for (const auto& p : all->panels) rows += p.title.rfind("Row for server", 0) == 0;
  CHECK(rows == 12);  // A..L, the duplicate E once
}

TEST_CASE("dashboard rows: time ranges in the report's zone") {
  render_request req;
  req.time_zone = "Asia/Kolkata";
  req.options.range = {"now-7d/d", "now/d"};
  auto view = resolve_json(fixture("timeseries-stacking.json"), {}, req);
  REQUIRE(view);
  // 2026-11-11 00:00 in Kolkata is 2026-11-10T18:30:00Z.
  CHECK(view->range.from_ms == 1794335400000);
  CHECK(view->range.to_ms >= 1795026600000 - 1000);  // end of 2026-11-18 in Kolkata
  CHECK(view->range.to_ms <= 1795026600000);
  CHECK(view->range.zone == "Asia/Kolkata");

  dashboard_input in{fixture("timeseries-stacking.json"), {}};
  in.ref.range = {"now-1h", "now"};  // the dashboard's own range beats the report's
  req.now_ms = now_ms;
  auto own = resolve_dashboard(in, req);
  REQUIRE(own);
  CHECK(own->range.from_ms == now_ms - 3600000);

  req.options.range = {"yesterday-ish", "now"};
  auto bad = resolve_json(fixture("timeseries-stacking.json"), {}, req);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == reportd::model::errc::render_failed);
  CHECK(bad.error().message.find("yesterday-ish") != std::string::npos);
}

TEST_CASE("dashboard rows: datasources by reference, unknown ones give a notice") {
  const auto view = resolve_json(R"({"uid":"d","title":"DS","panels":[
    {"id":1,"type":"timeseries","title":"prom","datasource":{"type":"prometheus","uid":"prom-main"},
     "gridPos":{"x":0,"y":0,"w":12,"h":8},"targets":[{"refId":"A","expr":"up"}]},
    {"id":2,"type":"stat","title":"legacy name","datasource":"gdev-testdata","gridPos":{"x":12,"y":0,"w":12,"h":8},
     "targets":[{"refId":"A","scenarioId":"csv_metric_values","stringInput":"4,5"}]},
    {"id":3,"type":"stat","title":"grafana","datasource":"-- Grafana --","gridPos":{"x":0,"y":8,"w":12,"h":8}},
    {"id":4,"type":"table","title":"flame graph","gridPos":{"x":12,"y":8,"w":12,"h":8},
     "targets":[{"refId":"A","scenarioId":"flame_graph"}]},
    {"id":5,"type":"stat","title":"by name","datasource":"MySQL","gridPos":{"x":0,"y":16,"w":12,"h":8}}
  ]})");
  REQUIRE(view);
  REQUIRE(view->panels.size() == 5);
  CHECK(view->panels[0].notice == "datasource prom-main (prometheus) is not configured");
  CHECK(view->panels[0].frames.empty());
  CHECK(view->panels[1].frames.at(0).fields[1].numbers == std::vector<double>{4, 5});
  CHECK_FALSE(view->panels[2].frames.empty());  // no targets: Grafana's default query A
  CHECK(view->panels[3].notice == "TestData scenario flame_graph is not supported");
  CHECK(view->panels[4].notice == "datasource MySQL is not configured");
}

TEST_CASE("dashboard rows: old-schema rows become grid positions") {
  const auto view = resolve_json(R"({"uid":"old","title":"Old","schemaVersion":14,"rows":[
    {"title":"First","showTitle":true,"height":"300px","panels":[
      {"id":1,"type":"graph","title":"a","span":6},{"id":2,"type":"graph","title":"b","span":6},
      {"id":3,"type":"singlestat","title":"c","span":12}]},
    {"title":"Second","height":150,"panels":[{"id":4,"type":"text","title":"t","span":4,"content":"host $host","mode":"markdown"}]}],
    "templating":{"list":[{"type":"constant","name":"host","query":"db1"}]}})");
  REQUIRE(view);
  REQUIRE(view->panels.size() == 5);
  CHECK(view->panels[0].type == "row");
  CHECK(view->panels[1].pos.x == 0);
  CHECK(view->panels[1].pos.w == 12);
  CHECK(view->panels[1].pos.h == 10);
  CHECK(view->panels[2].pos.x == 12);
  CHECK(view->panels[3].pos.w == 24);
  CHECK(view->panels[3].pos.y == view->panels[1].pos.y + 10);
  CHECK(view->panels[4].pos.w == 8);
  CHECK(view->panels[4].pos.h == 5);
  CHECK(view->panels[4].options.at("content").as_string() == "host db1");
}

TEST_CASE("dashboard rows: input that cannot be resolved is a render_failed problem") {
  auto bad = resolve_json("{not json");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == reportd::model::errc::render_failed);
}

TEST_CASE("dashboard rows: repeats wrap at maxPerRow, go down when vertical, push panels below") {
  const auto view = resolve_json(R"({"uid":"r","title":"R","panels":[
    {"id":1,"type":"stat","title":"h $dc","repeat":"dc","repeatDirection":"h","maxPerRow":3,
     "gridPos":{"x":0,"y":0,"w":24,"h":8}},
    {"id":2,"type":"stat","title":"below","gridPos":{"x":0,"y":8,"w":24,"h":4}},
    {"id":3,"type":"stat","title":"v $dc","repeat":"dc","repeatDirection":"v",
     "gridPos":{"x":0,"y":12,"w":6,"h":3}}],
    "templating":{"list":[{"type":"custom","name":"dc","multi":true,"includeAll":true,"query":"a,b,c,d,e",
      "current":{"value":["$__all"],"text":["All"]}}]}})");
  REQUIRE(view);
  REQUIRE(view->panels.size() == 11);
  // Five copies three to a line: widths 8, the fourth starts the second line.
  CHECK(view->panels[0].title == "h a");
  CHECK(view->panels[2].pos.x == 16);
  CHECK(view->panels[3].pos.x == 0);
  CHECK(view->panels[3].pos.y == 8);
  CHECK(view->panels[3].pos.w == 8);
  CHECK(view->panels[5].title == "below");
  CHECK(view->panels[5].pos.y == 16);
  for (int i = 0; i < 5; ++i) {
    const auto& p = view->panels[static_cast<std::size_t>(6 + i)];
    CHECK(p.title == std::string("v ") + static_cast<char>('a' + i));
    CHECK(p.pos.y == 20 + 3 * i);
    CHECK(p.pos.x == 0);
  }
}
