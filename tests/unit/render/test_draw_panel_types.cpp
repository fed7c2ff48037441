// The panel types beyond time series / stat / gauge / table / text / pie: state timeline,
// status history, histogram, bar chart, logs, heatmap, the note types, and how a failed query
// differs from "No data". Each is drawn from a small frame and checked by what a reader sees.
#include "catch_prelude.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "render/draw/draw_panels.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

const rect box{20, 20, 500, 260};

field time_field(std::vector<double> ms) { return {"time", field_type::time, std::move(ms), {}, {}}; }
field number_field(const std::string& name, std::vector<double> v) { return {name, field_type::number, std::move(v), {}, {}}; }
field string_field(const std::string& name, std::vector<std::string> v) {
  return {name, field_type::string, {}, std::move(v), {}};
}

panel typed(const std::string& type, std::vector<field> fields, const char* field_config = R"({"defaults":{},"overrides":[]})",
            const char* options = "{}") {
  panel p;
  p.type = type;
  p.title = "Panel under test";
  p.pos = {0, 0, 12, 8};
  frame f;
  f.ref_id = "A";
  f.fields = std::move(fields);
  p.frames = {f};
  p.field_config = obj(field_config);
  p.options = obj(options);
  return p;
}

std::uint32_t rgb_of(const rgba& c) {
  auto ch = [](double v) { return static_cast<std::uint32_t>(std::lround(v * 255)); };
  return ch(c.r) << 16 | ch(c.g) << 8 | ch(c.b);
}

int count_pixels(const panel_pixels& px, const rect& r, std::uint32_t colour) {
  int n = 0;
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x)
      if (px.rgb(x, y) == colour) ++n;
  return n;
}

int count_words(const std::vector<word_box>& words, const std::string& text) {
  return static_cast<int>(std::count_if(words.begin(), words.end(), [&](const word_box& w) { return w.text == text; }));
}

const word_box* word(const std::vector<word_box>& words, const std::string& text) {
  for (const auto& w : words)
    if (w.text == text) return &w;
  return nullptr;
}

// A day split in quarters: OK, OK, WARN, OK (mapped) over the range t0..t0+day.
panel state_panel(const char* options) {
  const double q = day / 4.0;
  return typed("state-timeline",
               {time_field({double(t0), t0 + q, t0 + 2 * q, t0 + 3 * q}), number_field("state", {0, 0, 1, 0})},
               R"({"defaults":{"custom":{"fillOpacity":100},"mappings":[{"type":"value","options":{
                   "0":{"text":"OK","color":"#3274D9"},"1":{"text":"WARN","color":"#FF9830"}}}]},"overrides":[]})",
               options);
}

}  // namespace

TEST_CASE("the new panel types are drawn natively, not as placeholders", "[draw][types]") {
  for (const char* t : {"heatmap", "state-timeline", "status-history", "barchart", "histogram", "logs", "geomap",
                        "news", "dashlist", "alertlist", "annolist", "canvas", "nodeGraph", "flamegraph", "traces"}) {
    INFO(t);
    CHECK(supported_type(t));
  }
  CHECK_FALSE(supported_type("sunburst"));
}

TEST_CASE("a state timeline colours each run with its mapping colour and writes the mapped text", "[draw][types]") {
  auto p = state_panel("{}");
  const panel_pixels px(p, box);
  // Three quarters of the lane are OK (blue), one quarter WARN (orange): the pixel counts say so.
  const int blue = count_pixels(px, box, 0x3274D9), orange = count_pixels(px, box, 0xFF9830);
  CHECK(orange > 500);
  CHECK(blue > 2 * orange);
  CHECK(blue < 4 * orange);
  auto words = pdf_words(panel_pdf(p, box));
  // mergeValues (the default): the first two OK quarters are one bar with one text; the
  // legend lists each mapping once more.
  CHECK(count_words(words, "OK") == 2 + 1);
  CHECK(count_words(words, "WARN") == 1 + 1);
  CHECK(word(words, "state") != nullptr);  // the lane's name
  auto unmerged = pdf_words(panel_pdf(state_panel(R"({"mergeValues":false})"), box));
  CHECK(count_words(unmerged, "OK") == 3 + 1);
  auto never = pdf_words(panel_pdf(state_panel(R"({"showValue":"never"})"), box));
  CHECK(count_words(never, "WARN") <= 1);  // only the legend's
}

