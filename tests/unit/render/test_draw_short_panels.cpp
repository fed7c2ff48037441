#include "catch_prelude.hpp"

// Panels two to four grid units tall (the single stats of node dashboards: "CPU Cores",
// "RAM Total", "Uptime") laid out on A4 landscape as a report would, then read back: the
// value must be there and large, a bar gauge must show its bar.
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <cairo.h>

#include "render/engine.hpp"
#include "render/layout.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

// One value series holding `value` at every point.
frame constant_frame(const std::string& name, double value) {
  frame f = series_frame(name, 20, 0);
  std::fill(f.fields[1].numbers.begin(), f.fields[1].numbers.end(), value);
  return f;
}

panel single(const std::string& type, const std::string& title, grid_pos pos, double value) {
  panel p = make_panel(type, title, pos);
  p.frames = {constant_frame("cores", value)};
  p.options = obj(R"({"reduceOptions":{"calcs":["lastNotNull"]},"colorMode":"value","graphMode":"none"})");
  if (type == "bargauge") p.options = obj(R"({"displayMode":"basic","orientation":"horizontal"})");
  p.field_config = obj(R"({"defaults":{"min":0,"max":100}})");
  return p;
}

// Where the report's grid puts a panel of `w` x `h` units (A4 landscape, 100 %).
rect grid_box(int w, int h) {
  layout_params params;
  auto doc = layout_document({{{0, 0, w, h}, false}}, params);
  return doc.pages.front().panels.front().box;
}

// The word `text` in the PDF of `p` drawn into `box`, or a word of height 0.
word_box find_word(const panel& p, const rect& box, const std::string& text) {
  for (const auto& w : pdf_words(panel_pdf(p, box)))
    if (w.text == text) return w;
  return {"", 0, 0, 0, 0};
}

bool greenish(std::uint32_t c) {
  int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
  return g > r + 40 && g > b + 40;
}

}  // namespace

TEST_CASE("the report grid gives a two-unit panel about 21 pt", "[draw][short]") {
  // The premise of the cases below: one grid unit is 12.4 pt on A4 landscape.
  rect box = grid_box(4, 2);
  CHECK(box.h == Approx(20.8).margin(0.5));
}

TEST_CASE("a stat two grid units tall shows its title and a large value", "[draw][short][stat]") {
  rect box = grid_box(4, 2);
  auto p = single("stat", "CPU Cores", {0, 0, 4, 2}, 16);
  auto value = find_word(p, box, "16");
  INFO("box height " << box.h << " pt, value word height " << value.height());
  REQUIRE(value.height() > 0);
  CHECK(value.height() >= word_height_at(8));
  CHECK(value.y0 >= box.y);
  CHECK(value.y1 <= box.bottom() + 0.5);
  auto title = find_word(p, box, "Cores");
  REQUIRE(title.height() > 0);
  CHECK(title.y1 <= value.y0 + 1);  // the title stays above the value, not over it
}

TEST_CASE("a stat three grid units tall shows its value at least 12 pt", "[draw][short][stat]") {
  rect box = grid_box(4, 3);
  auto p = single("stat", "RAM Total", {0, 0, 4, 3}, 64);
  auto value = find_word(p, box, "64");
  INFO("box height " << box.h << " pt, value word height " << value.height());
  REQUIRE(value.height() > 0);
  CHECK(value.height() >= word_height_at(12));
}

TEST_CASE("a stat without a title gives the value the title's room too", "[draw][short][stat]") {
  rect box = grid_box(4, 2);
  auto titled = single("stat", "Uptime", {0, 0, 4, 2}, 7);
  auto bare = titled;
  bare.title.clear();
  double with_title = find_word(titled, box, "7").height();
  double without = find_word(bare, box, "7").height();
  INFO("with title " << with_title << ", without " << without);
  REQUIRE(with_title > 0);
  CHECK(without > with_title * 1.3);
}

TEST_CASE("a gauge four grid units tall shows a readable value", "[draw][short][gauge]") {
  rect box = grid_box(4, 4);
  auto p = single("gauge", "Load", {0, 0, 4, 4}, 73);
  auto value = find_word(p, box, "73");
  INFO("box height " << box.h << " pt, value word height " << value.height());
  REQUIRE(value.height() > 0);
  CHECK(value.height() >= word_height_at(9));
}

