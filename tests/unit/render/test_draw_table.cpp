// Table panels as a reader of the PDF sees them: display names, sorted rows, footer values,
// no header when hidden, cell colours and gauges in the colours of the values put in.
#include "catch_prelude.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "render/csv.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

const rect box{20, 20, 600, 300};

// hosts web-0..web-(n-1) with cpu 10, 25, 40, ... and mem 100, 99, ...
panel hosts_table(int n, const char* field_config, const char* options = "{}") {
  panel p = make_panel("table", "Hosts", {0, 0, 12, 10});
  frame f;
  f.ref_id = "A";
  field host{"host", field_type::string, {}, {}, {}};
  field cpu{"cpu", field_type::number, {}, {}, {}};
  field mem{"mem", field_type::number, {}, {}, {}};
  for (int i = 0; i < n; ++i) {
    host.strings.push_back("web-" + std::to_string(i));
    cpu.numbers.push_back(10 + 15 * i);
    mem.numbers.push_back(100 - i);
  }
  f.fields = {host, cpu, mem};
  p.frames = {f};
  p.field_config = obj(field_config);
  p.options = obj(options);
  return p;
}

std::vector<std::string> texts(const std::vector<word_box>& words) {
  std::vector<std::string> out;
  for (const auto& w : words) out.push_back(w.text);
  return out;
}

const word_box* find_word(const std::vector<word_box>& words, const std::string& text) {
  for (const auto& w : words)
    if (w.text == text) return &w;
  return nullptr;
}

std::uint32_t hex(const rgba& c) {
  auto ch = [](double v) { return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  return ch(c.r) << 16 | ch(c.g) << 8 | ch(c.b);
}

bool near(std::uint32_t a, std::uint32_t b, int tol = 3) {
  for (int shift : {0, 8, 16})
    if (std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff)) > tol) return false;
  return true;
}

// The most frequent colour on the horizontal line y from x0 to x1.
std::uint32_t dominant(const panel_pixels& px, double x0, double x1, double y) {
  std::map<std::uint32_t, int> n;
  for (int x = static_cast<int>(x0); x < static_cast<int>(x1); ++x) ++n[px.rgb(x, static_cast<int>(y))];
  return std::max_element(n.begin(), n.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

bool has_color(const panel_pixels& px, double x0, double x1, double y, std::uint32_t want) {
  for (int x = static_cast<int>(x0); x < static_cast<int>(x1); ++x)
    if (near(px.rgb(x, static_cast<int>(y)), want)) return true;
  return false;
}

constexpr const char* red_above_50 =
    R"({"defaults":{"min":0,"max":100,"thresholds":{"mode":"absolute","steps":[{"color":"green","value":null},{"color":"red","value":50}]},
        "custom":{"align":"left"}},"overrides":[)";

}  // namespace

TEST_CASE("a table shows display names, rows in sortBy order and the footer's sums", "[draw][table]") {
  auto p = hosts_table(5,
                       R"({"defaults":{},"overrides":[{"matcher":{"id":"byName","options":"cpu"},
                           "properties":[{"id":"displayName","value":"CPU load"}]}]})",
                       R"({"sortBy":[{"displayName":"CPU load","desc":true}],
                           "footer":{"show":true,"reducer":["sum"],"fields":""}})");
  const auto words = pdf_words(panel_pdf(p, box));
  const auto all = texts(words);
  CHECK(find_word(words, "load") != nullptr);
  CHECK(find_word(words, "cpu") == nullptr);  // the display name replaces the field name
  // Descending by CPU: web-4 (70) first, web-0 (10) last.
  std::vector<double> ys;
  for (int i = 4; i >= 0; --i) {
    const auto* w = find_word(words, "web-" + std::to_string(i));
    REQUIRE(w != nullptr);
    ys.push_back(w->y0);
  }
  CHECK(std::is_sorted(ys.begin(), ys.end()));
  // Footer: "Total" under host, 10+25+40+55+70 = 200 under CPU, 100+...+96 = 490 under mem.
  const auto* total = find_word(words, "Total");
  const auto* cpu_sum = find_word(words, "200");
  const auto* mem_sum = find_word(words, "490");
  REQUIRE(total != nullptr);
  REQUIRE(cpu_sum != nullptr);
  REQUIRE(mem_sum != nullptr);
  CHECK(cpu_sum->y0 > ys.back());
  CHECK(std::abs(cpu_sum->y0 - total->y0) < 1);
}

