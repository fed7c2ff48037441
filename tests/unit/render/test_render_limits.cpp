#include "catch_prelude.hpp"

#include <string>

#include "render/dashboard.hpp"
#include "render/engine.hpp"
#include "model/clock.hpp"

namespace {

using namespace reportd::render;
using reportd::model::errc;

constexpr std::int64_t now_ms = 1795000000000;

// A custom variable with `n` values, all selected.
std::string custom_var(const std::string& name, int n) {
  std::string values;
  for (int i = 1; i <= n; ++i) values += (i > 1 ? "," : "") + name + std::to_string(i);
  return R"({"type":"custom","name":")" + name + R"(","multi":true,"includeAll":true,"query":")" + values +
         R"(","current":{"value":["$__all"],"text":["All"]}})";
}

// A row repeated over $server holding a stat panel repeated over $pod: servers x pods panels.
std::string repeated_grid(int servers, int pods) {
  return R"({"uid":"grid","title":"Fleet","panels":[
    {"id":1,"type":"row","title":"Server $server","repeat":"server","collapsed":false,
     "gridPos":{"x":0,"y":0,"w":24,"h":1},"panels":[]},
    {"id":2,"type":"stat","title":"$server / $pod","repeat":"pod","maxPerRow":12,
     "gridPos":{"x":0,"y":1,"w":2,"h":3},"targets":[{"refId":"A","scenarioId":"random_walk"}]}],
    "templating":{"list":[)" +
         custom_var("server", servers) + "," + custom_var("pod", pods) + "]}}";
}

// One panel asking TestData for `series` random walks of `points` points each.
std::string walks(int series, int points) {
  return R"({"uid":"w","title":"Walks","panels":[
    {"id":1,"type":"timeseries","title":"walks","maxDataPoints":)" +
         std::to_string(points) + R"(,"gridPos":{"x":0,"y":0,"w":24,"h":8},
     "targets":[{"refId":"A","scenarioId":"random_walk","seriesCount":)" +
         std::to_string(series) + "}]}]}";
}

reportd::model::checked<dashboard_view> resolve_json(const std::string& json, render_limits limits = {}) {
  render_request req;
  req.now_ms = now_ms;
  req.limits = limits;
  return resolve_dashboard(dashboard_input{json, {}}, req);
}

render_limits limits_of(std::size_t panels, std::size_t series, std::size_t points) {
  render_limits l;
  l.max_panels = panels;
  l.max_series = series;
  l.max_points = points;
  return l;
}

}  // namespace

TEST_CASE("render limits: repeats past max_panels fail with a bad_request naming the limit") {
  const auto view = resolve_json(repeated_grid(250, 250));
  REQUIRE_FALSE(view);
  CHECK(view.error().code == errc::bad_request);
  CHECK(view.error().message ==
        "dashboard 'Fleet' expands to more than 500 panels (repeats over $server x $pod); "
        "the limit is [reporting] max_panels_per_render");
}

TEST_CASE("render limits: the panel limit is what the request says, and a dashboard at it renders") {
  // 4 servers x 5 pods: 4 rows + 20 stats = 24 panels.
  const auto at_limit = resolve_json(repeated_grid(4, 5), limits_of(24, 1000, 11000));
  REQUIRE(at_limit);
  CHECK(at_limit->panels.size() == 24);
  CHECK(at_limit->panels[1].title == "server1 / pod1");
  CHECK(at_limit->panels.back().title == "server4 / pod5");
  const auto over = resolve_json(repeated_grid(4, 5), limits_of(23, 1000, 11000));
  REQUIRE_FALSE(over);
  CHECK(over.error().code == errc::bad_request);
  CHECK(over.error().message.find("more than 23 panels") != std::string::npos);
}

TEST_CASE("render limits: a whole report is held to max_panels across its dashboards") {
  render_request req;
  req.now_ms = now_ms;
  req.report_name = "Two fleets";
  req.limits.max_panels = 30;
  req.dashboards = {{repeated_grid(4, 5), {}}, {repeated_grid(2, 3), {}}};  // 24 + 8 panels
  req.want_pdf = false;
  const auto out = render(req);
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::bad_request);
  CHECK(out.error().message.find("report 'Two fleets' expands to more than 30 panels over its 2 dashboards") == 0);
  req.limits.max_panels = 32;
  CHECK(render(req));
}