TEST_CASE("a bar gauge two to four grid units tall draws its bar", "[draw][short][bargauge]") {
  for (int h : {2, 3, 4}) {
    rect box = grid_box(6, h);
    auto p = single("bargauge", "Disk", {0, 0, 6, h}, 60);
    panel_pixels px(p, box);
    // Rows holding a green run longer than any glyph: the bar (60 % of a track).
    int bar_rows = 0;
    int longest = 0;
    for (int y = static_cast<int>(box.y); y < static_cast<int>(box.bottom()); ++y) {
      int run = 0, best = 0;
      for (int x = static_cast<int>(box.x); x < static_cast<int>(box.right()); ++x) {
        run = greenish(px.rgb(x, y)) ? run + 1 : 0;
        best = std::max(best, run);
      }
      longest = std::max(longest, best);
      if (best >= box.w * 0.3) ++bar_rows;
    }
    INFO("grid height " << h << ": box " << box.w << " x " << box.h << " pt, bar rows " << bar_rows
                        << ", longest green run " << longest);
    CHECK(bar_rows >= std::max(3.0, box.h * 0.2));
    auto value = find_word(p, box, "60");
    CHECK(value.height() >= word_height_at(7) * 0.99);
  }
}

namespace {

// Pixels of the panel body (below the title band) near `rgb`, and dark (text) pixels.
struct ink_count {
  int near = 0;
  int dark = 0;
};
ink_count body_ink(const panel& p, const rect& box, std::uint32_t rgb) {
  panel_pixels px(p, box);
  ink_count out;
  auto ch = [](std::uint32_t c, int shift) { return static_cast<int>((c >> shift) & 0xff); };
  for (int y = static_cast<int>(box.y + 17); y < static_cast<int>(box.bottom() - 1); ++y)
    for (int x = static_cast<int>(box.x + 2); x < static_cast<int>(box.right() - 2); ++x) {
      std::uint32_t c = px.rgb(x, y);
      if (std::abs(ch(c, 16) - ch(rgb, 16)) + std::abs(ch(c, 8) - ch(rgb, 8)) + std::abs(ch(c, 0) - ch(rgb, 0)) < 40)
        ++out.near;
      if (ch(c, 16) < 0x60 && ch(c, 8) < 0x60 && ch(c, 0) < 0x60) ++out.dark;
    }
  return out;
}

}  // namespace

TEST_CASE("colorMode none draws the value in the theme's text colour", "[draw][stat]") {
  rect box = grid_box(6, 5);
  auto p = single("stat", "Requests", {0, 0, 6, 5}, 42);
  p.field_config = obj(R"({"defaults":{"thresholds":{"steps":[{"color":"red","value":null}]}}})");
  auto coloured = body_ink(p, box, 0xF2495C);
  INFO("colorMode value: red " << coloured.near << ", dark " << coloured.dark);
  CHECK(coloured.near > 50);  // the premise: the value shows in its threshold colour
  p.options = obj(R"({"colorMode":"none","graphMode":"none"})");
  auto plain = body_ink(p, box, 0xF2495C);
  INFO("colorMode none: red " << plain.near << ", dark " << plain.dark);
  CHECK(plain.near == 0);
  CHECK(plain.dark > 50);
  CHECK(find_word(p, box, "42").height() > 0);
  // A white base step (white on white before) leaves the value readable too.
  p.field_config = obj(R"({"defaults":{"thresholds":{"steps":[{"color":"white","value":null}]}}})");
  CHECK(body_ink(p, box, 0x1F1F20).dark > 50);
}

