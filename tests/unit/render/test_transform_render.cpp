// Transformations seen where a user sees them: the table in the PDF and the CSV attachment.
#include "catch_prelude.hpp"
#include "fixture_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "render/engine.hpp"
#include "test_draw_views.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

const char* dashboard = R"({
  "uid": "tx", "title": "Transformed", "time": {"from": "now-1h", "to": "now"},
  "panels": [
    {"id": 1, "type": "table", "title": "Busy hosts", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
     "datasource": {"type": "testdata", "uid": "gdev-testdata"},
     "targets": [{"refId": "A", "scenarioId": "csv_content",
                  "csvContent": "Host,cpu,mem\nweb1,90,10\nweb2,15,80\ndb1,70,35\ndb2,55,40"}],
     "transformations": [
       {"id": "filterByValue", "options": {"type": "include", "match": "any",
         "filters": [{"fieldName": "cpu", "config": {"id": "greater", "options": {"value": 50}}}]}},
       {"id": "calculateField", "options": {"mode": "binary", "alias": "load",
         "binary": {"left": "cpu", "operator": "+", "right": "mem"}}},
       {"id": "sortBy", "options": {"sort": [{"field": "load", "desc": true}]}},
       {"id": "organize", "options": {"excludeByName": {"mem": true},
         "renameByName": {"Host": "Server", "cpu": "CPU busy"}}}
     ]},
    {"id": 2, "type": "table", "title": "Noted", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 6},
     "datasource": {"type": "testdata", "uid": "gdev-testdata"},
     "targets": [{"refId": "A", "scenarioId": "csv_content",
                  "csvContent": "Host,cpu,mem\nweb1,90,10\nweb2,15,80"}],
     "transformations": [{"id": "groupBy", "options": {}}, {"id": "limit", "options": {"limitField": 1}}]},
    {"id": 3, "type": "table", "title": "Two series", "gridPos": {"x": 0, "y": 14, "w": 24, "h": 6},
     "datasource": {"type": "testdata", "uid": "gdev-testdata"},
     "targets": [{"refId": "A", "scenarioId": "csv_metric_values", "alias": "alpha", "stringInput": "1,2,3"},
                 {"refId": "B", "scenarioId": "csv_metric_values", "alias": "betaseries", "stringInput": "4,5,6"}]}
  ]})";

const named_file* csv_named(const render_result& r, const std::string& name) {
  for (const auto& f : r.csvs)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<std::string> lines_of(const std::string& csv) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < csv.size()) {
    auto end = csv.find("\r\n", start);
    if (end == std::string::npos) end = csv.size();
    out.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("a table's transformations show in the PDF and the CSV alike", "[transform][engine]") {
  render_request req;
  req.report_name = "Transformed";
  req.now_ms = t0;
  req.want_csv = true;
  dashboard_input in;
  in.json = dashboard;
  req.dashboards = {in};
  auto res = render(req);
  REQUIRE(res.ok());
  REQUIRE(res->pdfs.size() == 1);

  const auto* busy = csv_named(*res, "Transformed - Busy hosts.csv");
  REQUIRE(busy != nullptr);
  // web2 (cpu 15) filtered out; load = cpu + mem; sorted by load, highest first; mem hidden.
  CHECK(lines_of(busy->data) ==
        std::vector<std::string>{"Server,CPU busy,load", "db1,70,105", "web1,90,100", "db2,55,95"});

  const auto text = pdf_text(res->pdfs[0].data);
  for (const char* shown : {"Server", "CPU busy", "load", "db1", "105", "100", "95"}) {
    INFO(shown);
    CHECK(contains(text, shown));
  }
  CHECK(!contains(text, "web2"));  // filtered in panel 1, cut by the limit in panel 2

  // The unknown transformation is named on its panel; the ones after it still ran.
  CHECK(contains(text, "transformation groupBy is not supported"));
  const auto* noted = csv_named(*res, "Transformed - Noted.csv");
  REQUIRE(noted != nullptr);
  CHECK(lines_of(noted->data) == std::vector<std::string>{"Host,cpu,mem", "web1,90,10"});

  // Several time series in a table: Grafana's table shows the first frame (the PDF names it,
  // "frame 1 of 2") and its CSV export holds that frame, so the PDF and the CSV agree.
  const auto* two = csv_named(*res, "Transformed - Two series.csv");
  REQUIRE(two != nullptr);
  const auto two_rows = lines_of(two->data);
  REQUIRE(two_rows.size() == 4);
  CHECK(two_rows[0] == "time,alpha");
  CHECK(two_rows[1].substr(two_rows[1].size() - 2) == ",1");
  CHECK(contains(text, "frame 1 of 2: alpha"));
  CHECK(!contains(text, "betaseries"));
}

TEST_CASE("the fixture's table transformations: reduce to one row per series, organize columns", "[transform][engine]") {
  render_request req;
  req.report_name = "Tables";
  req.now_ms = t0;
  req.want_csv = true;
  dashboard_input in;
  in.json = reportd::testing::fixture_dashboard("table_tests_new.json");
  req.dashboards = {in};
  auto res = render(req);
  REQUIRE(res.ok());
  const auto& title = res->dashboard_titles.at(0);

  // "Colored background": reduce max, mean, last over 15 random walks.
  const auto* reduced = csv_named(*res, title + " - Colored background.csv");
  REQUIRE(reduced != nullptr);
  const auto rows = lines_of(reduced->data);
  REQUIRE(rows.size() == 16);
  CHECK(rows[0] == "Field,Max,Mean,Last");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::istringstream line(rows[i]);
    std::string name, max, mean, last;
    std::getline(line, name, ',');
    std::getline(line, max, ',');
    std::getline(line, mean, ',');
    std::getline(line, last, ',');
    INFO(rows[i]);
    CHECK(name.rfind("A-series", 0) == 0);
    CHECK(std::stod(max) >= std::stod(mean));
    CHECK(std::stod(max) >= std::stod(last));
  }
  // "Bar gauge cells": Time and Info hidden, Min before Max before Value, all renamed. The
  // Value field of frame "A" shows as "A" (Grafana's display name), which the dashboard renames.
  const auto* organized = csv_named(*res, title + " - Bar gauge cells.csv");
  REQUIRE(organized != nullptr);
  CHECK(lines_of(organized->data).at(0) == "Basic ,Gradient text color value,LCD hidden value");
}