TEST_CASE("a footer of chosen fields with another reducer, and countRows", "[draw][table]") {
  auto p = hosts_table(4, R"({"defaults":{},"overrides":[]})",
                       R"({"footer":{"show":true,"reducer":["mean"],"fields":["mem"]}})");
  auto words = pdf_words(panel_pdf(p, box));
  CHECK(find_word(words, "98.5") != nullptr);  // mean of 100, 99, 98, 97
  CHECK(find_word(words, "Mean") != nullptr);
  CHECK(find_word(words, "130") == nullptr);   // cpu's sum is not asked for
  p.options = obj(R"({"footer":{"show":true,"countRows":true}})");
  words = pdf_words(panel_pdf(p, box));
  CHECK(find_word(words, "Count:") != nullptr);
  CHECK(find_word(words, "4") != nullptr);
}

TEST_CASE("showHeader false draws no header row", "[draw][table]") {
  auto p = hosts_table(3, R"({"defaults":{},"overrides":[]})");
  CHECK(find_word(pdf_words(panel_pdf(p, box)), "host") != nullptr);
  p.options = obj(R"({"showHeader":false})");
  const auto words = pdf_words(panel_pdf(p, box));
  CHECK(find_word(words, "host") == nullptr);
  CHECK(find_word(words, "mem") == nullptr);
  CHECK(find_word(words, "web-0") != nullptr);
}

TEST_CASE("rows that do not fit are counted, never silently cut", "[draw][table]") {
  auto p = hosts_table(120, R"({"defaults":{},"overrides":[]})");
  const auto words = pdf_words(panel_pdf(p, box));
  std::size_t shown = 0;
  for (const auto& w : words)
    if (w.text.rfind("web-", 0) == 0) ++shown;
  REQUIRE(shown > 3);
  REQUIRE(shown < 120);
  std::string line;
  for (const auto& w : words) line += w.text + " ";
  CHECK(line.find(std::to_string(120 - shown) + " more rows") != std::string::npos);
}

TEST_CASE("hidden columns are not drawn and not in the CSV", "[draw][table][csv]") {
  auto p = hosts_table(3, R"({"defaults":{},"overrides":[{"matcher":{"id":"byName","options":"mem"},
                           "properties":[{"id":"custom.hidden","value":true}]}]})");
  const auto words = pdf_words(panel_pdf(p, box));
  CHECK(find_word(words, "mem") == nullptr);
  CHECK(find_word(words, "100") == nullptr);
  CHECK(find_word(words, "cpu") != nullptr);
  CHECK(table_csv(p, "utf-8").rfind("host,cpu\r\nweb-0,10\r\n", 0) == 0);
}