TEST_CASE("a legacy singlestat without colorValue shows its value as plain text", "[draw][stat]") {
  rect box = grid_box(6, 5);
  auto p = single("singlestat", "Uptime", {0, 0, 6, 5}, 42);
  p.options = {};
  p.field_config = {};
  p.raw = obj(R"j({"thresholds":"10,20","colors":["#299c46","rgba(237, 129, 40, 0.89)","#d44a3a"]})j");
  auto plain = body_ink(p, box, 0xD44A3A);
  CHECK(plain.near == 0);
  CHECK(plain.dark > 50);
  p.raw = obj(R"j({"colorValue":true,"thresholds":"10,20","colors":["#299c46","rgba(237, 129, 40, 0.89)","#d44a3a"]})j");
  CHECK(body_ink(p, box, 0xD44A3A).near > 50);
}

namespace {

// The first page of `pdf` as 0xRRGGBB pixels at 72 dpi (1 px per point), via pdftoppm.
struct page_image {
  int w = 0, h = 0;
  std::vector<std::uint32_t> px;
};
page_image rasterize(const std::string& pdf) {
  std::string in = write_temp(pdf, ".pdf");
  std::string ppm = run("pdftoppm -r 72 -f 1 -l 1 '" + in + "'");
  std::remove(in.c_str());
  page_image img;
  std::istringstream s(ppm);
  std::string magic;
  int maxval = 0;
  s >> magic >> img.w >> img.h >> maxval;
  s.get();
  if (magic != "P6" || maxval != 255) return {};
  std::string data((std::istreambuf_iterator<char>(s)), {});
  for (std::size_t i = 0; i + 2 < data.size(); i += 3)
    img.px.push_back((static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]));
  return img;
}

}  // namespace

TEST_CASE("a dashboard of short single-value panels renders each value large in the report",
          "[draw][short][engine]") {
  // A node-exporter-like top row: TestData gives each panel its one value.
  const std::string json = R"({"uid":"short","title":"Node overview","panels":[
    {"id":1,"type":"stat","title":"CPU Cores","gridPos":{"x":0,"y":0,"w":4,"h":2},
     "options":{"colorMode":"none","graphMode":"none"},
     "targets":[{"refId":"A","scenarioId":"csv_metric_values","stringInput":"16,16"}]},
    {"id":2,"type":"stat","title":"RAM Total","gridPos":{"x":4,"y":0,"w":4,"h":3},
     "targets":[{"refId":"A","scenarioId":"csv_metric_values","stringInput":"64,64"}]},
    {"id":3,"type":"gauge","title":"Load","gridPos":{"x":8,"y":0,"w":4,"h":4},
     "fieldConfig":{"defaults":{"min":0,"max":100}},
     "targets":[{"refId":"A","scenarioId":"csv_metric_values","stringInput":"73,73"}]},
    {"id":4,"type":"bargauge","title":"Disk","gridPos":{"x":12,"y":0,"w":8,"h":2},
     "options":{"displayMode":"basic","orientation":"horizontal"},
     "fieldConfig":{"defaults":{"min":0,"max":100}},
     "targets":[{"refId":"A","scenarioId":"csv_metric_values","stringInput":"60,60"}]}]})";
  render_request req;
  req.report_name = "Short panels";
  req.now_ms = t0 + day;
  req.options.orientation = "landscape";
  req.options.layout = "grid";
  req.dashboards.push_back(dashboard_input{json, {}});
  auto res = render(req);
  REQUIRE(res.ok());
  REQUIRE(res->pdfs.size() == 1);
  const std::string& pdf = res->pdfs[0].data;
  auto words = pdf_words(pdf);
  auto height_of = [&](const std::string& t) {
    for (const auto& w : words)
      if (w.text == t) return w.height();
    return 0.0;
  };
  INFO("value word heights: 16 " << height_of("16") << ", 64 " << height_of("64") << ", 73 " << height_of("73")
                                 << ", 60 " << height_of("60"));
  CHECK(height_of("Cores") > 0);
  CHECK(height_of("16") >= word_height_at(8));   // h = 2
  CHECK(height_of("64") >= word_height_at(12));  // h = 3
  CHECK(height_of("73") >= word_height_at(9));   // h = 4 gauge
  CHECK(height_of("60") >= word_height_at(7) * 0.99);
  // The bar gauge's bar: green runs longer than any glyph or gauge arc (50 pt).
  auto img = rasterize(pdf);
  REQUIRE(img.w > 0);
  int bar_rows = 0;
  for (int y = 0; y < img.h; ++y) {
    int run = 0, best = 0;
    for (int x = 0; x < img.w; ++x) {
      run = greenish(img.px[static_cast<std::size_t>(y * img.w + x)]) ? run + 1 : 0;
      best = std::max(best, run);
    }
    if (best >= 50) ++bar_rows;
  }
  INFO("bar rows " << bar_rows);
  CHECK(bar_rows >= 4);
}

