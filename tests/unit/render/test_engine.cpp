#include "catch_prelude.hpp"
#include "fixture_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "render/engine.hpp"
#include "render/draw/logo.hpp"
#include "render/pdf.hpp"
#include "test_draw_views.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

document_options sample_options() {
  document_options o;
  o.report_name = "Weekly report";
  o.zone = "Europe/Warsaw";
  o.now_ms = t0 + 7 * day;
  o.header.variables = true;
  return o;
}

}  // namespace

TEST_CASE("a hand-built dashboard renders a PDF whose text a user can find", "[engine]") {
  auto view = sample_view();
  for (const char* orientation : {"portrait", "landscape"}) {
    for (const char* layout : {"grid", "simple"}) {
      INFO(orientation << " " << layout);
      auto o = sample_options();
      o.orientation = orientation;
      o.layout = layout;
      std::string pdf = render_pdf({&view}, o);
      REQUIRE(pdf.rfind("%PDF", 0) == 0);
      std::string text = pdf_text(pdf);
      CHECK(text.find("Weekly report") != std::string::npos);
      CHECK(text.find("Sample dashboard") != std::string::npos);
      CHECK(text.find("2026-11-20 00:00 to 2026-11-21 00:00 (Europe/Warsaw)") != std::string::npos);
      CHECK(text.find("host: a, b") != std::string::npos);
      for (const auto& p : view.panels) {
        if (layout == std::string("simple") && p.type == "row") continue;
        INFO(p.title);
        CHECK(contains(text, p.title));
      }
      CHECK(text.find("中文标题") != std::string::npos);
      CHECK(contains(text, "Panel type \"sunburst\" is not supported by the report renderer"));
      CHECK(contains(text, "1 / "));
      CHECK(contains(text, "Mean"));  // legend table header of the time series
      CHECK(contains(text, "Max"));
    }
  }
}

TEST_CASE("header flags hide the parts of the header", "[engine]") {
  auto view = sample_view();
  auto o = sample_options();
  o.header.time_range = false;
  o.header.title = false;
  std::string text = pdf_text(render_pdf({&view}, o));
  CHECK(text.find("Weekly report") != std::string::npos);
  CHECK(text.find("Generated") != std::string::npos);
  CHECK(text.find("2026-11-20 00:00 to") == std::string::npos);
  CHECK(text.find("Sample dashboard") == std::string::npos);
}

TEST_CASE("each panel area of the PDF page has ink", "[engine]") {
  auto view = sample_view();
  auto o = sample_options();
  o.layout = "simple";
  o.orientation = "landscape";
  std::string path = write_temp(render_pdf({&view}, o), ".pdf");
  std::string prefix = path + "-page";
  // Page 1 holds the first non-row panel (the time series), full width under the header.
  run("pdftoppm -r 36 -f 1 -l 1 -gray '" + path + "' '" + prefix + "'");
  std::string pgm;
  for (const auto& e : std::filesystem::directory_iterator("/tmp"))
    if (e.path().string().rfind(prefix, 0) == 0) pgm = e.path().string();
  REQUIRE(!pgm.empty());
  std::string img = reportd::testing::read_file(pgm);
  std::remove(pgm.c_str());
  std::remove(path.c_str());
  // Binary PGM: "P5\n<w> <h>\n255\n" then pixels.
  std::istringstream head(img);
  std::string magic;
  int w = 0, h = 0, maxv = 0;
  head >> magic >> w >> h >> maxv;
  REQUIRE(magic == "P5");
  std::size_t offset = static_cast<std::size_t>(head.tellg()) + 1;
  int dark = 0;
  for (int y = h / 3; y < h * 9 / 10; ++y)
    for (int x = w / 10; x < w * 9 / 10; ++x)
      if (static_cast<unsigned char>(img[offset + static_cast<std::size_t>(y * w + x)]) < 200) ++dark;
  CHECK(dark > 100);
}

TEST_CASE("the PNG shows the whole dashboard", "[engine]") {
  auto view = sample_view();
  std::string png = render_png(view, sample_options());
  REQUIRE(png.size() > 1000);
  CHECK(png.substr(1, 3) == "PNG");
  auto decoded = decode_logo(png);  // the same PNG decoder the logo uses
  REQUIRE(decoded.image);
  CHECK(cairo_image_surface_get_width(decoded.image.get()) == 1200);
  CHECK(cairo_image_surface_get_height(decoded.image.get()) > 400);
}

TEST_CASE("a logo that cannot be had is left out with a reason", "[engine]") {
  CHECK_FALSE(fetch_logo("").image);
  CHECK(fetch_logo("").reason.empty());
  auto file = fetch_logo("file:///etc/passwd");
  CHECK_FALSE(file.image);
  CHECK(file.reason.find("http") != std::string::npos);
  auto bad = decode_logo("not a png at all");
  CHECK_FALSE(bad.image);
  CHECK(!bad.reason.empty());
  logo_policy loopback;
  loopback.allowed_hosts = {"127.0.0.1"};
  auto refused = fetch_logo("http://127.0.0.1:9/logo.png", loopback);  // nothing listens on port 9
  CHECK_FALSE(refused.image);
  CHECK(refused.reason.find("could not be downloaded") != std::string::npos);
}