TEST_CASE("alignment and width overrides place the columns", "[draw][table]") {
  // auto: numbers right-aligned, text left; custom.width 100 px of the 960 px panel.
  auto p = hosts_table(3, R"({"defaults":{},"overrides":[{"matcher":{"id":"byName","options":"host"},
                           "properties":[{"id":"custom.width","value":100}]}]})");
  auto words = pdf_words(panel_pdf(p, box));
  const auto* host = find_word(words, "host");
  const auto* cpu = find_word(words, "cpu");
  const auto* mem = find_word(words, "mem");
  const auto* v10 = find_word(words, "10");
  const auto* v25 = find_word(words, "25");
  REQUIRE((host && cpu && mem && v10 && v25));
  const double body_w = (mem->x1 - host->x0);  // about the body width, less the paddings
  // host takes about 100/960 of the width: cpu's column starts there and is right-aligned,
  // so its header ends where its values end, near the middle of the rest.
  CHECK(std::abs(cpu->x1 - v10->x1) < 1);
  CHECK(std::abs(v10->x1 - v25->x1) < 1);
  CHECK(cpu->x1 > host->x0 + body_w * 0.45);
  CHECK(cpu->x1 < host->x0 + body_w * 0.65);
  // align left on cpu: header and values start at the column's left, after host's 100 px.
  p.field_config = obj(R"({"defaults":{},"overrides":[{"matcher":{"id":"byName","options":"host"},
      "properties":[{"id":"custom.width","value":100}]},{"matcher":{"id":"byName","options":"cpu"},
      "properties":[{"id":"custom.align","value":"left"}]}]})");
  words = pdf_words(panel_pdf(p, box));
  const auto* cpu_left = find_word(words, "cpu");
  const auto* v10_left = find_word(words, "10");
  REQUIRE((cpu_left && v10_left));
  CHECK(std::abs(cpu_left->x0 - v10_left->x0) < 1);
  CHECK(cpu_left->x0 < host->x0 + body_w * 0.15);
}

TEST_CASE("several frames: the first is drawn with a note, and the CSV holds the same table", "[draw][table][csv]") {
  auto p = hosts_table(3, R"({"defaults":{},"overrides":[]})");
  frame second;
  second.ref_id = "B";
  second.fields = {{"other", field_type::string, {}, {"x-1", "x-2"}, {}}};
  frame third = second;
  third.ref_id = "C";
  p.frames.push_back(second);
  p.frames.push_back(third);
  const auto all = texts(pdf_words(panel_pdf(p, box)));
  std::string joined;
  for (const auto& w : all) joined += w + " ";
  CHECK(joined.find("frame 1 of 3: A") != std::string::npos);
  CHECK(joined.find("x-1") == std::string::npos);
  CHECK(table_csv(p, "utf-8") == "host,cpu,mem\r\nweb-0,10,100\r\nweb-1,25,99\r\nweb-2,40,98\r\n");
}

TEST_CASE("color-background cells are filled with the threshold colour of their value", "[draw][table][pixels]") {
  for (const char* mode : {"basic", "gradient"}) {
    auto p = hosts_table(5, (std::string(red_above_50) + R"({"matcher":{"id":"byName","options":"cpu"},"properties":[
        {"id":"custom.cellOptions","value":{"type":"color-background","mode":")" + mode + R"("}}]}]})").c_str());
    const auto words = pdf_words(panel_pdf(p, box));
    const auto* cpu = find_word(words, "cpu");
    const auto* mem = find_word(words, "mem");
    const auto* low = find_word(words, "25");   // green
    const auto* high = find_word(words, "70");  // red
    REQUIRE((cpu && mem && low && high));
    panel_pixels px(p, box);
    // Across the cell from the column's left edge to the next column's text.
    const double x0 = cpu->x0 - 1;
    const double x1 = mem->x0 - 4;
    const auto green = hex(*parse_color("green"));
    const auto red = hex(*parse_color("red"));
    if (std::string(mode) == "basic") {
      CHECK(near(dominant(px, x0, x1, (low->y0 + low->y1) / 2), green));
      CHECK(near(dominant(px, x0, x1, (high->y0 + high->y1) / 2), red));
    } else {
      // The gradient ends in the value's colour at the cell's right.
      CHECK(has_color(px, x0, x1, high->y1, red));
      CHECK(has_color(px, x0, x1, low->y1, green));
      CHECK(!has_color(px, x0, x1, low->y1, red));
    }
  }
}

