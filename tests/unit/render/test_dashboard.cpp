#include "catch_prelude.hpp"

#include "fixture_files.hpp"

#include <fstream>
#include <sstream>

#include "render/dashboard.hpp"

namespace {

using namespace reportd::render;

constexpr std::int64_t now_ms = 1795000000000;  // 2026-11-18T11:06:40Z

std::string fixture(const std::string& name) { return reportd::testing::fixture_dashboard(name); }

dashboard_view resolve(const std::string& name) {
  render_request req;
  req.now_ms = now_ms;
  dashboard_input in{fixture(name), {}};
  auto view = resolve_dashboard(in, req);
  if (!view) FAIL(view.error().message);
  return *view;
}

std::size_t count_type(const dashboard_view& v, const std::string& type) {
  std::size_t n = 0;
  for (const auto& p : v.panels) n += p.type == type;
  return n;
}

bool overlaps(const grid_pos& a, const grid_pos& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

}  // namespace

TEST_CASE("dashboard: every fixture resolves with its panels, data and no overlaps") {
  struct expected {
    const char* file;
    const char* type;
    std::size_t of_type;
    std::size_t rows;
  };
  const expected all[] = {
      {"timeseries.json", "timeseries", 24, 5},
      {"timeseries-stacking.json", "timeseries", 8, 0},
      {"panel-stat-tests.json", "stat", 7, 0},
      {"gauge_tests.json", "gauge", 15, 3},  // 1 repeated gauge x 4 servers, saved copies dropped
      {"panel_tests_bar_gauge2.json", "bargauge", 6, 0},
      {"table_tests_new.json", "table", 7, 2},
      {"panel_test_piechart.json", "piechart", 7, 0},
      {"templating-repeating-rows.json", "timeseries", 4, 4},  // 2 servers x 2 pods; row x2
  };
  for (const auto& e : all) {
    INFO(e.file);
    const auto view = resolve(e.file);
    CHECK(count_type(view, e.type) == e.of_type);
    CHECK(count_type(view, "row") == e.rows);
    CHECK_FALSE(view.title.empty());
    CHECK(view.range.to_ms == now_ms);
    for (std::size_t i = 0; i < view.panels.size(); ++i) {
      const auto& p = view.panels[i];
      INFO("panel " << p.id << " " << p.title);
      if (p.type != "row" && p.type != "text") CHECK((!p.frames.empty() || !p.notice.empty()));
      for (std::size_t j = 0; j < i; ++j) CHECK_FALSE(overlaps(p.pos, view.panels[j].pos));
      if (i > 0) CHECK(view.panels[i - 1].pos.y <= p.pos.y);
    }
  }
}

TEST_CASE("dashboard: the saved time range is evaluated at now") {
  const auto view = resolve("timeseries.json");  // now-30m .. now
  CHECK(view.range.from_ms == now_ms - 30 * 60 * 1000);
  CHECK(view.range.from_expr == "now-30m");
  const auto gauges = resolve("gauge_tests.json");
  CHECK(gauges.range.from_ms == now_ms - 3600 * 1000);
}

TEST_CASE("dashboard: csv_metric_values of a fixture panel are the exact values") {
  const auto view = resolve("gauge_tests.json");
  const auto it = std::find_if(view.panels.begin(), view.panels.end(),
                               [](const panel& p) { return p.title == "Max (90 ms), no decimals"; });
  REQUIRE(it != view.panels.end());
  REQUIRE(it->frames.size() == 1);
  CHECK(it->frames[0].fields[1].numbers == std::vector<double>{1, 20, 90, 30, 5, 0});
}

TEST_CASE("dashboard: a repeated gauge is regenerated from the Servers variable") {
  const auto view = resolve("gauge_tests.json");
  std::vector<std::string> titles;
  std::vector<int> ids;
  for (const auto& p : view.panels)
    if (p.title.rfind("repeat ", 0) == 0) {
      titles.push_back(p.title);
      ids.push_back(p.id);
      CHECK(p.pos.w == 6);
    }
  CHECK(titles == std::vector<std::string>{"repeat server1", "repeat server2", "repeat server3", "repeat server4"});
  std::sort(ids.begin(), ids.end());
  CHECK(std::unique(ids.begin(), ids.end()) == ids.end());
  CHECK(view.variables.at(0).first == "Servers");
  CHECK(view.variables.at(0).second == std::vector<std::string>{"All"});
}

TEST_CASE("dashboard: the same report gives the same numbers, other panels others") {
  const auto a = resolve("panel-stat-tests.json");
  const auto b = resolve("panel-stat-tests.json");
  REQUIRE(a.panels.size() == b.panels.size());
  for (std::size_t i = 0; i < a.panels.size(); ++i) {
    REQUIRE(a.panels[i].frames.size() == 7);
    CHECK(a.panels[i].frames[0].fields[1].numbers == b.panels[i].frames[0].fields[1].numbers);
  }
  CHECK(a.panels[0].frames[0].fields[1].numbers != a.panels[1].frames[0].fields[1].numbers);
  CHECK(a.panels[0].frames[0].fields[1].numbers != a.panels[0].frames[1].fields[1].numbers);
}
