#include "catch_prelude.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include <cairo.h>
#include <unistd.h>

#include "render/draw/draw_panels.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

struct canvas {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t* cr = cairo_create(surface);
  ~canvas() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

// Counts pixels in `r` that differ from the panel background (white in the light theme).
int ink(cairo_surface_t* s, const rect& r) {
  cairo_surface_flush(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  int count = 0;
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x) {
      auto px = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4) & 0xffffff;
      if (px != 0xffffff) ++count;
    }
  return count;
}

int draw_and_count(const panel& p) {
  canvas c;
  text_painter text(c.cr);
  const theme& th = theme_named("light");
  time_window range{t0, t0 + day, "Europe/Warsaw", "", ""};
  draw_context ctx{c.cr, text, th, range, 1};
  fill_rect(c.cr, {0, 0, 400, 300}, th.page);
  draw_panel(ctx, p, {0, 0, 400, 300});
  // The body only: below the title bar, inside the border.
  return ink(c.surface, {10, 40, 380, 250});
}

// Whether `px` is `c` laid over the white panel at some opacity of at least `min_opacity`:
// a series' line, its antialiased edge, its fill, but not a blend with another colour.
bool tint_of(std::uint32_t px, const rgba& c, double min_opacity = 0.15) {
  const double p[3] = {((px >> 16) & 255) / 255.0, ((px >> 8) & 255) / 255.0, (px & 255) / 255.0};
  const double k[3] = {c.r, c.g, c.b};
  double lo = 2, hi = -1;
  for (int i = 0; i < 3; ++i) {
    if (1 - k[i] < 0.1) {  // a channel the colour keeps near white says nothing about opacity
      if (p[i] < 0.9) return false;
      continue;
    }
    const double t = (1 - p[i]) / (1 - k[i]);
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  return hi <= 1.05 && hi - lo <= 0.1 && lo >= min_opacity;
}

const rect panel_box{20, 20, 400, 300};
const rect body_box{30, 60, 380, 250};  // below the title bar, inside the border

// Pixels of the panel's body in colour `c` (at any opacity).
int body_pixels_in(const panel& p, const rgba& c) {
  panel_pixels px(p, panel_box);
  int n = 0;
  for (int y = static_cast<int>(body_box.y); y < static_cast<int>(body_box.bottom()); ++y)
    for (int x = static_cast<int>(body_box.x); x < static_cast<int>(body_box.right()); ++x)
      if (tint_of(px.rgb(x, y), c)) ++n;
  return n;
}

bool has_word(const std::vector<word_box>& words, const std::string& text) {
  return std::any_of(words.begin(), words.end(), [&](const word_box& w) { return w.text == text; });
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

TEST_CASE("every panel type shows its data: names, values, cells, text and series colours", "[draw]") {
  const auto alpha = palette_color(0), beta = palette_color(1);
  const auto legacy_alpha = legacy_palette_color(0), legacy_beta = legacy_palette_color(1);  // the old graph panel
  const auto base_green = *parse_color("#73BF69");  // Grafana's default base threshold
  // pdftotext -bbox writes words as HTML: "<item>" comes back escaped.
  const auto alpha_last = one_decimal(make_panel("stat", "t", {}).frames[0].fields[1].numbers.back());
  struct expectation {
    const char* type;
    std::vector<std::string> words;
    std::vector<rgba> colours;
  };
  const std::vector<expectation> all = {
      {"timeseries", {"alpha", "beta"}, {alpha, beta}},
      {"graph", {"alpha", "beta"}, {legacy_alpha, legacy_beta}},
      {"piechart", {"alpha", "beta"}, {alpha, beta}},
      {"stat", {"alpha", alpha_last, "beta"}, {base_green}},
      {"gauge", {"alpha", alpha_last, "beta"}, {base_green}},
      {"bargauge", {"alpha", alpha_last, "beta"}, {base_green}},
      {"table", {"host", "cpu", "host-0", "host-4", "6"}, {}},  // rows of Grafana's 36 px height
      {"text", {"Heading", "&lt;item&gt;", "&amp;", "paragraph"}, {}},
  };
  for (const auto& e : all) {
    INFO(e.type);
    auto p = make_panel(e.type, "t", {0, 0, 12, 8});
    CHECK(supported_type(e.type));
    const auto words = pdf_words(panel_pdf(p, panel_box));
    for (const auto& w : e.words) {
      INFO(w);
      CHECK(has_word(words, w));
    }
    for (const auto& c : e.colours)
      CHECK(body_pixels_in(p, c) > 300);
  }
}

TEST_CASE("panels without data say why instead of staying blank", "[draw]") {
  auto empty = make_panel("timeseries", "t", {0, 0, 12, 8});
  empty.frames.clear();
  CHECK(draw_and_count(empty) > 20);
  auto noticed = make_panel("stat", "t", {0, 0, 12, 8});
  noticed.frames.clear();
  noticed.notice = "datasource X is not configured";
  CHECK(draw_and_count(noticed) > 20);
  auto unknown = make_panel("sunburst", "t", {0, 0, 12, 8});
  CHECK_FALSE(supported_type("sunburst"));
  CHECK(draw_and_count(unknown) > 20);
  CHECK(unsupported_message("xyz") == "Panel type \"xyz\" is not supported by the report renderer");
}

TEST_CASE("a panel without data says No data, or the panel's noValue text", "[draw]") {
  auto words_of = [](const panel& p) {
    std::vector<std::string> out;
    for (const auto& w : pdf_words(panel_pdf(p, {0, 0, 300, 160}))) out.push_back(w.text);
    return out;
  };
  auto has = [](const std::vector<std::string>& ws, const std::string& w) {
    return std::find(ws.begin(), ws.end(), w) != ws.end();
  };
  for (const char* type : {"stat", "timeseries", "gauge", "table"}) {
    auto p = make_panel(type, "Uptime", {0, 0, 12, 8});
    p.frames.clear();
    auto plain = words_of(p);
    CHECK(has(plain, "No"));
    CHECK(has(plain, "data"));
    p.field_config = obj(R"({"defaults":{"noValue":"N/A"}})");
    auto set = words_of(p);
    CHECK(has(set, "N/A"));
    CHECK_FALSE(has(set, "data"));
  }
}

namespace {

// Two series of 48 points (bars a few pixels wide), a gap in the first, in `custom` style.
panel styled(const char* custom) {
  auto p = make_panel("timeseries", "t", {0, 0, 12, 8});
  p.frames = {series_frame("alpha", 48, 0), series_frame("beta", 48, 1.5)};
  p.field_config = obj((std::string(R"({"defaults":{"custom":)") + custom + "}}").c_str());
  p.frames[0].fields[1].numbers[10] = std::nan("");
  return p;
}

}  // namespace

TEST_CASE("bars, points, step and smooth lines show each series in its own colour", "[draw]") {
  for (const char* custom : {R"({"drawStyle":"bars"})",
                             R"({"drawStyle":"points"})",
                             R"({"lineInterpolation":"stepAfter","stacking":{"mode":"percent"},"fillOpacity":50})",
                             R"({"lineInterpolation":"smooth","spanNulls":true})"}) {
    INFO(custom);
    auto p = styled(custom);
    CHECK(body_pixels_in(p, palette_color(0)) > 300);
    CHECK(body_pixels_in(p, palette_color(1)) > 300);
  }
}

// Each stacked bar stands on the one below it, as in Grafana: neither series hides the other.
TEST_CASE("stacked bars show each series in its own colour", "[draw]") {
  auto p = styled(R"({"drawStyle":"bars","stacking":{"mode":"normal","group":"A"}})");
  CHECK(body_pixels_in(p, palette_color(1)) > 300);
  CHECK(body_pixels_in(p, palette_color(0)) > 300);
}

TEST_CASE("colours: hex, named Grafana colours, palette", "[draw]") {
  auto red = parse_color("#FF0000");
  REQUIRE(red);
  CHECK(red->r == 1);
  CHECK(red->g == 0);
  auto green = parse_color("green");
  REQUIRE(green);
  CHECK(green->g > green->r);
  CHECK(parse_color("rgba(10, 20, 30, 0.5)")->a == Approx(0.5));
  CHECK_FALSE(parse_color("nonsense"));
  CHECK(palette_color(0).r == Approx(0x73 / 255.0));         // Grafana 8+: green
  CHECK(legacy_palette_color(0).r == Approx(0x7E / 255.0));  // Grafana 6/7
}

TEST_CASE("reductions follow Grafana calc ids and skip nulls", "[draw]") {
  std::vector<double> v{1, std::nan(""), 3, 8, std::nan("")};
  CHECK(reduce(v, "lastNotNull") == 8);
  CHECK(std::isnan(reduce(v, "last")));
  CHECK(reduce(v, "mean") == 4);
  CHECK(reduce(v, "max") == 8);
  CHECK(reduce(v, "min") == 1);
  CHECK(reduce(v, "sum") == 12);
  CHECK(reduce(v, "range") == 7);
  CHECK(std::isnan(reduce({}, "mean")));
}

TEST_CASE("thresholds pick the highest step reached, legacy order included", "[draw]") {
  panel p;
  p.raw = obj(R"({"options-gauge":{"thresholds":[{"color":"#e24d42","value":90},
      {"color":"#ef843c","value":75},{"color":"#7EB26D","value":null}]}})");
  auto steps = panel_thresholds(p);
  REQUIRE(steps.size() == 3);
  CHECK_FALSE(steps[0].value);
  CHECK(threshold_color(steps, 50).g == Approx(0xB2 / 255.0));
  CHECK(threshold_color(steps, 95).r == Approx(0xe2 / 255.0));
}

