// Prometheus scenario: a dashboard of N panels on node_exporter metrics rendered to a PDF
// against a real Prometheus (bench/prometheus.py starts one), the renderer library called
// directly (resolve with its queries, then the PDF): the figure is queries (concurrent, over
// HTTP) plus drawing. Usage:
//   bench_prometheus PROMETHEUS_URL PANELS OUT.pdf [min_seconds] [max_concurrent_queries]
// Prints one line with how the queries ran, then one JSON timing line.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "bench/render/timing.hpp"
#include "render/dashboard.hpp"
#include "render/datasources/datasource.hpp"
#include "render/datasources/prometheus/prometheus.hpp"
#include "render/engine.hpp"
#include "render/pdf.hpp"

namespace {

namespace json = boost::json;
using namespace reportd;

// Distinct PromQL per panel, as a node_exporter dashboard has them.
const char* exprs[] = {
    "count(count(node_cpu_seconds_total) by (cpu))",
    "node_memory_MemTotal_bytes",
    "node_memory_MemAvailable_bytes",
    "sum by (mode) (rate(node_cpu_seconds_total[$__rate_interval]))",
    "node_load1",
    "node_load5",
    "node_load15",
    "rate(node_network_receive_bytes_total[$__rate_interval])",
    "rate(node_network_transmit_bytes_total[$__rate_interval])",
    "node_filesystem_avail_bytes",
    "rate(node_disk_read_bytes_total[$__rate_interval])",
    "rate(node_disk_written_bytes_total[$__rate_interval])",
    "node_procs_running",
    "rate(node_context_switches_total[$__rate_interval])",
    "rate(node_intr_total[$__rate_interval])",
};

json::object dashboard(int panels) {
  json::array list;
  const char* types[] = {"timeseries", "stat", "timeseries", "gauge", "table"};
  for (int i = 0; i < panels; ++i) {
    const auto type = types[i % 5];
    const std::string expr = exprs[i % (sizeof exprs / sizeof *exprs)];
    // "+ 0 * i" makes every panel's query distinct, so nothing is shared: the worst case.
    const std::string text = i >= 15 ? "(" + expr + ") + 0 * " + std::to_string(i) : expr;
    json::object target{{"refId", "A"}, {"expr", text}, {"legendFormat", "{{instance}}"}};
    if (std::string(type) == "stat" || std::string(type) == "gauge") target["instant"] = true;
    if (std::string(type) == "table") target["format"] = "table";
    list.push_back(json::object{{"id", i + 1},
                                {"type", type},
                                {"title", "Panel " + std::to_string(i + 1)},
                                {"datasource", json::object{{"type", "prometheus"}, {"uid", "bench-prom"}}},
                                {"gridPos", json::object{{"x", (i % 3) * 8}, {"y", (i / 3) * 6}, {"w", 8}, {"h", 6}}},
                                {"targets", json::array{target}}});
  }
  return {{"uid", "bench-prometheus"}, {"title", "Prometheus bench"}, {"schemaVersion", 38}, {"panels", list}};
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s PROMETHEUS_URL PANELS OUT.pdf [min_seconds] [max_concurrent_queries]\n", argv[0]);
    return 2;
  }
  model::datasource_config cfg;
  cfg.name = "Bench Prometheus";
  cfg.type = "prometheus";
  cfg.uid = "bench-prom";
  cfg.url = argv[1];
  cfg.json_data["timeInterval"] = "1s";
  if (argc > 5) cfg.json_data["maxConcurrentQueries"] = std::stoi(argv[5]);
  auto prometheus = std::make_shared<render::prometheus_source>(cfg);
  render::datasource_registry sources;
  sources.add(cfg.type, cfg.uid, cfg.name, prometheus);

  render::render_request req;
  req.report_name = "bench";
  render::dashboard_input in;
  in.json = json::serialize(dashboard(std::stoi(argv[2])));
  in.ref.dashboard.uid = "bench-prometheus";
  in.ref.range = {"now-15m", "now"};
  req.dashboards.push_back(std::move(in));
  req.now_ms = now_ms();

  // One resolve first, to say how the queries ran.
  req.deadline_ms = now_ms() + 60000;
  const auto view = render::resolve_dashboard(req.dashboards.front(), req, sources);
  if (!view) {
    std::fprintf(stderr, "resolve failed: %s\n", view.error().message.c_str());
    return 1;
  }
  std::size_t failed = 0;
  for (const auto& p : view->panels) failed += p.frames.empty() ? 1 : 0;
  std::printf("{\"panels\":%zu,\"queries_asked\":%zu,\"queries_sent\":%zu,\"peak_in_runner\":%zu,"
              "\"peak_http_requests\":%d,\"max_concurrent\":%d,\"panels_without_data\":%zu}\n",
              view->panels.size(), view->queries.asked, view->queries.ran, view->queries.peak_concurrent,
              prometheus->peak_in_flight(), prometheus->max_concurrent(), failed);
  if (!view->errors.empty()) std::fprintf(stderr, "first error: %s\n", view->errors.front().c_str());

  reportd::bench::timing_options opt;
  opt.min_iterations = 10;
  if (argc > 4) opt.min_seconds = std::stod(argv[4]);
  std::string last_pdf;
  const bool ok = reportd::bench::time_and_print("reportd_prometheus", opt, [&] {
    req.now_ms = now_ms();
    req.deadline_ms = req.now_ms + 60000;
    // What render() does for one dashboard: resolve (queries included), then draw the PDF.
    auto v = render::resolve_dashboard(req.dashboards.front(), req, sources);
    if (!v) {
      std::fprintf(stderr, "resolve failed: %s\n", v.error().message.c_str());
      return false;
    }
    render::document_options o;
    o.report_name = req.report_name;
    o.now_ms = req.now_ms;
    last_pdf = render::render_pdf({&*v}, o);
    return !last_pdf.empty();
  });
  if (!ok) return 1;
  std::ofstream(argv[3], std::ios::binary) << last_pdf;
  return 0;
}
