// What a reader sees of a time series panel's axes and series styles: tick labels on the
// side Grafana puts them, mirrored (negative-Y) series under zero, dashes, thresholds at
// their value, log and mapped ticks, points when sparse, gaps, fills between series.
#include "catch_prelude.hpp"

#include <algorithm>
#include <functional>

#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

constexpr rect box{20, 20, 500, 300};

frame frame_of(const std::string& name, int points, const std::function<double(int)>& value) {
  frame f;
  f.name = name;
  f.ref_id = "A";
  field time{"time", field_type::time, {}, {}, {}};
  field v{name, field_type::number, {}, {}, {}};
  for (int i = 0; i < points; ++i) {
    time.numbers.push_back(static_cast<double>(t0 + day * i / std::max(1, points - 1)));
    v.numbers.push_back(value(i));
  }
  f.fields = {time, v};
  return f;
}

panel ts(std::vector<frame> frames, const char* field_config) {
  auto p = make_panel("timeseries", "Traffic", {0, 0, 12, 8});
  p.frames = std::move(frames);
  p.field_config = obj(field_config);
  p.options = obj(R"({"legend":{"showLegend":false,"displayMode":"hidden"}})");
  return p;
}

double wave(int i) { return 50 + 40 * std::sin(i * 0.2); }

struct found {
  int count = 0;
  int min_x = 1 << 20, max_x = -1, min_y = 1 << 20, max_y = -1;
  double sum_x = 0;
  double mean_x() const { return count ? sum_x / count : 0; }
};

bool near(std::uint32_t c, std::uint32_t want, int tol = 40) {
  auto ch = [](std::uint32_t v, int s) { return static_cast<int>((v >> s) & 0xff); };
  return std::abs(ch(c, 16) - ch(want, 16)) <= tol && std::abs(ch(c, 8) - ch(want, 8)) <= tol &&
         std::abs(ch(c, 0) - ch(want, 0)) <= tol;
}

found pixels_near(const panel_pixels& img, std::uint32_t want, int tol = 40, rect r = box) {
  found f;
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x)
      if (near(img.rgb(x, y), want, tol)) {
        ++f.count;
        f.min_x = std::min(f.min_x, x);
        f.max_x = std::max(f.max_x, x);
        f.min_y = std::min(f.min_y, y);
        f.max_y = std::max(f.max_y, y);
        f.sum_x += x;
      }
  return f;
}

std::vector<word_box> words_of(const panel& p) { return pdf_words(panel_pdf(p, box)); }

const word_box* word(const std::vector<word_box>& ws, const std::string& text) {
  for (const auto& w : ws)
    if (w.text == text) return &w;
  return nullptr;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TEST_CASE("an override with axisPlacement right puts that series' ticks on the right", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, wave), frame_of("tx", 100, [](int i) { return 2000 + 10 * i; })},
              R"({"defaults":{"unit":"percent"},"overrides":[{"matcher":{"id":"byName","options":"tx"},
                 "properties":[{"id":"unit","value":"decbytes"},{"id":"custom.axisPlacement","value":"right"}]}]})");
  auto ws = words_of(p);
  int left_pct = 0, right_bytes = 0, misplaced = 0;
  const double mid = box.x + box.w / 2;
  for (const auto& w : ws) {
    if (ends_with(w.text, "%")) (w.x1 < mid ? left_pct : misplaced)++;
    if (w.text == "kB") (w.x0 > mid ? right_bytes : misplaced)++;
  }
  CHECK(left_pct >= 2);
  CHECK(right_bytes >= 2);
  CHECK(misplaced == 0);
}

TEST_CASE("a second unit left on auto gets its own axis on the right, as in Grafana", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, wave), frame_of("tx", 100, [](int i) { return 2000 + 10 * i; })},
              R"({"defaults":{"unit":"percent"},"overrides":[{"matcher":{"id":"byName","options":"tx"},
                 "properties":[{"id":"unit","value":"decbytes"}]}]})");
  auto ws = words_of(p);
  const double mid = box.x + box.w / 2;
  int right_bytes = 0;
  for (const auto& w : ws)
    if (w.text == "kB" && w.x0 > mid) ++right_bytes;
  CHECK(right_bytes >= 2);
}