TEST_CASE("text panels escape markup and format Markdown and HTML", "[draw]") {
  auto m = markdown_to_markup("# Title\n- a <x> & c\nplain");
  CHECK(m.find("<b><span size=\"larger\">Title</span></b>") != std::string::npos);
  CHECK(m.find("\u2022 a &lt;x&gt; &amp; c") != std::string::npos);
  auto h = html_to_lines("<h2>Head</h2><ul><li>one</li><li>two &amp; three</li></ul><script>x()</script>");
  CHECK(h.find("# Head") != std::string::npos);
  CHECK(h.find("- two & three") != std::string::npos);
  CHECK(h.find("x()") == std::string::npos);
}

TEST_CASE("value mappings replace values with their text", "[draw]") {
  panel modern;
  modern.field_config = obj(R"({"defaults":{"unit":"ms","mappings":[
      {"type":"value","options":{"10":{"text":"TEN"}}},
      {"type":"range","options":{"from":90,"to":100,"result":{"text":"BAD"}}},
      {"type":"special","options":{"match":"null","result":{"text":"N/A"}}}]}})");
  CHECK(display_value(modern, 10) == "TEN");
  CHECK(display_value(modern, 95) == "BAD");
  CHECK(display_value(modern, std::nan("")) == "N/A");
  CHECK(display_value(modern, 20) == "20 ms");
  panel legacy;
  legacy.raw = obj(R"({"options-gauge":{"unit":"none","valueMappings":[
      {"type":1,"value":"10","text":"TEN"},{"type":2,"from":"0","to":"5","text":"OK"}]}})");
  CHECK(display_value(legacy, 10) == "TEN");
  CHECK(display_value(legacy, 3) == "OK");
  CHECK(display_value(legacy, 7) == "7");
}

