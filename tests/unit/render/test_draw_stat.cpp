#include "catch_prelude.hpp"

#include <algorithm>

#include <cairo.h>

#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {


// The first pixel row (in points from the page top) with ink inside `r`, at 1 px per point.
double first_ink_row(const panel& p, const rect& box, const rect& r) {
  panel_pixels px(p, box);
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x)
      if (px.rgb(x, y) != 0xffffff)
        return y;
  return -1;
}

panel stat_panel(int series, const char* text_mode) {
  auto p = make_panel("stat", "Panel Title", {0, 0, 8, 5});
  p.frames.clear();
  for (int i = 0; i < series; ++i) p.frames.push_back(series_frame(std::string(1, static_cast<char>('A' + i)) + "-series", 200, i));
  p.field_config = obj(R"({"defaults":{"unit":"percent","decimals":1}})");
  p.options = obj((std::string(R"({"graphMode":"area","colorMode":"value","textMode":")") + text_mode + "\"}").c_str());
  return p;
}

}  // namespace

TEST_CASE("a stat's sparkline stays below its value instead of crossing it", "[draw][stat]") {
  rect box{100, 100, 260, 58};  // the demo report's "Error rate": 8 x 5 grid units
  rect body_inside{box.x + 6, box.y + 18, box.w - 12, box.h - 20};
  double spark_top = first_ink_row(stat_panel(1, "none"), box, body_inside);
  REQUIRE(spark_top > 0);
  auto words = pdf_words(panel_pdf(stat_panel(1, "auto"), box));
  auto value = std::find_if(words.begin(), words.end(), [](const word_box& w) { return w.text.find('%') != std::string::npos; });
  REQUIRE(value != words.end());
  CHECK(value->y1 <= spark_top + 1);
  CHECK(value->height() >= word_height_at(8));
}

TEST_CASE("short stat cells keep names and values readable", "[draw][stat]") {
  // Seven series in a panel two grid units tall (panel-stat-tests' second panel).
  auto p = stat_panel(7, "auto");
  auto words = pdf_words(panel_pdf(p, {26, 100, 794, 40}));
  int values = 0;
  for (const auto& w : words) {
    if (w.text.find('%') != std::string::npos) {
      ++values;
      CHECK(w.height() >= word_height_at(7));
    }
  }
  CHECK(values == 7);
  for (const auto& f : p.frames) {
    INFO(f.name);
    auto it = std::find_if(words.begin(), words.end(), [&](const word_box& w) { return w.text == f.name; });
    REQUIRE(it != words.end());
    CHECK(it->height() >= word_height_at(7) * 0.9);  // names are regular, not bold
  }
}

namespace {

// A stat of one constant series per value in `values`, named "n0", "n1", ...
panel constant_stat(const std::vector<double>& values, const char* options) {
  auto p = make_panel("stat", "Stats", {0, 0, 24, 8});
  p.frames.clear();
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto f = series_frame("n" + std::to_string(i), 20, 0);
    std::fill(f.fields[1].numbers.begin(), f.fields[1].numbers.end(), values[i]);
    p.frames.push_back(f);
  }
  p.field_config = obj(R"({"defaults":{"unit":"none","thresholds":{"mode":"absolute",
      "steps":[{"color":"green","value":null},{"color":"red","value":80}]}}})");
  p.options = obj(options);
  return p;
}

std::vector<word_box> words_matching(const std::vector<word_box>& words, const std::vector<std::string>& texts) {
  std::vector<word_box> out;
  for (const auto& t : texts)
    for (const auto& w : words)
      if (w.text == t) { out.push_back(w); break; }
  return out;
}

}  // namespace