TEST_CASE("axisPlacement hidden draws no tick labels", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, wave)}, R"({"defaults":{"unit":"percent","custom":{"axisPlacement":"hidden"}},"overrides":[]})");
  for (const auto& w : words_of(p)) CHECK_FALSE(ends_with(w.text, "%"));
}

TEST_CASE("a negative-Y series is drawn below zero, mirrored", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, wave), frame_of("tx", 100, wave)},
              R"({"defaults":{"custom":{"lineWidth":2},"color":{"mode":"fixed","fixedColor":"#ff0000"}},"overrides":[
                 {"matcher":{"id":"byName","options":"tx"},"properties":[{"id":"custom.transform","value":"negative-Y"},
                 {"id":"color","value":{"mode":"fixed","fixedColor":"#0000ff"}}]}]})");
  panel_pixels img(p, box);
  auto red = pixels_near(img, 0xff0000), blue = pixels_near(img, 0x0000ff);
  REQUIRE(red.count > 50);
  REQUIRE(blue.count > 50);
  CHECK(blue.min_y > red.max_y);  // every transmit pixel under every receive pixel
  auto ws = words_of(p);
  bool negative_tick = std::any_of(ws.begin(), ws.end(), [](const word_box& w) { return w.text.rfind("-", 0) == 0 || w.text.rfind("\u2212", 0) == 0; });
  CHECK(negative_tick);
}

TEST_CASE("an axis label is drawn beside its axis", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, wave)}, R"({"defaults":{"custom":{"axisLabel":"Requests"}},"overrides":[]})");
  std::string text = pdf_text(panel_pdf(p, box));
  CHECK(contains(text, "Requests"));
  auto ws = words_of(p);
  const auto* label = word(ws, "Requests");
  REQUIRE(label != nullptr);
  CHECK(label->x1 < box.x + 30);   // at the far left, before the tick labels
  CHECK(label->height() > 30);     // rotated: tall and narrow
}

TEST_CASE("soft and hard limits set the axis range", "[draw][timeseries][axes]") {
  auto soft = ts({frame_of("rx", 100, wave)}, R"({"defaults":{"custom":{"axisSoftMax":200}},"overrides":[]})");
  CHECK(word(words_of(soft), "200") != nullptr);
  auto hard = ts({frame_of("rx", 100, wave)}, R"({"defaults":{"min":20,"max":60},"overrides":[]})");
  auto ws = words_of(hard);
  CHECK(word(ws, "20") != nullptr);
  CHECK(word(ws, "60") != nullptr);
  CHECK(word(ws, "80") == nullptr);
  CHECK(word(ws, "0") == nullptr);
}

TEST_CASE("axisCenteredZero makes the range symmetric around zero", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, wave)}, R"({"defaults":{"custom":{"axisCenteredZero":true}},"overrides":[]})");
  auto ws = words_of(p);
  CHECK(word(ws, "100") != nullptr);
  CHECK(word(ws, "-100") != nullptr);
}

TEST_CASE("a log axis has a tick at each power of its base, evenly spaced", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("rx", 100, [](int i) { return std::pow(10.0, 3.0 * i / 99); })},
              R"({"defaults":{"custom":{"scaleDistribution":{"type":"log","log":10}}},"overrides":[]})");
  auto ws = words_of(p);
  const auto *a = word(ws, "10"), *b = word(ws, "100"), *c = word(ws, "1000");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  REQUIRE(c != nullptr);
  CHECK(word(ws, "500") == nullptr);
  CHECK(std::fabs((a->y0 - b->y0) - (b->y0 - c->y0)) < 1.5);
}