TEST_CASE("every fixture dashboard renders in grid and simple, portrait and landscape", "[engine]") {
  int rendered = 0;
  for (const auto& entry : std::filesystem::directory_iterator(REPORTD_FIXTURES_DIR "/dashboards")) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().filename().string());
    ++rendered;
    for (const char* orientation : {"portrait", "landscape"}) {
      for (const char* layout : {"grid", "simple"}) {
        render_request req;
        req.report_name = "Fixture report";
        req.time_zone = "Europe/Warsaw";
        req.now_ms = t0 + 7 * day;
        req.options.orientation = orientation;
        req.options.layout = layout;
        req.want_png = std::string(layout) == "grid";
        req.want_csv = true;
        dashboard_input in;
        in.json = reportd::testing::read_file(entry.path());
        req.dashboards.push_back(in);
        auto res = render(req);
        INFO(orientation << " " << layout);
        REQUIRE(res.ok());
        REQUIRE(res->pdfs.size() == 1);
        CHECK(res->pdfs[0].name == "Fixture report.pdf");
        CHECK(res->pdfs[0].data.rfind("%PDF", 0) == 0);
        CHECK(res->dashboard_titles.size() == 1);
        if (req.want_png) CHECK(res->pngs.size() == 1);
        std::string text = pdf_text(res->pdfs[0].data);
        CHECK(text.find(res->dashboard_titles[0]) != std::string::npos);
      }
    }
  }
  // A loop over an empty folder would pass for nothing.
  CHECK(rendered >= 8);
}

TEST_CASE("several dashboards make one PDF each, or one combined", "[engine]") {
  render_request req;
  req.report_name = "Two";
  req.now_ms = t0;
  dashboard_input a;
  a.json = reportd::testing::fixture_dashboard("gauge_tests.json");
  dashboard_input b;
  b.json = reportd::testing::fixture_dashboard("panel_test_piechart.json");
  req.dashboards = {a, b};
  auto res = render(req);
  REQUIRE(res.ok());
  REQUIRE(res->pdfs.size() == 2);
  CHECK(res->pdfs[0].name == "Two - " + res->dashboard_titles[0] + ".pdf");
  req.options.pdf_combine_one_file = true;
  auto combined = render(req);
  REQUIRE(combined.ok());
  REQUIRE(combined->pdfs.size() == 1);
  std::string text = pdf_text(combined->pdfs[0].data);
  CHECK(text.find(combined->dashboard_titles[0]) != std::string::npos);
  CHECK(text.find(combined->dashboard_titles[1]) != std::string::npos);
}

TEST_CASE("a report without dashboards or with a malformed one fails naming why", "[engine]") {
  render_request req;
  auto none = render(req);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == reportd::model::errc::render_failed);
  dashboard_input bad;
  bad.json = "{ not json";
  req.dashboards = {bad};
  auto broken = render(req);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().code == reportd::model::errc::render_failed);
}

TEST_CASE("the dark theme paints a dark page", "[engine]") {
  auto o = sample_options();
  o.theme = "dark";
  auto decoded = decode_logo(render_png(sample_view(), o));
  REQUIRE(decoded.image);
  cairo_surface_flush(decoded.image.get());
  auto px = *reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(decoded.image.get()));
  CHECK(((px >> 16) & 0xff) < 64);
  CHECK((px & 0xff) < 64);
}

TEST_CASE("table panels give one CSV each, named after dashboard and panel", "[engine]") {
  render_request req;
  req.report_name = "Tables";
  req.now_ms = t0;
  req.want_csv = true;
  dashboard_input in;
  in.json = reportd::testing::fixture_dashboard("table_tests_new.json");
  req.dashboards = {in};
  auto res = render(req);
  REQUIRE(res.ok());
  REQUIRE(res->csvs.size() >= 2);
  for (const auto& f : res->csvs) {
    CHECK(f.content_type == "text/csv");
    CHECK(f.name.rfind(res->dashboard_titles[0] + " - ", 0) == 0);
    CHECK(f.data.find('\n') != std::string::npos);
  }
}

TEST_CASE("renders in parallel threads give the same document", "[engine]") {
  auto view = sample_view();
  auto o = sample_options();
  std::string a, b;
  std::thread t1([&] { a = render_pdf({&view}, o); });
  std::thread t2([&] { b = render_pdf({&view}, o); });
  t1.join();
  t2.join();
  REQUIRE(a.rfind("%PDF", 0) == 0);
  REQUIRE(b.rfind("%PDF", 0) == 0);
  CHECK(pdf_text(a) == pdf_text(b));
  CHECK(contains(pdf_text(a), "Sample dashboard"));
}