TEST_CASE("a series far denser than the pixels still draws its shape", "[draw]") {
  // A million points swinging between 10 and 90 over the day: a band across the whole plot.
  auto p = make_panel("timeseries", "dense", {0, 0, 12, 8});
  p.frames = {series_frame("dense", 1000000, 0)};
  panel_pixels px(p, panel_box);
  const auto c = palette_color(0);
  int top = 1000, bottom = 0;
  std::vector<int> per_slice(10, 0);
  for (int y = 60; y < 270; ++y)  // the plot, above the time axis and legend
    for (int x = 60; x < 410; ++x)
      if (tint_of(px.rgb(x, y), c, 0.5)) {
        top = std::min(top, y);
        bottom = std::max(bottom, y);
        per_slice[static_cast<std::size_t>((x - 60) * 10 / 350)] += 1;
      }
  for (int n : per_slice) CHECK(n > 100);  // from the first hour to the last
  // The y axis runs 0..100 % over the plot; 10..90 is most of its height.
  const auto words = pdf_words(panel_pdf(p, panel_box));
  auto at = [&](const char* label) {
    auto w = std::find_if(words.begin(), words.end(), [&](const word_box& b) { return b.text == label; });
    REQUIRE(w != words.end());
    return (w->y0 + w->y1) / 2;
  };
  const double y80 = at("80%"), y20 = at("20%");
  CHECK(top < y80);
  CHECK(bottom > y20);
}

TEST_CASE("per-series overrides apply by name", "[draw]") {
  auto p = make_panel("timeseries", "t", {0, 0, 12, 8});
  p.field_config = obj(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byName","options":"beta"},"properties":[
        {"id":"color","value":{"mode":"fixed","fixedColor":"#FF0000"}},
        {"id":"custom.stacking","value":{"group":"B","mode":"normal"}}]}]})");
  auto props = overrides_for(p, "beta");
  REQUIRE(props.size() == 2);
  CHECK(props[1].first == "custom.stacking");
  CHECK(overrides_for(p, "alpha").empty());
  CHECK(series_color(p, "beta", 0).r == 1);
  CHECK(series_color(p, "alpha", 0).r == Approx(0x73 / 255.0));
}

TEST_CASE("legacy singlestat thresholds and colours are read", "[draw]") {
  panel p;
  p.raw = obj(R"j({"thresholds":"50,80","colors":["#299c46","rgba(237, 129, 40, 0.89)","#d44a3a"]})j");
  auto steps = panel_thresholds(p);
  REQUIRE(steps.size() == 3);
  CHECK(*steps[1].value == 50);
  CHECK(*steps[2].value == 80);
  CHECK(threshold_color(steps, 90).r == Approx(0xd4 / 255.0));
  auto stat = make_panel("singlestat", "legacy", {0, 0, 6, 4});
  stat.raw = p.raw;
  CHECK(draw_and_count(stat) > 100);
}
