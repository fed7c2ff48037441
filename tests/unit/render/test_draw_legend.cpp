#include "catch_prelude.hpp"

#include "render/units.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

// The demo report's "Requests per second" panel: 16 x 10 grid units on A4 landscape.
constexpr rect demo_box{26, 60, 525, 120};

panel table_legend_panel(int series_count) {
  auto p = make_panel("timeseries", "Requests per second", {0, 0, 16, 10});
  p.frames.clear();
  for (int i = 0; i < series_count; ++i) p.frames.push_back(series_frame("series-" + std::to_string(i), 120, i));
  p.field_config = obj(R"({"defaults":{"unit":"reqps","custom":{"fillOpacity":15,"lineWidth":2}},"overrides":[]})");
  return p;
}

}  // namespace

TEST_CASE("a table legend shows every series with whole values", "[draw][legend]") {
  auto p = table_legend_panel(3);
  std::string text = pdf_text(panel_pdf(p, demo_box));
  for (const auto& f : p.frames) {
    INFO(f.name);
    CHECK(contains(text, f.name));
    const auto& values = f.fields[1].numbers;
    CHECK(contains(text, format_value(reduce(values, "mean"), "reqps")));
    CHECK(contains(text, format_value(reduce(values, "max"), "reqps")));
  }
  CHECK(text.find("\u2026") == std::string::npos);  // nothing ellipsized
  CHECK_FALSE(contains(text, "more"));
}

TEST_CASE("a legend too long for its panel says how many series it left out", "[draw][legend]") {
  auto p = table_legend_panel(30);
  std::string pdf = panel_pdf(p, demo_box);
  std::size_t shown = 0;
  for (const auto& w : pdf_words(pdf))
    if (w.text.rfind("series-", 0) == 0) ++shown;
  std::string text = pdf_text(pdf);
  CHECK(shown >= 3);
  CHECK(shown < 30);
  CHECK(contains(text, "+" + std::to_string(30 - shown) + " more"));
}

TEST_CASE("list legends wrap and also count what does not fit", "[draw][legend]") {
  auto p = table_legend_panel(40);
  p.options = obj(R"({"legend":{"displayMode":"list","placement":"bottom"}})");
  std::string text = pdf_text(panel_pdf(p, {26, 60, 260, 120}));
  CHECK(contains(text, "series-0"));
  CHECK(contains(text, "more"));
}

TEST_CASE("pie chart legends show values and percents, Grafana 7 flags included", "[draw][legend]") {
  auto p = make_panel("piechart", "Memory", {16, 14, 8, 9});
  p.frames.clear();
  for (auto [name, v] : {std::pair<const char*, double>{"eu", 40}, {"us", 25}, {"apac", 10}}) {
    frame f;
    f.name = name;
    f.fields = {{"value", field_type::number, {v}, {}, {}}};
    p.frames.push_back(f);
  }
  for (const char* legend : {R"({"legend":{"displayMode":"table","placement":"bottom","showPercent":true,"showValue":true}})",
                             R"({"legend":{"displayMode":"table","placement":"bottom","values":["value","percent"]}})"}) {
    INFO(legend);
    p.options = obj(legend);
    std::string text = pdf_text(panel_pdf(p, {26, 60, 260, 200}));
    CHECK(contains(text, "Percent"));
    CHECK(contains(text, "53%"));
    CHECK(contains(text, "13%"));
    CHECK(contains(text, "Value"));
  }
}
