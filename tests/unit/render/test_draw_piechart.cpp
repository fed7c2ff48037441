#include "catch_prelude.hpp"

// Pie charts read back as a user sees them: slice labels and legend values computed from the
// data put in, largest slice first, donut hole, threshold colours from the field config.
#include <algorithm>
#include <string>
#include <vector>

#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

// One frame per (name, value): a constant series, so any calc gives `value`.
panel pie(const std::vector<std::pair<std::string, double>>& slices, const char* options) {
  auto p = make_panel("piechart", "Share", {0, 0, 12, 10});
  p.frames.clear();
  for (const auto& [name, value] : slices) {
    frame f;
    f.ref_id = "A";
    f.name = name;
    f.fields = {{"value", field_type::number, {value, value}, {}, {}}};
    p.frames.push_back(f);
  }
  p.field_config = obj(R"({"defaults":{"unit":"none"}})");
  p.options = obj(options);
  return p;
}

const word_box* find(const std::vector<word_box>& words, const std::string& text) {
  auto it = std::find_if(words.begin(), words.end(), [&](const word_box& w) { return w.text == text; });
  return it == words.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("pie slice labels show the percentages of the data", "[draw][piechart]") {
  // 10 + 30 + 60 = 100: the slices are 10 %, 30 % and 60 %.
  auto p = pie({{"small", 10}, {"mid", 30}, {"large", 60}},
               R"({"pieType":"pie","displayLabels":["percent"],"legend":{"showLegend":false,"displayMode":"hidden"}})");
  auto text = pdf_text(panel_pdf(p, {50, 50, 400, 400}));
  CHECK(contains(text, "10%"));
  CHECK(contains(text, "30%"));
  CHECK(contains(text, "60%"));
}

TEST_CASE("pie labels can show name and value, drawn on their slices", "[draw][piechart]") {
  auto p = pie({{"alpha", 25}, {"beta", 75}},
               R"({"pieType":"donut","displayLabels":["name","value"],"legend":{"showLegend":false,"displayMode":"hidden"}})");
  rect box{50, 50, 400, 400};
  auto words = pdf_words(panel_pdf(p, box));
  const auto* alpha = find(words, "alpha");
  const auto* beta = find(words, "beta");
  REQUIRE(alpha != nullptr);
  REQUIRE(beta != nullptr);
  CHECK(find(words, "25") != nullptr);
  CHECK(find(words, "75") != nullptr);
  // Slices start at 12 o'clock clockwise, largest first: beta covers the right and bottom,
  // alpha the upper left quarter.
  double cx = box.x + box.w / 2;
  CHECK(alpha->x1 < cx);
  CHECK(beta->x0 > cx - 40);
}

TEST_CASE("the pie legend shows value and percent, largest first", "[draw][piechart]") {
  auto p = pie({{"small", 1}, {"large", 3}},
               R"({"pieType":"pie","legend":{"displayMode":"table","placement":"right","values":["value","percent"]}})");
  auto words = pdf_words(panel_pdf(p, {50, 50, 500, 300}));
  const auto* small = find(words, "small");
  const auto* large = find(words, "large");
  REQUIRE(small != nullptr);
  REQUIRE(large != nullptr);
  CHECK(large->y0 < small->y0);  // sorted by value, descending
  CHECK(find(words, "25%") != nullptr);
  CHECK(find(words, "75%") != nullptr);
  CHECK(find(words, "Percent") != nullptr);
}

TEST_CASE("a pie without legend options gets Grafana's legend: percentages on the right", "[draw][piechart]") {
  auto p = pie({{"a", 1}, {"b", 1}}, R"({"pieType":"pie"})");
  rect box{50, 50, 500, 300};
  auto words = pdf_words(panel_pdf(p, box));
  const auto* pct = find(words, "50%");
  REQUIRE(pct != nullptr);
  CHECK(pct->x0 > box.x + box.w / 2);
}

TEST_CASE("a donut leaves its centre empty and colours slices by the field config", "[draw][piechart]") {
  auto p = pie({{"one", 1}}, R"({"pieType":"donut","legend":{"showLegend":false,"displayMode":"hidden"}})");
  p.field_config = obj(R"({"defaults":{"color":{"mode":"fixed","fixedColor":"#0000FF"}}})");
  rect box{50, 50, 400, 400};
  panel_pixels px(p, box);
  int cx = 250, cy = 50 + 200 + 8;  // the body starts below the title band
  CHECK(px.rgb(cx, cy) == 0xFFFFFFu);
  // Somewhere on the ring, left of the hole: blue (shaded by Grafana's gradient).
  bool blue = false;
  for (int x = 60; x < cx - 60 && !blue; ++x) {
    auto c = px.rgb(x, cy);
    blue = (c & 0xff) > 200 && ((c >> 16) & 0xff) < 120;
  }
  CHECK(blue);
}