TEST_CASE("value mappings name the ticks", "[draw][timeseries][axes]") {
  auto p = ts({frame_of("state", 50, [](int i) { return i % 3; })},
              R"({"defaults":{"decimals":0,"mappings":[{"type":"value","options":{"0":{"text":"Normal"},"1":{"text":"Warning"},
                 "2":{"text":"Critical"}}}]},"overrides":[]})");
  auto ws = words_of(p);
  for (const char* t : {"Normal", "Warning", "Critical"}) {
    INFO(t);
    const auto* w = word(ws, t);
    REQUIRE(w != nullptr);
    CHECK(w->x1 < box.x + box.w / 2);
  }
}

TEST_CASE("a dashed line alternates on and off; a solid one does not", "[draw][timeseries][series]") {
  auto count_runs = [](const char* config) {
    auto p = ts({frame_of("flat", 50, [](int) { return 50; })}, config);
    panel_pixels img(p, box);
    // A 1.5 pt line may straddle two pixel rows at 75 % each: a wide tolerance.
    auto f = pixels_near(img, 0x0000ff, 100);
    REQUIRE(f.count > 0);
    int y = f.min_y, runs = 0;
    bool on = false;
    for (int x = f.min_x; x <= f.max_x; ++x) {
      bool c = near(img.rgb(x, y), 0x0000ff, 100);
      if (c && !on) ++runs;
      on = c;
    }
    return runs;
  };
  CHECK(count_runs(R"({"defaults":{"min":0,"max":100,"color":{"mode":"fixed","fixedColor":"#0000ff"},
      "custom":{"lineWidth":2,"lineStyle":{"fill":"dash","dash":[10,10]}}},"overrides":[]})") > 15);
  CHECK(count_runs(R"({"defaults":{"min":0,"max":100,"color":{"mode":"fixed","fixedColor":"#0000ff"},
      "custom":{"lineWidth":2}},"overrides":[]})") == 1);
}

TEST_CASE("a threshold line is drawn at the threshold's value", "[draw][timeseries][series]") {
  const char* config = R"({"defaults":{"min":0,"max":100,"custom":{"thresholdsStyle":{"mode":"line"}},
      "color":{"mode":"fixed","fixedColor":"#0000ff"},
      "thresholds":{"mode":"absolute","steps":[{"color":"green","value":null},{"color":"#ff0000","value":80}]}},"overrides":[]})";
  auto p = ts({frame_of("rx", 100, [](int) { return 10; })}, config);
  auto ws = words_of(p);
  const auto* label = word(ws, "80");
  REQUIRE(label != nullptr);
  const double label_y = (label->y0 + label->y1) / 2;
  panel_pixels img(p, box);
  auto red = pixels_near(img, 0xff4d4d, 50);  // red at 70 % over white
  REQUIRE(red.count > 100);
  CHECK(std::fabs((red.min_y + red.max_y) / 2.0 - label_y) < 2.5);
  CHECK(red.max_y - red.min_y <= 3);
}

TEST_CASE("threshold areas tint the band above the threshold", "[draw][timeseries][series]") {
  const char* config = R"({"defaults":{"min":0,"max":100,"custom":{"thresholdsStyle":{"mode":"area"}},
      "thresholds":{"mode":"absolute","steps":[{"color":"transparent","value":null},{"color":"#ff0000","value":80}]}},"overrides":[]})";
  auto p = ts({frame_of("rx", 100, [](int) { return 10; })}, config);
  panel_pixels img(p, box);
  auto tint = pixels_near(img, 0xffd9d9, 12);  // red at 15 % over white
  REQUIRE(tint.count > 1000);
  auto ws = words_of(p);
  const auto *w80 = word(ws, "80"), *w100 = word(ws, "100");
  REQUIRE(w80 != nullptr);
  REQUIRE(w100 != nullptr);
  CHECK(tint.max_y <= (w80->y0 + w80->y1) / 2 + 1.5);
  CHECK(tint.min_y >= (w100->y0 + w100->y1) / 2 - 1.5);
}

