#include "catch_prelude.hpp"

#include <algorithm>
#include <vector>

#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {


panel cpu_gauge() {
  auto p = make_panel("gauge", "CPU", {16, 6, 8, 5});
  frame f;
  f.ref_id = "A";
  f.fields = {{"value", field_type::number, {55, 62, 71, 68, 74}, {}, {}}};
  p.frames = {f};
  p.field_config = obj(R"({"defaults":{"unit":"percent","min":0,"max":100,"thresholds":{"mode":"absolute",
      "steps":[{"color":"green","value":null},{"color":"orange","value":70},{"color":"red","value":90}]}}})");
  p.options = obj(R"({"reduceOptions":{"calcs":["mean"]},"showThresholdMarkers":true})");
  return p;
}

}  // namespace

TEST_CASE("a small gauge shows its value at 8 pt or more", "[draw][gauge]") {
  // The demo report's CPU gauge: 8 x 5 grid units on A4 landscape.
  auto words = pdf_words(panel_pdf(cpu_gauge(), {560, 100, 260, 58}));
  auto it = std::find_if(words.begin(), words.end(), [](const word_box& w) { return w.text == "66%"; });
  REQUIRE(it != words.end());
  CHECK(it->height() >= word_height_at(8) - 0.01);
}

TEST_CASE("a roomy gauge's value grows with the arc but stays inside it", "[draw][gauge]") {
  auto words = pdf_words(panel_pdf(cpu_gauge(), {100, 100, 300, 300}));
  auto it = std::find_if(words.begin(), words.end(), [](const word_box& w) { return w.text == "66%"; });
  REQUIRE(it != words.end());
  CHECK(it->height() >= word_height_at(20));
  // Centre x 250, the value arc's inner edge about 100 pt from it: the value stays inside.
  CHECK(it->x0 > 250 - 100);
  CHECK(it->x1 < 250 + 100);
}

TEST_CASE("several gauges lie side by side in a wide panel, values one size", "[draw][gauge]") {
  auto p = cpu_gauge();
  frame f2 = p.frames.front();
  f2.fields[0].numbers = {10, 10};
  frame f3 = f2;
  f3.fields[0].numbers = {95, 95};
  p.frames = {p.frames.front(), f2, f3};
  auto words = pdf_words(panel_pdf(p, {30, 60, 760, 200}));
  std::vector<word_box> found;
  for (const char* t : {"66%", "10%", "95%"}) {
    auto it = std::find_if(words.begin(), words.end(), [&](const word_box& w) { return w.text == t; });
    REQUIRE(it != words.end());
    found.push_back(*it);
  }
  CHECK(found[0].x1 < found[1].x0);
  CHECK(found[1].x1 < found[2].x0);
  CHECK(found[1].y0 == Approx(found[0].y0).margin(1));
  CHECK(found[1].height() == Approx(found[0].height()).margin(0.05));
  CHECK(found[2].height() == Approx(found[0].height()).margin(0.05));
}

TEST_CASE("showThresholdLabels writes min, thresholds and max around the gauge", "[draw][gauge]") {
  auto p = cpu_gauge();
  p.options = obj(R"({"reduceOptions":{"calcs":["mean"]},"showThresholdMarkers":true,"showThresholdLabels":true})");
  auto text = pdf_text(panel_pdf(p, {100, 100, 300, 300}));
  for (const char* t : {"0%", "70%", "90%", "100%", "66%"}) {
    INFO(t);
    CHECK(contains(text, t));
  }
  p.options = obj(R"({"reduceOptions":{"calcs":["mean"]},"showThresholdLabels":false})");
  CHECK(!contains(pdf_text(panel_pdf(p, {100, 100, 300, 300})), "70%"));
}