TEST_CASE("several stat values lie in one row in a wide panel and one column in a tall one, all one size",
          "[draw][stat]") {
  auto p = constant_stat({11, 22, 33}, R"({"graphMode":"none","colorMode":"value","textMode":"value"})");
  SECTION("wide") {
    auto found = words_matching(pdf_words(panel_pdf(p, {30, 60, 760, 150})), {"11", "22", "33"});
    REQUIRE(found.size() == 3);
    for (std::size_t i = 1; i < 3; ++i) {
      CHECK(found[i].x0 > found[i - 1].x1);
      CHECK(found[i].y0 == Approx(found[0].y0).margin(0.5));
      CHECK(found[i].height() == Approx(found[0].height()).margin(0.05));
    }
  }
  SECTION("tall") {
    auto found = words_matching(pdf_words(panel_pdf(p, {30, 60, 160, 500})), {"11", "22", "33"});
    REQUIRE(found.size() == 3);
    for (std::size_t i = 1; i < 3; ++i) {
      CHECK(found[i].y0 > found[i - 1].y1);
      CHECK((found[i].x0 + found[i].x1) / 2 == Approx((found[0].x0 + found[0].x1) / 2).margin(1));
      CHECK(found[i].height() == Approx(found[0].height()).margin(0.05));
    }
  }
  SECTION("orientation horizontal stacks them even in a wide panel") {
    p.options["orientation"] = "horizontal";
    auto found = words_matching(pdf_words(panel_pdf(p, {30, 60, 760, 300})), {"11", "22", "33"});
    REQUIRE(found.size() == 3);
    CHECK(found[1].y0 > found[0].y1);
    CHECK(found[2].y0 > found[1].y1);
  }
}

TEST_CASE("values of different lengths share the size of the longest", "[draw][stat]") {
  auto p = constant_stat({7, 123456}, R"({"graphMode":"none","textMode":"value"})");
  auto found = words_matching(pdf_words(panel_pdf(p, {30, 60, 760, 150})), {"7", "123456"});
  REQUIRE(found.size() == 2);
  CHECK(found[0].height() == Approx(found[1].height()).margin(0.05));
}

TEST_CASE("colorMode background_solid fills the value's cell with its threshold colour", "[draw][stat]") {
  auto p = constant_stat({95}, R"({"graphMode":"none","colorMode":"background_solid"})");
  rect box{100, 100, 300, 150};
  panel_pixels px(p, box);
  // Near the bottom corners of the body, away from the value: Grafana's red (#F2495C).
  CHECK(px.rgb(110, 240) == 0xF2495Cu);
  CHECK(px.rgb(390, 240) == 0xF2495Cu);
  auto green = constant_stat({5}, R"({"graphMode":"none","colorMode":"background_solid"})");
  panel_pixels gx(green, box);
  CHECK(gx.rgb(110, 240) == 0x73BF69u);
}

TEST_CASE("colorMode background shades the threshold colour in a gradient", "[draw][stat]") {
  auto p = constant_stat({95}, R"({"graphMode":"none","colorMode":"background"})");
  rect box{100, 100, 300, 150};
  panel_pixels px(p, box);
  auto near_red = [](std::uint32_t c) {
    int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
    return r > 220 && g < 150 && b < 160;
  };
  std::uint32_t a = px.rgb(110, 130), b = px.rgb(390, 240);
  CHECK(near_red(a));
  CHECK(near_red(b));
  CHECK(a != b);  // a gradient, not one flat colour
}

TEST_CASE("textMode name shows the name only, none shows neither", "[draw][stat]") {
  auto p = constant_stat({42, 43}, R"({"graphMode":"none","textMode":"name"})");
  auto text = pdf_text(panel_pdf(p, {30, 60, 500, 150}));
  CHECK(contains(text, "n0"));
  CHECK(contains(text, "n1"));
  CHECK(!contains(text, "42"));
  p.options["textMode"] = "none";
  text = pdf_text(panel_pdf(p, {30, 60, 500, 150}));
  CHECK(!contains(text, "n0"));
  CHECK(!contains(text, "42"));
  p.options["textMode"] = "value_and_name";
  text = pdf_text(panel_pdf(p, {30, 60, 500, 150}));
  CHECK(contains(text, "n0"));
  CHECK(contains(text, "42"));
}

TEST_CASE("reduceOptions.values shows one value per row, named by the row, up to limit", "[draw][stat]") {
  auto p = make_panel("stat", "Rows", {0, 0, 24, 8});
  p.frames = {table_frame(10)};  // host-i, cpu = 1.5 i
  p.options = obj(R"({"graphMode":"none","reduceOptions":{"values":true,"limit":3,"calcs":[]}})");
  auto text = pdf_text(panel_pdf(p, {30, 60, 760, 150}));
  for (const char* s : {"host-0", "host-1", "host-2"}) {
    INFO(s);
    CHECK(contains(text, s));
  }
  CHECK(!contains(text, "host-3"));
}