TEST_CASE("a threshold step with a fully transparent colour leaves its band untinted", "[draw][timeseries][series]") {
  // Grafana's devenv "Timeseries - Area": base step rgba(115, 191, 105, 0), orange from 60, red from 80.
  const char* config = R"j({"defaults":{"min":0,"max":100,"color":{"mode":"fixed","fixedColor":"#0000ff"},
      "custom":{"thresholdsStyle":{"mode":"area"}},
      "thresholds":{"mode":"absolute","steps":[{"color":"rgba(115, 191, 105, 0)","value":null},
        {"color":"#ff8000","value":60},{"color":"#ff0000","value":80}]}},"overrides":[]})j";
  auto p = ts({frame_of("rx", 100, [](int) { return 10; })}, config);
  panel_pixels img(p, box);
  CHECK(pixels_near(img, 0xedf6ec, 6).count < 200);  // the base green at 15 % over white: no band
  CHECK(pixels_near(img, 0xffefdf, 6).count > 1000);  // the orange band is there
}

TEST_CASE("showPoints auto shows points on a sparse series only; lineWidth 0 draws no line", "[draw][timeseries][series]") {
  const char* config = R"({"defaults":{"color":{"mode":"fixed","fixedColor":"#0000ff"},
      "custom":{"lineWidth":0,"showPoints":"auto","pointSize":6}},"overrides":[]})";
  panel_pixels sparse(ts({frame_of("rx", 12, wave)}, config), box);
  panel_pixels dense(ts({frame_of("rx", 400, wave)}, config), box);
  CHECK(pixels_near(sparse, 0x0000ff).count > 12 * 4);
  CHECK(pixels_near(dense, 0x0000ff).count == 0);
}

TEST_CASE("spanNulls bridges gaps up to its threshold", "[draw][timeseries][series]") {
  // 49 points an half hour apart; 6 nulls in the middle: a 3.5-hour gap.
  auto gappy = [](const char* span) {
    std::string config = std::string(R"({"defaults":{"min":0,"max":100,"color":{"mode":"fixed","fixedColor":"#0000ff"},
        "custom":{"lineWidth":2,"spanNulls":)") + span + R"(}},"overrides":[]})";
    auto p = ts({frame_of("rx", 49, [](int i) { return i >= 21 && i <= 26 ? std::nan("") : 50.0; })}, config.c_str());
    panel_pixels img(p, box);
    auto f = pixels_near(img, 0x0000ff, 100);
    REQUIRE(f.count > 0);
    int mid = (f.min_x + f.max_x) / 2, hits = 0;
    for (int y = static_cast<int>(box.y); y < static_cast<int>(box.bottom()); ++y)
      if (near(img.rgb(mid, y), 0x0000ff, 100)) ++hits;
    return hits;
  };
  CHECK(gappy("false") == 0);
  CHECK(gappy("true") > 0);
  CHECK(gappy("3600000") == 0);   // 1 h: the gap is longer
  CHECK(gappy("14400000") > 0);   // 4 h: bridged
}

TEST_CASE("fillBelowTo fills between two series only", "[draw][timeseries][series]") {
  auto p = ts({frame_of("high", 50, [](int) { return 80; }), frame_of("low", 50, [](int) { return 20; })},
              R"({"defaults":{"min":0,"max":100,"custom":{"fillOpacity":0,"lineWidth":1},"color":{"mode":"fixed","fixedColor":"#0000ff"}},
                 "overrides":[{"matcher":{"id":"byName","options":"high"},"properties":[{"id":"custom.fillOpacity","value":50},
                 {"id":"custom.fillBelowTo","value":"low"}]}]})");
  panel_pixels img(p, box);
  auto fill = pixels_near(img, 0x8080ff, 20);
  REQUIRE(fill.count > 1000);
  auto ws = words_of(p);
  const auto *w20 = word(ws, "20"), *w80 = word(ws, "80");
  REQUIRE(w20 != nullptr);
  REQUIRE(w80 != nullptr);
  CHECK(fill.min_y >= (w80->y0 + w80->y1) / 2 - 2.5);
  CHECK(fill.max_y <= (w20->y0 + w20->y1) / 2 + 2.5);
}

