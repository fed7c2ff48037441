#include "catch_prelude.hpp"

#include <algorithm>
#include <set>

#include <cairo.h>

#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

// The demo report's "Disk usage": four horizontal bars, 8 x 8 grid units on A4 landscape.
constexpr rect demo_box{26, 100, 260, 95};

panel disk_usage(const std::vector<double>& last_values) {
  auto p = make_panel("bargauge", "Disk usage", {0, 12, 8, 8});
  p.frames.clear();
  for (std::size_t i = 0; i < last_values.size(); ++i) {
    auto f = series_frame("disk-" + std::to_string(i), 50, static_cast<double>(i));
    f.fields[1].numbers.back() = last_values[i];
    p.frames.push_back(f);
  }
  p.field_config = obj(R"({"defaults":{"unit":"percent","min":0,"max":100,"thresholds":{"mode":"absolute",
      "steps":[{"color":"green","value":null},{"color":"red","value":85}]}}})");
  p.options = obj(R"({"displayMode":"gradient","orientation":"horizontal","reduceOptions":{"calcs":["lastNotNull"]}})");
  return p;
}


}  // namespace

TEST_CASE("bar gauge names and values are readable", "[draw][bargauge]") {
  auto p = disk_usage({76, 72.9, 76.7, 65});
  auto words = pdf_words(panel_pdf(p, demo_box));
  int values = 0;
  for (const auto& w : words) {
    if (w.text.find('%') != std::string::npos) {
      ++values;
      CHECK(w.height() >= word_height_at(9));
    }
    if (w.text.rfind("disk-", 0) == 0) CHECK(w.height() >= word_height_at(8, false) * 0.99);
  }
  CHECK(values == 4);
}

TEST_CASE("bar gauge tracks end at the same x whatever the width of their values", "[draw][bargauge]") {
  auto p = disk_usage({7, 100, 72.9, 5.5});
  panel_pixels px(p, demo_box);
  // The rightmost pixel of the bar (track or fill) on each pixel row that has a bar.
  std::set<int> ends;
  const std::uint32_t track = 0xECECEE;
  for (int y = static_cast<int>(demo_box.y); y < static_cast<int>(demo_box.bottom()); ++y) {
    int end = -1;
    for (int x = static_cast<int>(demo_box.x) + 8; x < static_cast<int>(demo_box.right()) - 4; ++x)
      if (px.rgb(x, y) == track) end = x;
    if (end > 0) ends.insert(end);
  }
  REQUIRE(!ends.empty());
  CHECK(*ends.rbegin() - *ends.begin() <= 1);
}

TEST_CASE("thin bars keep 7 pt names and values beside them", "[draw][bargauge]") {
  // panel_tests_bar_gauge2's "Title to left of bar": five bars in a panel five grid units tall.
  auto p = disk_usage({100, 87.2, 94.1, 102, 30.7});
  auto words = pdf_words(panel_pdf(p, {26, 100, 390, 67}));
  int names = 0;
  for (const auto& w : words) {
    if (w.text.find('%') != std::string::npos) CHECK(w.height() >= word_height_at(7) * 0.99);
    if (w.text.rfind("disk-", 0) != 0) continue;
    ++names;
    CHECK(w.height() >= word_height_at(7, false) * 0.99);
  }
  CHECK(names == 5);
}

TEST_CASE("bar gauge valueMode hidden and namePlacement hidden leave the text out", "[draw][bargauge]") {
  auto p = disk_usage({76, 72.9});
  p.options["valueMode"] = "hidden";
  auto text = pdf_text(panel_pdf(p, demo_box));
  CHECK(contains(text, "disk-0"));
  CHECK(!contains(text, "76%"));
  p.options["valueMode"] = "text";
  p.options["namePlacement"] = "hidden";
  text = pdf_text(panel_pdf(p, demo_box));
  CHECK(contains(text, "76%"));
  CHECK(!contains(text, "disk-0"));
}

TEST_CASE("bar gauge orientation auto puts bars side by side in a panel wider than tall", "[draw][bargauge]") {
  auto p = disk_usage({76, 72.9, 40});
  p.options["orientation"] = "auto";
  auto words = pdf_words(panel_pdf(p, {26, 100, 600, 200}));
  std::vector<word_box> names;
  for (const char* t : {"disk-0", "disk-1", "disk-2"})
    for (const auto& w : words)
      if (w.text == t) names.push_back(w);
  REQUIRE(names.size() == 3);
  CHECK(names[0].x1 < names[1].x0);
  CHECK(names[1].x1 < names[2].x0);
  CHECK(names[1].y0 == Approx(names[0].y0).margin(1));
}
