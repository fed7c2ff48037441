#pragma once
// Hand-built dashboards for the drawing tests (no datasource involved).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <boost/json/parse.hpp>

#include "render/panel.hpp"

namespace reportd::render::testing {

inline constexpr std::int64_t t0 = 1795129200000;  // 2026-11-20T00:00:00+01:00
inline constexpr std::int64_t day = 86400000;

inline frame series_frame(const std::string& name, int points, double phase) {
  frame f;
  f.name = name;
  f.ref_id = "A";
  field time{"time", field_type::time, {}, {}, {}};
  field value{"value", field_type::number, {}, {}, {}};
  for (int i = 0; i < points; ++i) {
    time.numbers.push_back(static_cast<double>(t0 + day * i / points));
    value.numbers.push_back(50 + 40 * std::sin(i * 0.2 + phase));
  }
  f.fields = {time, value};
  return f;
}

inline frame table_frame(int rows) {
  frame f;
  f.ref_id = "A";
  field host{"host", field_type::string, {}, {}, {}};
  field cpu{"cpu", field_type::number, {}, {}, {}};
  for (int i = 0; i < rows; ++i) {
    host.strings.push_back("host-" + std::to_string(i));
    cpu.numbers.push_back(i * 1.5);
  }
  f.fields = {host, cpu};
  return f;
}

inline boost::json::object obj(const char* text) { return boost::json::parse(text).as_object(); }

inline panel make_panel(const std::string& type, const std::string& title, grid_pos pos) {
  panel p;
  p.type = type;
  p.title = title;
  p.pos = pos;
  if (type == "text") {
    p.options = obj(R"({"mode":"markdown","content":"# Heading\n- first <item> & more\n- second\n\nA paragraph of plain text that is long enough to wrap over several lines of the panel body, as notes on dashboards often are."})");
  } else if (type == "table") {
    p.frames = {table_frame(40)};
  } else if (type != "row") {
    p.frames = {series_frame("alpha", 300, 0), series_frame("beta", 300, 1.5)};
  }
  if (type == "timeseries")
    p.field_config = obj(R"({"defaults":{"unit":"percent","custom":{"fillOpacity":20,
        "thresholdsStyle":{"mode":"line"}},"thresholds":{"steps":[{"color":"green","value":null},
        {"color":"red","value":80}]}},"overrides":[]})");
  if (type == "timeseries") p.options = obj(R"({"legend":{"displayMode":"table","placement":"bottom","calcs":["mean","max"]}})");
  if (type == "stat") p.options = obj(R"({"graphMode":"area","colorMode":"background"})");
  if (type == "piechart") p.options = obj(R"({"pieType":"donut","legend":{"displayMode":"list","values":["percent"]}})");
  return p;
}

/// A dashboard of every panel type the renderer draws, plus one it does not.
inline dashboard_view sample_view() {
  dashboard_view v;
  v.uid = "sample";
  v.title = "Sample dashboard";
  v.range = {t0, t0 + day, "Europe/Warsaw", "now-1d", "now"};
  v.variables = {{"host", {"a", "b"}}};
  const char* types[] = {"timeseries", "graph", "stat", "gauge", "bargauge", "table", "text", "piechart", "sunburst"};
  v.panels.push_back(make_panel("row", "Overview row", {0, 0, 24, 1}));
  int i = 0;
  for (const char* t : types) {
    v.panels.push_back(make_panel(t, std::string("Panel ") + t, {(i % 3) * 8, 1 + (i / 3) * 8, 8, 8}));
    ++i;
  }
  v.panels.push_back(make_panel("stat", "中文标题", {0, 25, 12, 4}));
  return v;
}

/// Runs a command and returns its standard output.
inline std::string run(const std::string& cmd) {
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

inline std::string write_temp(const std::string& data, const std::string& suffix) {
  static int counter = 0;
  std::string path = "/tmp/reportd_test_render_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + suffix;
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

/// pdftotext of PDF bytes (layout kept off: one text run per line).
inline std::string pdf_text(const std::string& pdf) {
  std::string path = write_temp(pdf, ".pdf");
  std::string text = run("pdftotext -enc UTF-8 '" + path + "' -");
  std::remove(path.c_str());
  return text;
}

/// `text` with all whitespace removed: pdftotext spaces and wraps text its own way.
inline std::string squash(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f') out += c;
  return out;
}

/// Whether `needle` appears in `haystack`, whitespace ignored.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return squash(haystack).find(squash(needle)) != std::string::npos;
}

}  // namespace reportd::render::testing