TEST_CASE("a state timeline without mappings colours by thresholds", "[draw][types]") {
  const double q = day / 4.0;
  auto p = typed("state-timeline", {time_field({double(t0), t0 + 2 * q}), number_field("temp", {10, 90})},
                 R"({"defaults":{"color":{"mode":"thresholds"},"custom":{"fillOpacity":100},"thresholds":{"mode":"absolute",
                     "steps":[{"color":"#00FF00","value":null},{"color":"#FF0000","value":50}]}},"overrides":[]})");
  const panel_pixels px(p, box);
  const int green = count_pixels(px, box, 0x00FF00), red = count_pixels(px, box, 0xFF0000);
  CHECK(green > 1000);
  CHECK(std::abs(green - red) < green / 10);  // half the day each
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(word(words, "10") != nullptr);
  CHECK(word(words, "90") != nullptr);
}

TEST_CASE("a status history draws one cell per field and time", "[draw][types]") {
  const double h = day / 3.0;
  auto p = typed("status-history",
                 {time_field({double(t0), t0 + h, t0 + 2 * h}), number_field("a", {0, 1, 1}), number_field("b", {1, 1, 0})},
                 R"({"defaults":{"custom":{"fillOpacity":100},"mappings":[{"type":"value","options":{
                     "0":{"text":"DOWN","color":"#FF0000"},"1":{"text":"UP","color":"#00FF00"}}}]},"overrides":[]})");
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(count_words(words, "UP") == 4 + 1);    // four cells and the legend
  CHECK(count_words(words, "DOWN") == 2 + 1);
  const panel_pixels px(p, box);
  const int green = count_pixels(px, box, 0x00FF00), red = count_pixels(px, box, 0xFF0000);
  CHECK(red > 500);
  CHECK(std::abs(green - 2 * red) < red / 2);  // 4 UP cells against 2 DOWN cells
}

TEST_CASE("a histogram counts the values into buckets, bar heights in proportion", "[draw][types]") {
  CHECK(histogram_bucket_size(0, 100, 30) == Approx(4));
  CHECK(histogram_bucket_size(0, 10, 30) == Approx(0.4));
  CHECK(histogram_bucket_size(0, 1000, 10) == Approx(100));
  // Buckets of 1: [0,1) holds 1 value, [1,2) 2 values, [2,3) 4 values.
  auto p = typed("histogram", {number_field("v", {0.5, 1.2, 1.7, 2.1, 2.2, 2.3, 2.4})},
                 R"({"defaults":{"color":{"mode":"fixed","fixedColor":"#FF0000"},"custom":{"fillOpacity":100}},"overrides":[]})",
                 R"({"bucketSize":1,"legend":{"showLegend":false}})");
  const panel_pixels px(p, box);
  // The height of red in every column of the panel; three bars of three heights.
  std::map<int, int> columns;  // height -> number of columns with it
  for (int x = static_cast<int>(box.x); x < static_cast<int>(box.right()); ++x) {
    int n = 0;
    for (int y = static_cast<int>(box.y); y < static_cast<int>(box.bottom()); ++y)
      if (px.rgb(x, y) == 0xFF0000) ++n;
    if (n > 2) ++columns[n];
  }
  std::vector<int> heights;
  for (const auto& [h, cols] : columns)
    if (cols > 20) heights.push_back(h);  // a bar, not an edge
  REQUIRE(heights.size() == 3);
  CHECK(heights[1] == Approx(2.0 * heights[0]).epsilon(0.03));  // within a pixel's rounding
  CHECK(heights[2] == Approx(4.0 * heights[0]).epsilon(0.03));
}

