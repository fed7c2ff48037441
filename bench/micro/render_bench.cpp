// Each panel renderer, through the renderer's public entry point: a one-panel dashboard
// (taken from the bench's six-panel dashboard) rendered to a PDF page.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "render/engine.hpp"

namespace {

boost::json::object six_panels() {
  std::ifstream in(REPORTD_BENCH_DIR "/fixtures/six_panels.json");
  std::ostringstream s;
  s << in.rdbuf();
  return boost::json::parse(s.str()).as_object();
}

/// The bench dashboard with only its panel `index`, stretched to the full width.
reportd::render::render_request one_panel(std::size_t index) {
  auto dash = six_panels();
  auto panel = dash["panels"].as_array().at(index).as_object();
  panel["gridPos"] = {{"x", 0}, {"y", 0}, {"w", 24}, {"h", 8}};
  dash["panels"] = boost::json::array{panel};
  reportd::render::render_request req;
  reportd::render::dashboard_input in;
  in.json = boost::json::serialize(dash);
  in.ref.dashboard.uid = "bench-six";
  in.ref.range = {"now-6h", "now"};
  req.dashboards.push_back(std::move(in));
  req.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
  return req;
}

void render_panel(benchmark::State& state, std::size_t index) {
  const auto req = one_panel(index);
  for (auto _ : state) {
    auto out = reportd::render::render(req);
    if (!out) {
      state.SkipWithError(out.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(out);
  }
}

// Indexes into bench/fixtures/six_panels.json "panels".
BENCHMARK_CAPTURE(render_panel, timeseries, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render_panel, stat, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render_panel, gauge, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render_panel, bargauge, 3)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render_panel, piechart, 4)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(render_panel, table, 5)->Unit(benchmark::kMillisecond);

}  // namespace