TEST_CASE("fillBelowTo without a fill opacity fills at Grafana's 35 %; to no series, not at all", "[draw][timeseries][series]") {
  auto band = [](const char* target) {
    std::string config = std::string(R"({"defaults":{"min":0,"max":100,"custom":{"fillOpacity":0,"lineWidth":0,"showPoints":"never"},
        "color":{"mode":"fixed","fixedColor":"#0000ff"}},"overrides":[{"matcher":{"id":"byName","options":"high"},
        "properties":[{"id":"custom.fillBelowTo","value":")") + target + R"("}]}]})";
    panel_pixels img(ts({frame_of("high", 50, [](int) { return 80; }), frame_of("low", 50, [](int) { return 20; })}, config.c_str()), box);
    return pixels_near(img, 0xa6a6ff, 12).count;  // blue at 35 % over white
  };
  CHECK(band("low") > 1000);
  CHECK(band("nobody") == 0);
}

TEST_CASE("gradientMode opacity fades the fill downwards", "[draw][timeseries][series]") {
  auto p = ts({frame_of("rx", 50, [](int) { return 100; })},
              R"({"defaults":{"min":0,"max":100,"custom":{"fillOpacity":80,"gradientMode":"opacity"},
                 "color":{"mode":"fixed","fixedColor":"#0000ff"}},"overrides":[]})");
  panel_pixels img(p, box);
  const int x = static_cast<int>(box.x + box.w / 2);
  auto blueness = [&](int y) { return 255 - static_cast<int>((img.rgb(x, y) >> 16) & 0xff); };
  auto ws = words_of(p);
  const auto *w0 = word(ws, "0"), *w100 = word(ws, "100");
  REQUIRE(w0 != nullptr);
  REQUIRE(w100 != nullptr);
  const int top = static_cast<int>((w100->y0 + w100->y1) / 2) + 6, bottom = static_cast<int>((w0->y0 + w0->y1) / 2) - 6;
  CHECK(blueness(top) > blueness((top + bottom) / 2) + 20);
  CHECK(blueness((top + bottom) / 2) > blueness(bottom) + 20);
}

TEST_CASE("barAlignment moves bars before, onto or after their point", "[draw][timeseries][series]") {
  auto mean_x = [](int align) {
    std::string config = R"({"defaults":{"min":0,"max":100,"color":{"mode":"fixed","fixedColor":"#0000ff"},
        "custom":{"drawStyle":"bars","barAlignment":)" + std::to_string(align) + R"(}},"overrides":[]})";
    // Six bars in the middle half of the day, none cut by the plot's edges.
    auto f = frame_of("rx", 6, [](int) { return 50; });
    for (double& t : f.fields[0].numbers) t = static_cast<double>(t0 + day / 4) + (t - static_cast<double>(t0)) / 2;
    panel_pixels img(ts({f}, config.c_str()), box);
    return pixels_near(img, 0x3333ff, 60).mean_x();
  };
  const double before = mean_x(-1), centre = mean_x(0), after = mean_x(1);
  CHECK(before < centre - 2);
  CHECK(after > centre + 2);
}

TEST_CASE("legacy graph: seriesOverrides put a series on the right axis, mirrored", "[draw][timeseries][legacy]") {
  auto p = make_panel("graph", "Network", {0, 0, 12, 8});
  p.frames = {frame_of("rx", 100, wave), frame_of("tx", 100, wave)};
  p.raw = obj(R"({"type":"graph","lines":true,"linewidth":2,"fill":0,"legend":{"show":false},
      "yaxes":[{"format":"percent","show":true},{"format":"decbytes","show":true}],
      "aliasColors":{"rx":"#ff0000"},
      "seriesOverrides":[{"alias":"/^t/","yaxis":2,"transform":"negative-Y","dashes":true,"color":"#0000ff"}]})");
  auto ws = words_of(p);
  const double mid = box.x + box.w / 2;
  int right_bytes = 0, left_pct = 0;
  for (const auto& w : ws) {
    if (w.text == "B" && w.x0 > mid) ++right_bytes;
    if (ends_with(w.text, "%") && w.x1 < mid) ++left_pct;
  }
  CHECK(right_bytes >= 2);
  CHECK(left_pct >= 2);
  // Mirrored: the right axis counts down from zero.
  int right_negative = 0;
  for (const auto& w : ws)
    if (w.x0 > mid && w.text.rfind("-", 0) == 0) ++right_negative;
  CHECK(right_negative >= 2);
  // aliasColors and the override's color paint the lines.
  panel_pixels img(p, box);
  CHECK(pixels_near(img, 0xff0000).count > 50);
  CHECK(pixels_near(img, 0x0000ff).count > 20);
}

