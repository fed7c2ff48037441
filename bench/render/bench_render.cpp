// Render-only scenario: reportd's renderer (render::render) turning one dashboard into a PDF,
// called directly so the figure is the renderer alone. Usage:
//   bench_render DASHBOARD.json OUT.pdf [min_seconds]
// Writes the last PDF to OUT.pdf (the driver counts its paths and glyphs for the cairo floor)
// and prints one JSON timing line.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "render/engine.hpp"
#include "bench/render/timing.hpp"

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

reportd::render::render_request make_request(std::string json) {
  reportd::render::render_request req;
  req.report_name = "bench";
  reportd::render::dashboard_input in;
  in.json = std::move(json);
  in.ref.dashboard.uid = "bench-six";
  in.ref.range = {"now-6h", "now"};
  req.dashboards.push_back(std::move(in));
  req.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
  return req;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DASHBOARD.json OUT.pdf [min_seconds]\n", argv[0]);
    return 2;
  }
  const auto req = make_request(read_file(argv[1]));
  reportd::bench::timing_options opt;
  if (argc > 3) opt.min_seconds = std::stod(argv[3]);
  std::string last_pdf;
  const bool ok = reportd::bench::time_and_print("reportd_render", opt, [&] {
    auto out = reportd::render::render(req);
    if (!out || out->pdfs.empty()) {
      std::fprintf(stderr, "render failed: %s\n", out ? "no PDF" : out.error().message.c_str());
      return false;
    }
    last_pdf = std::move(out->pdfs.front().data);
    return true;
  });
  if (!ok) return 1;
  std::ofstream(argv[2], std::ios::binary) << last_pdf;
  return 0;
}