TEST_CASE("render limits: series past max_series are cut with a note, the render goes on") {
  const auto view = resolve_json(walks(12, 50), limits_of(500, 5, 11000));
  REQUIRE(view);
  const auto& p = view->panels.at(0);
  CHECK(p.frames.size() == 5);
  REQUIRE(p.notes.size() == 1);
  CHECK(p.notes[0] == "showing the first 5 of 12 series (the limit is [reporting] max_series_per_panel)");
  const auto unlimited = resolve_json(walks(12, 50));
  REQUIRE(unlimited);
  CHECK(unlimited->panels.at(0).frames.size() == 12);
  CHECK(unlimited->panels.at(0).notes.empty());
}

TEST_CASE("render limits: points past max_points are cut to the first ones with a note") {
  const auto full = resolve_json(walks(2, 400));
  REQUIRE(full);
  const auto& whole = full->panels.at(0).frames.at(0);
  REQUIRE(whole.length() > 300);  // TestData rounds its step: about 400
  const auto view = resolve_json(walks(2, 400), limits_of(500, 1000, 150));
  REQUIRE(view);
  const auto& p = view->panels.at(0);
  REQUIRE(p.frames.size() == 2);
  for (const auto& f : p.frames) CHECK(f.length() == 150);
  // The first points kept as they were (same seed, same walk).
  CHECK(p.frames[0].fields[0].numbers.front() == whole.fields[0].numbers.front());
  CHECK(p.frames[0].fields[1].numbers.back() == whole.fields[1].numbers[149]);
  REQUIRE(p.notes.size() == 1);
  CHECK(p.notes[0] == "showing the first 150 of " + std::to_string(whole.length()) +
                         " points in 2 series (the limit is [reporting] max_points_per_series)");
}

namespace {

// `n` panels a page tall each, stacked: one PDF page per panel.
std::string tall_panels(int n) {
  std::string panels;
  for (int i = 0; i < n; ++i)
    panels += std::string(i ? "," : "") + R"({"id":)" + std::to_string(i + 1) +
              R"(,"type":"timeseries","title":"Tall","gridPos":{"x":0,"y":)" + std::to_string(40 * i) +
              R"(,"w":24,"h":40},"targets":[{"refId":"A","scenarioId":"random_walk"}]})";
  return R"({"uid":"tall","title":"Tall","panels":[)" + panels + "]}";
}

render_request report_of(const std::string& json) {
  render_request req;
  req.now_ms = now_ms;
  req.report_name = "Tall";
  req.dashboards.push_back(dashboard_input{json, {}});
  return req;
}

}  // namespace

TEST_CASE("a PDF past max_pages is a bad_request naming the limit, one at it renders") {
  auto req = report_of(tall_panels(4));
  req.limits.max_pages = 3;
  auto out = render(req);
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::bad_request);
  CHECK(out.error().message.find("4 pages, more than 3") != std::string::npos);
  CHECK(out.error().message.find("[reporting] max_pages_per_render") != std::string::npos);
  req.limits.max_pages = 4;
  auto fits = render(req);
  REQUIRE(fits);
  CHECK(fits->pdfs.size() == 1);
}

TEST_CASE("a render whose requester stopped waiting stops with a timeout naming the deadline") {
  auto req = report_of(tall_panels(2));
  req.answer_by_ms = reportd::model::epoch_ms() - 1;
  auto out = render(req);
  REQUIRE_FALSE(out);
  CHECK(out.error().code == errc::timeout);
  CHECK(out.error().message.find("report rendering stopped") != std::string::npos);
  CHECK(out.error().message.find("deadline passed") != std::string::npos);
  req.answer_by_ms = reportd::model::epoch_ms() + 60'000;
  CHECK(render(req));
}