TEST_CASE("gauge cells draw a bar in the threshold colour of their value", "[draw][table][pixels]") {
  const auto th = theme_named("light");
  const rgba red = *parse_color("red");
  const rgba green = *parse_color("green");
  auto gauge = [&](const char* mode) {
    return hosts_table(5, (std::string(red_above_50) + R"({"matcher":{"id":"byName","options":"cpu"},"properties":[
        {"id":"custom.cellOptions","value":{"type":"gauge","mode":")" + mode + R"("}}]}]})").c_str());
  };
  SECTION("basic: the value colour at 35 % over the track") {
    auto p = gauge("basic");
    const auto words = pdf_words(panel_pdf(p, box));
    const auto* cpu = find_word(words, "cpu");
    const auto* high = find_word(words, "70");
    const auto* low = find_word(words, "25");
    REQUIRE((cpu && high && low));
    panel_pixels px(p, box);
    auto blend = [&](const rgba& c) {
      return hex({0.35 * c.r + 0.65 * th.grid.r, 0.35 * c.g + 0.65 * th.grid.g, 0.35 * c.b + 0.65 * th.grid.b, 1});
    };
    // The bar starts at the column's left: a few points in, at the row's middle.
    CHECK(near(px.rgb(static_cast<int>(cpu->x0 + 4), static_cast<int>((high->y0 + high->y1) / 2)), blend(red)));
    CHECK(near(px.rgb(static_cast<int>(cpu->x0 + 4), static_cast<int>((low->y0 + low->y1) / 2)), blend(green)));
    // 70 % of the range fills more of the bar than 25 %.
    const int yh = static_cast<int>((high->y0 + high->y1) / 2);
    const int yl = static_cast<int>((low->y0 + low->y1) / 2);
    int filled_high = 0, filled_low = 0;
    for (int x = static_cast<int>(cpu->x0); x < static_cast<int>(high->x0) - 2; ++x) {
      filled_high += near(px.rgb(x, yh), blend(red));
      filled_low += near(px.rgb(x, yl), blend(green));
    }
    CHECK(filled_high > filled_low * 2);
  }
  SECTION("lcd: lit cells take the colour of their place in the range") {
    auto p = gauge("lcd");
    const auto words = pdf_words(panel_pdf(p, box));
    const auto* cpu = find_word(words, "cpu");
    const auto* high = find_word(words, "70");
    const auto* low = find_word(words, "25");
    REQUIRE((cpu && high && low));
    panel_pixels px(p, box);
    const double yh = (high->y0 + high->y1) / 2;
    const double yl = (low->y0 + low->y1) / 2;
    // 70: cells below 50 % lit green, 50..70 % lit red; 25: green only.
    CHECK(has_color(px, cpu->x0, high->x0 - 2, yh, hex(green)));
    CHECK(has_color(px, cpu->x0, high->x0 - 2, yh, hex(red)));
    CHECK(has_color(px, cpu->x0, low->x0 - 2, yl, hex(green)));
    CHECK(!has_color(px, cpu->x0, low->x0 - 2, yl, hex(red)));
  }
}

TEST_CASE("legacy custom.displayMode color-background-solid is a basic colour background", "[draw][table][pixels]") {
  auto p = hosts_table(5, (std::string(red_above_50) + R"({"matcher":{"id":"byName","options":"cpu"},"properties":[
      {"id":"custom.displayMode","value":"color-background-solid"}]}]})").c_str());
  const auto words = pdf_words(panel_pdf(p, box));
  const auto* cpu = find_word(words, "cpu");
  const auto* mem = find_word(words, "mem");
  const auto* high = find_word(words, "70");
  REQUIRE((cpu && mem && high));
  panel_pixels px(p, box);
  CHECK(near(dominant(px, cpu->x0 - 1, mem->x0 - 4, (high->y0 + high->y1) / 2), hex(*parse_color("red"))));
}

TEST_CASE("value mappings give cells their text and colour", "[draw][table][pixels]") {
  auto p = hosts_table(3, R"({"defaults":{"custom":{"cellOptions":{"type":"color-background","mode":"basic"}},
      "mappings":[{"type":"value","options":{"25":{"text":"busy","color":"purple"}}}]},"overrides":[]})");
  const auto words = pdf_words(panel_pdf(p, box));
  const auto* busy = find_word(words, "busy");
  REQUIRE(busy != nullptr);
  CHECK(find_word(words, "25") == nullptr);
  panel_pixels px(p, box);
  CHECK(has_color(px, busy->x0 - 20, busy->x0 - 1, (busy->y0 + busy->y1) / 2, hex(*parse_color("purple"))));
}