TEST_CASE("legacy graph: thresholds[] tint bands (gt up, lt down to the next) and draw lines", "[draw][timeseries][legacy]") {
  // Grafana's "Angular bands with gap": gt 80 critical, lt 40 warning (down to 20), lt 20 critical.
  auto p = make_panel("graph", "Bands", {0, 0, 12, 8});
  p.frames = {frame_of("cpu", 100, [](int) { return 60; })};
  p.raw = obj(R"({"type":"graph","lines":true,"fill":0,"legend":{"show":false},
      "aliasColors":{"cpu":"#0000ff"},
      "yaxes":[{"format":"short","min":"0","max":"100","show":true},{"format":"short","show":true}],
      "thresholds":[{"colorMode":"critical","fill":true,"line":true,"op":"gt","value":80,"yaxis":"left"},
                    {"colorMode":"warning","fill":true,"line":false,"op":"lt","value":40,"yaxis":"left"},
                    {"colorMode":"critical","fill":true,"line":false,"op":"lt","value":20,"yaxis":"left"}]})");
  auto ws = words_of(p);
  auto mid_y = [&](const char* t) {
    const auto* w = word(ws, t);
    REQUIRE(w != nullptr);
    return (w->y0 + w->y1) / 2;
  };
  const double y100 = mid_y("100"), y80 = mid_y("80"), y40 = mid_y("40"), y20 = mid_y("20"), y0 = mid_y("0");
  panel_pixels img(p, box);
  const std::uint32_t critical = 0xfdeeee, warning = 0xfdf1e2, line = 0xf48274;  // Grafana's tints over white
  auto between = [&](std::uint32_t c, double top, double bottom) {
    return pixels_near(img, c, 4, {box.x, top + 2, box.w, bottom - top - 4}).count;
  };
  CHECK(between(critical, y100, y80) > 1000);
  CHECK(between(critical, y20, y0) > 1000);
  CHECK(between(warning, y40, y20) > 1000);
  CHECK(between(warning, y80, y40) == 0);
  CHECK(between(critical, y80, y40) == 0);
  auto l = pixels_near(img, line, 70, {box.x + box.w / 4, y100 + 2, box.w / 2, y40 - y100 - 4});  // 1 px, anti-aliased
  REQUIRE(l.count > 100);
  CHECK(std::fabs((l.min_y + l.max_y) / 2.0 - y80) < 2.5);
  CHECK(l.max_y - l.min_y <= 3);
}

TEST_CASE("a filled series far from zero keeps an axis round its data", "[draw][timeseries][axes]") {
  // Grafana fills to the bottom of the plot when zero is outside the range; the fill does not
  // stretch the axis down to 0 (which would flatten a 95..100 series to a line).
  auto p = ts({frame_of("load", 60, [](int i) { return 95 + 5 * std::sin(i * 0.3); })},
              R"({"defaults":{"custom":{"fillOpacity":30}},"overrides":[]})");
  auto ws = words_of(p);
  CHECK(word(ws, "0") == nullptr);
  CHECK(word(ws, "100") != nullptr);
  const bool tick_near_data = std::any_of(ws.begin(), ws.end(), [](const word_box& w) {
    try {
      const double v = std::stod(w.text);
      return v >= 88 && v < 100;
    } catch (const std::exception&) {
      return false;
    }
  });
  CHECK(tick_near_data);
}