TEST_CASE("a stat too short for a sparkline leaves it out, as Grafana does, and keeps its value large",
          "[draw][short][stat]") {
  auto sparkline_pixels = [](const panel& p, const rect& box) {
    panel_pixels px(p, box);
    int n = 0;
    for (int y = static_cast<int>(box.bottom() - box.h * 0.2); y < static_cast<int>(box.bottom() - 1); ++y)
      for (int x = static_cast<int>(box.x + 2); x < static_cast<int>(box.right() - 2); ++x)
        if (auto c = px.rgb(x, y); ((c >> 8) & 0xff) > ((c >> 16) & 0xff) + 10 && ((c >> 8) & 0xff) > (c & 0xff) + 10)
          ++n;  // the sparkline's green, or its pale fill
    return n;
  };
  for (int h : {3, 5}) {
    rect box = grid_box(4, h);
    auto p = single("stat", "RAM Total", {0, 0, 4, h}, 64);
    p.frames = {series_frame("ram", 50, 0)};  // 50 + 40 sin: last value 35.3
    p.options = obj(R"({"graphMode":"area","colorMode":"value"})");
    auto value = find_word(p, box, "35.3");
    int spark = sparkline_pixels(p, box);
    INFO("grid height " << h << ": value word height " << value.height() << ", sparkline pixels " << spark);
    if (h == 3) {
      CHECK(value.height() >= word_height_at(12));
      CHECK(spark == 0);
    } else {
      CHECK(value.height() >= word_height_at(10));
      CHECK(spark > 100);
    }
  }
}

TEST_CASE("a bar gauge two grid units tall draws a bar for each of its series", "[draw][short][bargauge]") {
  for (int h : {2, 3}) {
    rect box = grid_box(8, h);
    auto p = single("bargauge", "Disks", {0, 0, 8, h}, 60);
    p.frames = {constant_frame("sda", 60), constant_frame("sdb", 60), constant_frame("sdc", 60)};
    panel_pixels px(p, box);
    // Bars are bands of rows holding a long green run; count the bands.
    int bands = 0;
    bool in_band = false;
    for (int y = static_cast<int>(box.y); y < static_cast<int>(box.bottom()); ++y) {
      int run = 0, best = 0;
      for (int x = static_cast<int>(box.x); x < static_cast<int>(box.right()); ++x) {
        run = greenish(px.rgb(x, y)) ? run + 1 : 0;
        best = std::max(best, run);
      }
      bool bar_row = best >= box.w * 0.25;
      if (bar_row && !in_band) ++bands;
      in_band = bar_row;
    }
    INFO("grid height " << h << ": box " << box.w << " x " << box.h << " pt, bars " << bands);
    CHECK(bands == 3);
  }
}

TEST_CASE("on the dark theme a colorMode none value is the theme's light text", "[draw][short][engine]") {
  const std::string json = R"({"uid":"plain","title":"Plain","panels":[
    {"id":1,"type":"stat","title":"Requests","gridPos":{"x":0,"y":0,"w":6,"h":5},
     "options":{"colorMode":"none","graphMode":"none"},
     "fieldConfig":{"defaults":{"thresholds":{"steps":[{"color":"red","value":null}]}}},
     "targets":[{"refId":"A","scenarioId":"csv_metric_values","stringInput":"42,42"}]}]})";
  render_request req;
  req.report_name = "Plain";
  req.now_ms = t0 + day;
  req.settings.pdf_theme = "dark";
  req.dashboards.push_back(dashboard_input{json, {}});
  auto res = render(req);
  REQUIRE(res.ok());
  const std::string& pdf = res->pdfs[0].data;
  word_box value{"", 0, 0, 0, 0};
  for (const auto& w : pdf_words(pdf))
    if (w.text == "42") value = w;
  REQUIRE(value.height() > 0);
  auto img = rasterize(pdf);
  REQUIRE(img.w > 0);
  int light = 0, red = 0;
  for (int y = static_cast<int>(value.y0); y < static_cast<int>(value.y1); ++y)
    for (int x = static_cast<int>(value.x0); x < static_cast<int>(value.x1); ++x) {
      std::uint32_t c = img.px[static_cast<std::size_t>(y * img.w + x)];
      int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
      if (r > 0xB0 && g > 0xB0 && b > 0xB0) ++light;
      if (r > 0xB0 && g < 0x80) ++red;
    }
  INFO("light pixels " << light << ", red " << red);
  CHECK(light > 20);
  CHECK(red == 0);
}