TEST_CASE("a histogram reads a frame already bucketed by xMin / xMax", "[draw][types]") {
  auto p = typed("histogram", {number_field("xMin", {1, 2, 3}), number_field("xMax", {2, 3, 4}), number_field("count", {10, 30, 20})},
                 R"({"defaults":{"color":{"mode":"fixed","fixedColor":"#0000FF"},"custom":{"fillOpacity":100}},"overrides":[]})");
  const panel_pixels px(p, box);
  std::set<int> heights;
  for (int x = static_cast<int>(box.x); x < static_cast<int>(box.right()); ++x) {
    int n = 0;
    for (int y = static_cast<int>(box.y); y < static_cast<int>(box.bottom()); ++y)
      if (px.rgb(x, y) == 0x0000FF) ++n;
    if (n > 10) heights.insert(n);
  }
  REQUIRE(heights.size() >= 3);
  CHECK(*heights.rbegin() == Approx(3.0 * *heights.begin()).margin(3));  // 30 against 10
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(word(words, "count") != nullptr);  // legend
}

TEST_CASE("a histogram bucketed by xMax alone takes xMin one bucket below, as Grafana does", "[draw][types]") {
  // Grafana's devenv "Implict xMin" panel: xMax,count1 with no xMin field. The bounds are read as
  // buckets [0,1) [1,2) [2,3) [3,4), not as a series of their own.
  auto p = typed("histogram", {number_field("xMax", {1, 2, 3, 4}), number_field("count1", {10, 20, 30, 10})},
                 R"({"defaults":{"color":{"mode":"fixed","fixedColor":"#0000FF"},"custom":{"fillOpacity":100}},"overrides":[]})");
  const panel_pixels px(p, box);
  std::map<int, int> columns;  // height -> number of columns with it
  for (int x = static_cast<int>(box.x); x < static_cast<int>(box.right()); ++x) {
    int n = 0;
    for (int y = static_cast<int>(box.y); y < static_cast<int>(box.bottom()); ++y)
      if (px.rgb(x, y) == 0x0000FF) ++n;
    if (n > 10) ++columns[n];
  }
  std::vector<int> heights;
  for (const auto& [h, cols] : columns)
    if (cols > 20) heights.push_back(h);
  REQUIRE(heights.size() == 3);  // 10 (twice), 20, 30
  CHECK(heights[2] == Approx(3.0 * heights[0]).margin(3));
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(word(words, "count1") != nullptr);
  CHECK(word(words, "xMax") == nullptr);  // the bounds are no series in the legend
}

TEST_CASE("a bar chart shows its categories, series and values", "[draw][types]") {
  auto p = typed("barchart",
                 {string_field("fruit", {"apple", "banana", "cherry"}), number_field("sales", {3, 5, 2}),
                  number_field("cost", {1, 2, 1})},
                 R"({"defaults":{},"overrides":[]})", R"({"showValue":"always"})");
  auto words = pdf_words(panel_pdf(p, box));
  for (const char* w : {"apple", "banana", "cherry", "sales", "cost"}) {
    INFO(w);
    CHECK(word(words, w) != nullptr);
  }
  // Categories left to right in data order, under the bars.
  REQUIRE(word(words, "apple") != nullptr);
  CHECK(word(words, "apple")->x0 < word(words, "banana")->x0);
  CHECK(word(words, "banana")->x0 < word(words, "cherry")->x0);
  CHECK(word(words, "5") != nullptr);
  // The series colours: sales first in the palette, cost second.
  const panel_pixels px(p, box);
  CHECK(count_pixels(px, box, rgb_of(palette_color(0))) > 0);
  // Horizontal: categories stacked top to bottom.
  p.options = obj(R"({"orientation":"horizontal"})");
  auto h = pdf_words(panel_pdf(p, box));
  REQUIRE(word(h, "apple") != nullptr);
  CHECK(word(h, "apple")->y0 < word(h, "cherry")->y0);
}

TEST_CASE("a logs panel lists the lines newest first, or oldest first when asked", "[draw][types]") {
  auto p = typed("logs", {time_field({double(t0), t0 + 1000.0, t0 + 2000.0}),
                          string_field("line", {"alpha started", "beta error happened", "gamma finished"})});
  auto words = pdf_words(panel_pdf(p, box));
  REQUIRE(word(words, "alpha") != nullptr);
  REQUIRE(word(words, "beta") != nullptr);
  REQUIRE(word(words, "gamma") != nullptr);
  CHECK(word(words, "gamma")->y0 < word(words, "beta")->y0);
  CHECK(word(words, "beta")->y0 < word(words, "alpha")->y0);
  p.options = obj(R"({"sortOrder":"Ascending","showTime":true})");
  auto asc = pdf_words(panel_pdf(p, box));
  CHECK(word(asc, "alpha")->y0 < word(asc, "gamma")->y0);
  // Times in the panel's zone (Europe/Warsaw: t0 is midnight).
  CHECK(word(asc, "2026-11-20") != nullptr);
}

TEST_CASE("a logs panel with more lines than room says how many are not shown", "[draw][types]") {
  std::vector<double> times;
  std::vector<std::string> lines;
  for (int i = 0; i < 200; ++i) {
    times.push_back(t0 + 1000.0 * i);
    lines.push_back("line" + std::to_string(i));
  }
  auto p = typed("logs", {time_field(times), string_field("line", lines)});
  auto text = pdf_text(panel_pdf(p, {20, 20, 300, 120}));
  CHECK(contains(text, "line199"));
  CHECK_FALSE(contains(text, "line0\n"));
  CHECK(contains(text, "more log lines not shown"));
}

TEST_CASE("heatmap cells are coloured by their count", "[draw][types]") {
  // One bucket row over three times with counts 1, 5 and 10 (pre-bucketed, Grafana's default).
  const double s = day / 3.0;
  auto p = typed("heatmap", {time_field({double(t0), t0 + s, t0 + 2 * s}), number_field("10", {1, 5, 10})},
                 R"({"defaults":{},"overrides":[]})", R"({"legend":{"show":false},"color":{"mode":"scheme","scheme":"Oranges"}})");
  const panel_pixels px(p, box);
  // Along the middle of the plot, the colours left to right: three runs, darker with more.
  const int y = static_cast<int>(box.y + box.h / 2);
  std::vector<std::pair<std::uint32_t, int>> all;  // colour, length of the run
  for (int x = static_cast<int>(box.x + 2); x < static_cast<int>(box.right() - 2); ++x) {
    const auto c = px.rgb(x, y);
    if (!all.empty() && all.back().first == c) ++all.back().second;
    else all.push_back({c, 1});
  }
  std::vector<std::uint32_t> runs;  // the cells: orange runs wider than antialiased edges
  for (const auto& [c, n] : all) {
    const int r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
    if (n > 20 && r > g && g > b && r - b > 20) runs.push_back(c);
  }
  REQUIRE(runs.size() == 3);
  auto lum = [](std::uint32_t c) { return 0.299 * (c >> 16 & 255) + 0.587 * (c >> 8 & 255) + 0.114 * (c & 255); };
  CHECK(lum(runs[0]) > lum(runs[1]));
  CHECK(lum(runs[1]) > lum(runs[2]));
}

TEST_CASE("a heatmap calculated from a time series counts values into cells", "[draw][types]") {
  std::vector<double> times, values;
  for (int i = 0; i < 400; ++i) {
    times.push_back(t0 + day * i / 400.0);
    values.push_back(i % 10 < 8 ? 5 : 95);  // most values low, a few high
  }
  auto p = typed("heatmap", {time_field(times), number_field("v", values)}, R"({"defaults":{},"overrides":[]})",
                 R"({"calculate":true,"calculation":{"xBuckets":{"mode":"count","value":"4"},"yBuckets":{"mode":"count","value":"2"}},
                     "legend":{"show":false}})");
  const panel_pixels px(p, box);
  std::set<std::uint32_t> oranges;
  for (int y = static_cast<int>(box.y + 20); y < static_cast<int>(box.bottom() - 20); y += 3)
    for (int x = static_cast<int>(box.x + 40); x < static_cast<int>(box.right() - 5); x += 3) {
      const auto c = px.rgb(x, y);
      const int r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
      if (r > g && g > b && r - b > 20) oranges.insert(c);
    }
  CHECK(oranges.size() >= 2);  // the low bucket's cells and the high bucket's cells differ
}

TEST_CASE("a legacy heatmap's yAxis format and decimals label the value axis, as Grafana migrates them", "[draw][types]") {
  // Grafana 8's heatmap kept its axis unit in yAxis.format / yAxis.decimals; Grafana moves them to
  // the field's unit and decimals, so the axis reads "10.00 m²", not "10".
  std::vector<double> times, values;
  for (int i = 0; i < 200; ++i) {
    times.push_back(t0 + day * i / 200.0);
    values.push_back(10 + (i % 7) * 10);  // 10 .. 70
  }
  auto p = typed("heatmap", {time_field(times), number_field("v", values)});
  p.raw = obj(R"({"dataFormat":"timeseries","yAxis":{"format":"areaM2","decimals":2,"logBase":1,"show":true}})");
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(word(words, "m²") != nullptr);
  CHECK(word(words, "10.00") != nullptr);
}

TEST_CASE("a heatmap with log y buckets (legacy yAxis.logBase) has one row per power of the base", "[draw][types]") {
  // Values 1 .. 64: log2 buckets [1,2) [2,4) ... [64,128), labelled by their lower bounds.
  std::vector<double> times, values;
  for (int i = 0; i < 140; ++i) {
    times.push_back(t0 + day * i / 140.0);
    values.push_back(std::pow(2.0, i % 7));
  }
  auto p = typed("heatmap", {time_field(times), number_field("v", values)});
  p.raw = obj(R"({"dataFormat":"timeseries","yAxis":{"format":"short","logBase":2,"show":true}})");
  const auto words = pdf_words(panel_pdf(p, box));
  for (const char* w : {"1", "2", "4", "8", "16", "32", "64"}) {
    INFO(w);
    CHECK(word(words, w) != nullptr);
  }
  CHECK(word(words, "10") == nullptr);  // no linear steps
  CHECK(word(words, "50") == nullptr);
}

TEST_CASE("a state timeline shows booleans as true / false and leaves a null string as a gap", "[draw][types]") {
  // Grafana's devenv "State timeline (strings & booleans)": csv_metric_values of words and booleans.
  const double third = day / 3.0;
  field flag{"flag", field_type::boolean, {1, NAN, 0}, {}, {}};
  auto p = typed("state-timeline", {time_field({double(t0), t0 + third, t0 + 2 * third}), flag},
                 R"({"defaults":{"custom":{"fillOpacity":100}},"overrides":[]})", R"({"showValue":"always","legend":{"showLegend":false}})");
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(word(words, "true") != nullptr);
  CHECK(word(words, "false") != nullptr);
  CHECK(word(words, "1") == nullptr);

  auto s = typed("state-timeline", {time_field({double(t0), t0 + third, t0 + 2 * third}), string_field("state", {"a", "", "a"})},
                 R"({"defaults":{"custom":{"fillOpacity":100}},"overrides":[]})", R"({"legend":{"showLegend":false}})");
  const panel_pixels px(s, box);
  const int cy = static_cast<int>(box.y + box.h / 2);
  CHECK(px.rgb(static_cast<int>(box.x + box.w * 0.55), cy) == 0xFFFFFF);  // the null third: no state
  CHECK(px.rgb(static_cast<int>(box.x + box.w * 0.9), cy) != 0xFFFFFF);   // "a" again
}

TEST_CASE("the time label at the right end of a heatmap's axis stays whole inside the panel", "[draw][types]") {
  // The range ends on a tick (midnight): its label used to be centred on the panel's right border,
  // half of it cut off ("12:0" in the legacy heatmap fixture).
  std::vector<double> times, values;
  for (int i = 0; i < 100; ++i) {
    times.push_back(t0 + day * i / 100.0);
    values.push_back(i % 5);
  }
  auto p = typed("heatmap", {time_field(times), number_field("v", values)}, R"({"defaults":{},"overrides":[]})",
                 R"({"calculate":true,"legend":{"show":false}})");
  const auto words = pdf_words(panel_pdf(p, box));
  double right = 0;
  for (const auto& w : words)
    if (w.y0 > box.bottom() - 30) right = std::max(right, w.x1);  // the time axis row
  CHECK(right > box.right() - 40);  // a label reaches the right end
  CHECK(right <= box.right() + 0.5);
}

TEST_CASE("types a report does not draw say so in the panel", "[draw][types]") {
  for (auto [type, text] : {std::pair{"geomap", "Geomap panels are not drawn in reports"},
                            std::pair{"news", "News panels are not drawn in reports"},
                            std::pair{"dashlist", "Dashboard list panels are not drawn in reports"},
                            std::pair{"nodeGraph", "Node graph panels are not drawn in reports"}}) {
    INFO(type);
    panel p;
    p.type = type;
    p.title = "Somewhere";
    const auto out = pdf_text(panel_pdf(p, box));
    CHECK(contains(out, text));
    CHECK_FALSE(contains(out, "No data"));
    CHECK_FALSE(contains(out, "not supported"));
  }
}

TEST_CASE("a failed query shows its error and a red corner, not No data", "[draw][types]") {
  auto failed = typed("state-timeline", {});
  failed.frames.clear();
  failed.notice = "query A failed: connection refused by 127.0.0.1:9";
  const auto text = pdf_text(panel_pdf(failed, box));
  CHECK(contains(text, "connection refused"));
  CHECK_FALSE(contains(text, "No data"));
  auto is_red = [](std::uint32_t c) { return (c >> 16 & 255) > 190 && (c >> 8 & 255) < 60 && (c & 255) < 70; };
  const panel_pixels px(failed, box);
  CHECK(is_red(px.rgb(static_cast<int>(box.x + 2), static_cast<int>(box.y + 2))));

  auto empty = typed("barchart", {});
  empty.frames.clear();
  const auto none = pdf_text(panel_pdf(empty, box));
  CHECK(contains(none, "No data"));
  const panel_pixels quiet(empty, box);
  CHECK_FALSE(is_red(quiet.rgb(static_cast<int>(box.x + 2), static_cast<int>(box.y + 2))));

  // A query that failed beside one that answered: the data is drawn and the corner marks it.
  auto partly = state_panel("{}");
  partly.notes = {"query B failed: timeout"};
  const panel_pixels marked(partly, box);
  CHECK(is_red(marked.rgb(static_cast<int>(box.x + 2), static_cast<int>(box.y + 2))));
}

TEST_CASE("every new drawer says No data, or the panel's noValue, for an empty frame", "[draw][types]") {
  for (const char* t : {"heatmap", "state-timeline", "status-history", "barchart", "histogram", "logs"}) {
    INFO(t);
    auto p = typed(t, {time_field({}), number_field("v", {})}, R"({"defaults":{"noValue":"Nothing here"},"overrides":[]})");
    CHECK(contains(pdf_text(panel_pdf(p, box)), "Nothing here"));
    p.frames.clear();
    p.field_config = obj(R"({"defaults":{},"overrides":[]})");
    CHECK(contains(pdf_text(panel_pdf(p, box)), "No data"));
  }
}