TEST_CASE("reduceOptions.fields picks the fields a stat shows by regex", "[draw][stat]") {
  auto p = constant_stat({11, 22}, R"({"graphMode":"none","textMode":"value_and_name","reduceOptions":{"fields":"/n1/"}})");
  auto text = pdf_text(panel_pdf(p, {30, 60, 500, 150}));
  CHECK(contains(text, "22"));
  CHECK(!contains(text, "11"));
}

TEST_CASE("a stat shows an override's display name and unit for its field", "[draw][stat]") {
  auto p = constant_stat({11, 22}, R"({"graphMode":"none"})");
  p.field_config = obj(R"({"defaults":{},"overrides":[{"matcher":{"id":"byName","options":"n1"},
      "properties":[{"id":"displayName","value":"Second"},{"id":"unit","value":"percent"}]}]})");
  auto text = pdf_text(panel_pdf(p, {30, 60, 500, 150}));
  CHECK(contains(text, "Second"));
  CHECK(contains(text, "22%"));
  CHECK(contains(text, "n0"));
}

TEST_CASE("several calcs give one value each, named by the calc", "[draw][stat]") {
  auto p = make_panel("stat", "Calcs", {0, 0, 24, 8});
  frame f;
  f.ref_id = "A";
  f.name = "load";
  f.fields = {{"value", field_type::number, {2, 4, 9}, {}, {}}};
  p.frames = {f};
  p.options = obj(R"({"graphMode":"none","reduceOptions":{"calcs":["min","max"]}})");
  auto text = pdf_text(panel_pdf(p, {30, 60, 600, 150}));
  CHECK(contains(text, "2"));
  CHECK(contains(text, "9"));
  CHECK(contains(text, "Min"));
  CHECK(contains(text, "Max"));
}

TEST_CASE("percentage thresholds colour a stat by its share of min..max", "[draw][stat]") {
  // 50 of 0..200 is 25 %: over the 20 % step (red), though under an absolute 80.
  auto p = constant_stat({50}, R"({"graphMode":"none","colorMode":"background_solid"})");
  p.field_config = obj(R"({"defaults":{"min":0,"max":200,"thresholds":{"mode":"percentage",
      "steps":[{"color":"green","value":null},{"color":"red","value":20}]}}})");
  panel_pixels px(p, {100, 100, 300, 150});
  CHECK(px.rgb(110, 240) == 0xF2495Cu);
  p.field_config = obj(R"({"defaults":{"min":0,"max":200,"thresholds":{"mode":"percentage",
      "steps":[{"color":"green","value":null},{"color":"red","value":30}]}}})");
  panel_pixels green(p, {100, 100, 300, 150});
  CHECK(green.rgb(110, 240) == 0x73BF69u);
}

TEST_CASE("graphMode none leaves the sparkline out; area and 6.6's line draw it", "[draw][stat]") {
  rect box{100, 100, 300, 150};
  rect lower{box.x + 8, box.y + box.h * 0.75, box.w - 16, box.h * 0.2};
  for (const char* mode : {"none", "area", "line"}) {
    auto p = stat_panel(1, "none");
    p.options["graphMode"] = mode;
    INFO(mode);
    double ink = first_ink_row(p, box, lower);
    if (std::string(mode) == "none") CHECK(ink < 0);
    else CHECK(ink > 0);
  }
}

TEST_CASE("a value mapping's colour and text win over the thresholds on a stat", "[draw][stat]") {
  auto p = constant_stat({1}, R"({"graphMode":"none","colorMode":"background_solid"})");
  p.field_config = obj(R"({"defaults":{"thresholds":{"mode":"absolute","steps":[{"color":"green","value":null}]},
      "mappings":[{"type":"value","options":{"1":{"text":"DOWN","color":"red"}}}]}})");
  rect box{100, 100, 300, 150};
  CHECK(contains(pdf_text(panel_pdf(p, box)), "DOWN"));
  panel_pixels px(p, box);
  CHECK(px.rgb(110, 240) == 0xF2495Cu);
}
