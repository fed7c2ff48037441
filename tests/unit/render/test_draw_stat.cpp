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
