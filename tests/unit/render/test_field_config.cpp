// Field config as Grafana resolves it: matchers, properties, display names, colour modes,
// percentage thresholds and Grafana 6 fieldOptions.
#include "catch_prelude.hpp"

#include <cmath>

#include "render/draw/field_config.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

field number(const std::string& name, std::vector<double> values, std::map<std::string, std::string> labels = {}) {
  field f;
  f.name = name;
  f.type = field_type::number;
  f.numbers = std::move(values);
  f.labels = std::move(labels);
  return f;
}

field times(std::size_t n) {
  field f;
  f.name = "Time";
  f.type = field_type::time;
  for (std::size_t i = 0; i < n; ++i) f.numbers.push_back(static_cast<double>(t0) + 60000.0 * static_cast<double>(i));
  return f;
}

frame make_frame(const std::string& name, const std::string& ref, std::vector<field> fields) {
  frame fr;
  fr.name = name;
  fr.ref_id = ref;
  fr.fields = std::move(fields);
  return fr;
}

// A panel with three series of two points each: cpu (A), mem (A), disk (B).
panel three_fields(const char* field_config) {
  panel p;
  p.type = "timeseries";
  p.frames = {make_frame("", "A", {times(2), number("cpu", {10, 20}), number("mem", {70, 90})}),
              make_frame("", "B", {times(2), number("disk", {1, 2})})};
  p.field_config = obj(field_config);
  return p;
}

std::string unit_of(const panel& p, std::size_t frame, std::size_t field) {
  return resolve_field(p, p.frames[frame], p.frames[frame].fields[field]).unit;
}

bool near(const rgba& a, unsigned rgb, double tolerance = 1.5 / 255) {
  const double r = ((rgb >> 16) & 255) / 255.0, g = ((rgb >> 8) & 255) / 255.0, b = (rgb & 255) / 255.0;
  return std::abs(a.r - r) <= tolerance && std::abs(a.g - g) <= tolerance && std::abs(a.b - b) <= tolerance;
}

std::string hex_of(const rgba& c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X", static_cast<int>(std::lround(c.r * 255)),
                static_cast<int>(std::lround(c.g * 255)), static_cast<int>(std::lround(c.b * 255)));
  return buf;
}

}  // namespace

// ---- matchers ------------------------------------------------------------------------------

TEST_CASE("byName matches the display name or the field's own name", "[field_config]") {
  auto p = three_fields(R"({"defaults":{"unit":"short"},"overrides":[
      {"matcher":{"id":"byName","options":"mem"},"properties":[{"id":"unit","value":"bytes"}]}]})");
  CHECK(unit_of(p, 0, 1) == "short");
  CHECK(unit_of(p, 0, 2) == "bytes");
  CHECK(unit_of(p, 1, 1) == "short");
  // A renamed field is still found by its own name, and by its display name.
  p.field_config = obj(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byName","options":"disk"},"properties":[{"id":"displayName","value":"Disk IO"}]},
      {"matcher":{"id":"byName","options":"Disk IO"},"properties":[{"id":"unit","value":"iops"}]}]})");
  auto d = resolve_field(p, p.frames[1], p.frames[1].fields[1]);
  CHECK(d.name == "Disk IO");
  CHECK(d.unit == "");  // matchers see the name from before the overrides, as in Grafana
}

TEST_CASE("byRegexp takes a whole-name pattern or /pattern/flags", "[field_config]") {
  auto p = three_fields(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byRegexp","options":"c.u"},"properties":[{"id":"unit","value":"percent"}]},
      {"matcher":{"id":"byRegexp","options":"/^ME/i"},"properties":[{"id":"unit","value":"bytes"}]},
      {"matcher":{"id":"byRegexp","options":"is"},"properties":[{"id":"unit","value":"wrong"}]},
      {"matcher":{"id":"byRegexp","options":"/is/"},"properties":[{"id":"decimals","value":3}]}]})");
  CHECK(unit_of(p, 0, 1) == "percent");
  CHECK(unit_of(p, 0, 2) == "bytes");
  // "is" is anchored (no match on "disk"); "/is/" searches.
  auto disk = resolve_field(p, p.frames[1], p.frames[1].fields[1]);
  CHECK(disk.unit == "");
  CHECK(disk.decimals == 3);
}

TEST_CASE("byNames includes, or with mode exclude picks every other field", "[field_config]") {
  auto p = three_fields(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byNames","options":{"mode":"include","names":["cpu","disk"]}},
       "properties":[{"id":"unit","value":"percent"}]},
      {"matcher":{"id":"byNames","options":{"mode":"exclude","names":["cpu"]}},
       "properties":[{"id":"decimals","value":1}]}]})");
  CHECK(unit_of(p, 0, 1) == "percent");
  CHECK(unit_of(p, 0, 2) == "");
  CHECK(unit_of(p, 1, 1) == "percent");
  CHECK_FALSE(resolve_field(p, p.frames[0], p.frames[0].fields[1]).decimals);
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[2]).decimals == 1);
  CHECK(resolve_field(p, p.frames[1], p.frames[1].fields[1]).decimals == 1);
}

TEST_CASE("byType, byFrameRefID and byValue pick fields by type, query and reduced value", "[field_config]") {
  auto p = three_fields(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byType","options":"time"},"properties":[{"id":"unit","value":"dateTimeAsIso"}]},
      {"matcher":{"id":"byFrameRefID","options":"B"},"properties":[{"id":"unit","value":"iops"}]},
      {"matcher":{"id":"byValue","options":{"reducer":"max","op":"gte","value":50}},
       "properties":[{"id":"color","value":{"mode":"fixed","fixedColor":"red"}}]},
      {"matcher":{"id":"byValue","options":{"reducer":"mean","op":"lt","value":5}},
       "properties":[{"id":"decimals","value":2}]}]})");
  CHECK(unit_of(p, 0, 0) == "dateTimeAsIso");
  CHECK(unit_of(p, 0, 1) == "");
  CHECK(unit_of(p, 1, 1) == "iops");
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[2]).color.mode == "fixed");   // mem: max 90
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[1]).color.mode == "palette-classic");  // cpu: max 20
  CHECK(resolve_field(p, p.frames[1], p.frames[1].fields[1]).decimals == 2);  // disk: mean 1.5
  CHECK_FALSE(resolve_field(p, p.frames[0], p.frames[0].fields[1]).decimals);
}

// ---- properties ----------------------------------------------------------------------------

TEST_CASE("override properties: names, decimals, min/max, unit, noValue, mappings, custom; unknown ones ignored",
          "[field_config]") {
  auto p = three_fields(R"({"defaults":{"unit":"short","decimals":1,"min":0,"max":100,
      "links":[{"title":"x","url":"http://x"}],"custom":{"lineWidth":1,"hideFrom":{"viz":false}}},
      "overrides":[{"matcher":{"id":"byName","options":"cpu"},"properties":[
        {"id":"displayName","value":"CPU busy"},{"id":"decimals","value":3},{"id":"min","value":-5},
        {"id":"max","value":5},{"id":"noValue","value":"idle"},{"id":"links","value":[]},
        {"id":"custom.lineWidth","value":4},{"id":"custom.hideFrom.viz","value":true},
        {"id":"mappings","value":[{"type":"value","options":{"20":{"text":"twenty"}}}]},
        {"id":"unit"}]}]})");
  auto d = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(d.name == "CPU busy");
  CHECK(d.decimals == 3);
  CHECK(d.min == -5);
  CHECK(d.max == 5);
  CHECK(d.unit == "");  // a property without a value unsets it, as in Grafana
  CHECK(d.no_value == std::optional<std::string>("idle"));
  CHECK(d.custom.at("lineWidth").to_number<double>() == 4);
  CHECK(d.hidden_in_viz);
  CHECK(field_display_value(d, 20) == "twenty");
  CHECK(field_display_value(d, std::nan("")) == "idle");
  auto mem = resolve_field(p, p.frames[0], p.frames[0].fields[2]);
  CHECK(mem.name == "mem");
  CHECK(mem.unit == "short");
  CHECK(mem.decimals == 1);
  CHECK(mem.custom.at("lineWidth").to_number<double>() == 1);
  CHECK_FALSE(mem.hidden_in_viz);
  CHECK(field_display_value(mem, 20) == "20.0");
}

TEST_CASE("displayNameFromDS names a field unless displayName is set", "[field_config]") {
  auto p = three_fields(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byName","options":"cpu"},"properties":[{"id":"displayNameFromDS","value":"from ds"}]},
      {"matcher":{"id":"byName","options":"mem"},"properties":[{"id":"displayNameFromDS","value":"from ds"},
        {"id":"displayName","value":"mine"}]}]})");
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[1]).name == "from ds");
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[2]).name == "mine");
}

// ---- display names -------------------------------------------------------------------------

TEST_CASE("display names from labels follow Grafana's rules", "[field_config]") {
  panel p;
  p.type = "timeseries";
  SECTION("one label key across the panel: its value alone") {
    p.frames = {make_frame("", "A", {times(1), number("Value", {1}, {{"instance", "web-1"}})}),
                make_frame("", "A", {times(1), number("Value", {2}, {{"instance", "web-2"}})})};
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[1]) == "web-1");
    CHECK(field_display_name(p, p.frames[1], p.frames[1].fields[1]) == "web-2");
  }
  SECTION("several label keys: all of them, Prometheus style") {
    p.frames = {make_frame("", "A", {times(1), number("Value", {1}, {{"instance", "web-1"}, {"job", "node"}})}),
                make_frame("", "A", {times(1), number("Value", {2}, {{"instance", "web-2"}, {"job", "node"}})})};
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[1]) == "{instance=\"web-1\", job=\"node\"}");
  }
  SECTION("a named field keeps its name before the label value") {
    p.frames = {make_frame("", "A", {times(1), number("cpu", {1}, {{"host", "a"}})})};
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[1]) == "cpu a");
  }
  SECTION("frame names that differ come first; Value without labels takes the frame name") {
    p.frames = {make_frame("east", "A", {times(1), number("rx", {1}), number("tx", {2})}),
                make_frame("west", "B", {times(1), number("rx", {3}), number("tx", {4})}),
                make_frame("solo", "C", {times(1), number("Value", {5}), number("Min", {1})})};
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[1]) == "east rx");
    CHECK(field_display_name(p, p.frames[1], p.frames[1].fields[2]) == "west tx");
    CHECK(field_display_name(p, p.frames[2], p.frames[2].fields[1]) == "solo");
    CHECK(field_display_name(p, p.frames[2], p.frames[2].fields[0]) == "Time");
  }
  SECTION("a frame named after its one series (legend, alias) keeps that name") {
    p.frames = {make_frame("up{job=\"node\"}", "A", {times(1), number("Value", {1}, {{"job", "node"}})}),
                make_frame("A-series", "B", {times(1), number("A-series", {1})})};
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[1]) == "up{job=\"node\"}");
    CHECK(field_display_name(p, p.frames[1], p.frames[1].fields[1]) == "A-series");
  }
  SECTION("the same name twice in a frame is numbered") {
    p.frames = {make_frame("", "A", {times(1), number("x", {1}), number("x", {2})})};
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[1]) == "x 1");
    CHECK(field_display_name(p, p.frames[0], p.frames[0].fields[2]) == "x 2");
  }
}

TEST_CASE("displayName templates read the field's labels, name and the series name", "[field_config]") {
  panel p;
  p.type = "stat";
  p.frames = {make_frame("", "A", {times(1), number("Value", {1}, {{"instance", "web-1"}, {"job", "node"}})}),
              make_frame("", "B", {times(1), number("temp", {2})})};
  p.field_config = obj(R"j({"defaults":{"displayName":"${__field.labels.instance} (${__series.name})"},"overrides":[
      {"matcher":{"id":"byFrameRefID","options":"B"},"properties":[
        {"id":"displayName","value":"${__field.name} of ${__series.name}: ${__field.labels}"}]}]})j");
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[1]).name == "web-1 ({instance=\"web-1\", job=\"node\"})");
  CHECK(resolve_field(p, p.frames[1], p.frames[1].fields[1]).name == "temp of Series (B): ");
}

TEST_CASE("panel_series and legends show Grafana's display names", "[field_config]") {
  auto p = make_panel("timeseries", "by instance", {0, 0, 12, 8});
  p.frames = {make_frame("", "A", {times(30), number("Value", std::vector<double>(30, 10), {{"instance", "web-1"}})}),
              make_frame("", "A", {times(30), number("Value", std::vector<double>(30, 20), {{"instance", "web-2"}})})};
  auto s = panel_series(p);
  REQUIRE(s.size() == 2);
  CHECK(s[0].name == "web-1");
  CHECK(s[1].name == "web-2");
  const auto words = pdf_words(panel_pdf(p, {20, 20, 400, 300}));
  auto has = [&](const char* w) {
    return std::any_of(words.begin(), words.end(), [&](const word_box& b) { return b.text == w; });
  };
  CHECK(has("web-1"));
  CHECK(has("web-2"));
  CHECK_FALSE(has("Value"));
}

// ---- colours -------------------------------------------------------------------------------

TEST_CASE("palette-classic is Grafana 8's palette; the legacy graph keeps Grafana 6/7's", "[field_config]") {
  CHECK(near(palette_color(0), 0x73BF69));
  CHECK(near(palette_color(1), 0xFADE2A));
  CHECK(near(palette_color(2), 0x5794F2));
  CHECK(near(palette_color(18), 0x447EBC));
  CHECK(near(palette_color(64), 0x73BF69));  // it cycles
  CHECK(near(legacy_palette_color(0), 0x7EB26D));
  CHECK(near(legacy_palette_color(24), 0x629E51));
  auto p = three_fields(R"({"defaults":{}})");
  CHECK(near(series_color(p, "mem", 1), 0xFADE2A));
  p.type = "graph";
  CHECK(near(series_color(p, "mem", 1), 0xEAB839));
  p.raw = obj(R"({"aliasColors":{"mem":"#112233"},"seriesOverrides":[{"alias":"/di.k/","color":"#445566"}]})");
  CHECK(near(series_color(p, "mem", 1), 0x112233));
  CHECK(near(series_color(p, "disk", 2), 0x445566));
}

TEST_CASE("fixed, shades and palette-classic-by-name colour a series", "[field_config]") {
  auto p = three_fields(R"({"defaults":{"color":{"mode":"shades","fixedColor":"blue"}},"overrides":[
      {"matcher":{"id":"byName","options":"disk"},"properties":[{"id":"color","value":{"mode":"fixed","fixedColor":"#FF0000"}}]}]})");
  auto cpu = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(near(field_value_color(cpu, 0, 0), 0x5794F2));  // shade 0: the colour itself
  CHECK(near(field_value_color(cpu, 0, 1), 0x669FFF));  // then a lighter one
  CHECK(near(field_value_color(cpu, 0, 2), 0x3B87F0));  // and a darker one
  CHECK(near(field_value_color(cpu, 0, 11), 0x5794F2));  // eleven shades, cycling
  auto disk = resolve_field(p, p.frames[1], p.frames[1].fields[1]);
  CHECK(near(field_value_color(disk, 0, 5), 0xFF0000));
  // By name: the same name gets the same colour wherever it is, from the hash of the name.
  CHECK(string_hash("") == 5381u);
  CHECK(string_hash("a") == 177604u);
  CHECK(string_hash("ab") == 5861062u);
  CHECK(string_hash("\xC3\xA9") == 177484u);          // é: one UTF-16 unit
  CHECK(string_hash("\xF0\x9F\x98\x80") == 5191800u);  // 😀: two (a surrogate pair)
  p.field_config = obj(R"({"defaults":{"color":{"mode":"palette-classic-by-name"}}})");
  auto mem = resolve_field(p, p.frames[0], p.frames[0].fields[2]);
  const auto& light = theme_named("light");
  CHECK(hex_of(field_value_color(mem, 0, 0, 1, 0, light)) == hex_of(field_value_color(mem, 0, 0, 1, 7, light)));
  CHECK(hex_of(color_by_name("mem", light)) == hex_of(field_value_color(mem, 0, 0, 1, 0, light)));
  // The palette without the colours too pale to read on white.
  int pale = 0;
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"}) {
    const rgba c = color_by_name(name, light);
    if (c.r > 0.85 && c.g > 0.85 && c.b > 0.75) ++pale;
  }
  CHECK(pale == 0);
}

TEST_CASE("continuous schemes place a value between min and max", "[field_config]") {
  const auto& light = theme_named("light");
  const auto& dark = theme_named("dark");
  CHECK(near(*continuous_color("continuous-GrYlRd", 0, light), 0x73BF69));
  CHECK(near(*continuous_color("continuous-GrYlRd", 1, light), 0xF2495C));
  CHECK(near(*continuous_color("continuous-GrYlRd", 0.5, light), 0xE2C03D));  // a B-spline, as d3 blends
  CHECK(near(*continuous_color("continuous-GrYlRd", 7, light), 0xF2495C));    // clamped
  CHECK(near(*continuous_color("continuous-RdYlGr", 0, light), 0xF2495C));
  CHECK(near(*continuous_color("continuous-BlPu", 0.5, light), 0x8886E6));   // two colours: a straight blend
  CHECK(near(*continuous_color("continuous-blues", 0, light), 0xFFFFFF));    // from the panel background
  CHECK(near(*continuous_color("continuous-blues", 0, dark), 0x181B1F));
  CHECK(near(*continuous_color("continuous-blues", 1, dark), 0x1F60C4));
  CHECK(near(*continuous_color("continuous-viridis", 0, light), 0x440154));
  CHECK(near(*continuous_color("continuous-viridis", 1, light), 0xFDE725));
  CHECK_FALSE(continuous_color("palette-classic", 0.5, light));

  auto p = three_fields(R"({"defaults":{"min":0,"max":100,"color":{"mode":"continuous-GrYlRd"}}})");
  auto cpu = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(near(field_value_color(cpu, 0, 0), 0x73BF69));
  CHECK(near(field_value_color(cpu, 100, 0), 0xF2495C));
  CHECK(near(field_value_color(cpu, 50, 0), 0xE2C03D));
  // The series colour follows color.seriesBy: last (default), min or max.
  p.field_config = obj(R"({"defaults":{"min":0,"max":100,"color":{"mode":"continuous-GrYlRd"}},"overrides":[
      {"matcher":{"id":"byName","options":"mem"},"properties":[
        {"id":"color","value":{"mode":"continuous-GrYlRd","seriesBy":"min"}}]}]})");
  series last{"cpu", {}, {0, 100}, &p.frames[0].fields[1]};
  series by_min{"mem", {}, {0, 100}, &p.frames[0].fields[2]};
  CHECK(near(field_series_color(resolve_series(p, last), last, 0), 0xF2495C));
  CHECK(near(field_series_color(resolve_series(p, by_min), by_min, 0), 0x73BF69));
}

TEST_CASE("without min/max a field spans the data of every number field", "[field_config]") {
  auto p = three_fields(R"({"defaults":{"color":{"mode":"continuous-BlPu"}}})");
  auto disk = resolve_field(p, p.frames[1], p.frames[1].fields[1]);
  CHECK(disk.range_min == 1);   // disk's own minimum is the smallest of all
  CHECK(disk.range_max == 90);  // mem's maximum
  p.field_config = obj(R"({"defaults":{"fieldMinMax":true}})");
  disk = resolve_field(p, p.frames[1], p.frames[1].fields[1]);
  CHECK(disk.range_max == 2);  // fieldMinMax: its own range
}

TEST_CASE("percentage thresholds are percentages of min..max, or of the data's range", "[field_config]") {
  auto p = three_fields(R"({"defaults":{"min":0,"max":200,"color":{"mode":"thresholds"},"thresholds":{
      "mode":"percentage","steps":[{"color":"green","value":null},{"color":"red","value":50}]}}})");
  auto cpu = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  REQUIRE(cpu.thresholds.percentage);
  CHECK(near(field_value_color(cpu, 120, 0), 0xF2495C));  // 60 %
  CHECK(near(field_value_color(cpu, 90, 0), 0x73BF69));   // 45 %
  // No min/max: the data runs 1..90, so 50 % is 45.5.
  p.field_config = obj(R"({"defaults":{"color":{"mode":"thresholds"},"thresholds":{
      "mode":"percentage","steps":[{"color":"green","value":null},{"color":"red","value":50}]}}})");
  cpu = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(near(field_value_color(cpu, 46, 0), 0xF2495C));
  CHECK(near(field_value_color(cpu, 45, 0), 0x73BF69));
  CHECK(near(threshold_color(cpu.thresholds, 46, 1, 90), 0xF2495C));
  // Absolute thresholds ignore the range.
  threshold_set abs{{{std::nullopt, *parse_color("green")}, {50.0, *parse_color("red")}}, false};
  CHECK(near(threshold_color(abs, 46, 1, 90), 0x73BF69));
  CHECK(panel_thresholds_percentage(p));
}

TEST_CASE("an unknown colour mode falls back to thresholds, as Grafana's registry does", "[field_config]") {
  auto p = three_fields(R"({"defaults":{"color":{"mode":"palette-saturated"},"thresholds":{
      "steps":[{"color":"green","value":null},{"color":"purple","value":15}]}}})");
  auto cpu = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(near(field_value_color(cpu, 20, 0), 0xB877D9));
  p.type = "stat";
  p.field_config = obj(R"({"defaults":{}})");
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[1]).color.mode == "thresholds");
  p.type = "state-timeline";
  CHECK(resolve_field(p, p.frames[0], p.frames[0].fields[1]).color.mode == "continuous-GrYlRd");
}

// ---- Grafana 6 field options and mapping colours ----------------------------------------------

TEST_CASE("Grafana 6 options.fieldOptions: thresholds, defaults, mappings", "[field_config]") {
  panel p;
  p.type = "gauge";
  p.frames = {make_frame("", "A", {times(1), number("temp", {72})})};
  p.options = obj(R"j({"fieldOptions":{"calcs":["mean"],
      "defaults":{"unit":"celsius","decimals":1,"min":0,"max":120},
      "mappings":[{"id":1,"type":1,"value":"72","text":"warm"}],
      "thresholds":[{"index":1,"color":"#E24D42","value":80},{"index":0,"color":"#7EB26D","value":null},
                    {"index":2,"color":"rgba(237, 129, 40, 0.89)","value":60}]}})j");
  auto d = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(d.unit == "celsius");
  CHECK(d.decimals == 1);
  CHECK(d.max == 120);
  REQUIRE(d.thresholds.steps.size() == 3);
  CHECK(near(threshold_color(d.thresholds, 50, 0, 120), 0x7EB26D));
  CHECK(near(threshold_color(d.thresholds, 65, 0, 120), 0xED8128));
  CHECK(near(threshold_color(d.thresholds, 90, 0, 120), 0xE24D42));
  CHECK(field_display_value(d, 72) == "warm");
  CHECK(field_display_value(d, 71) == "71.0 °C");
  // Grafana 6.5-7.0: the thresholds array under fieldOptions.defaults.
  p.options = obj(R"({"fieldOptions":{"defaults":{"thresholds":[{"color":"green","value":null},
      {"color":"red","value":70}]}}})");
  d = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(near(threshold_color(d.thresholds, 72, 0, 100), 0xF2495C));
}

TEST_CASE("value mappings give their colours; a colour-only mapping shows the value", "[field_config]") {
  auto p = three_fields(R"({"defaults":{"unit":"percent","mappings":[
      {"type":"value","options":{"20":{"text":"busy","color":"purple"},"10":{"color":"#00FF00"}}},
      {"type":"range","options":{"from":50,"to":100,"result":{"text":"high","color":"red"}}},
      {"type":"special","options":{"match":"null","result":{"text":"gone","color":"dark-red"}}}]}})");
  auto cpu = resolve_field(p, p.frames[0], p.frames[0].fields[1]);
  CHECK(near(*field_mapped_color(cpu, 20), 0xB877D9));
  CHECK(field_display_value(cpu, 20) == "busy");
  CHECK(near(*field_mapped_color(cpu, 10), 0x00FF00));
  CHECK(field_display_value(cpu, 10) == "10%");
  CHECK(near(*field_mapped_color(cpu, 75), 0xF2495C));
  CHECK(near(*field_mapped_color(cpu, std::nan("")), 0xC4162A));
  CHECK_FALSE(field_mapped_color(cpu, 30));
  // String values: by text, regex (groups in the text), empty.
  const auto maps = boost::json::parse(R"j([
      {"type":"value","options":{"up":{"text":"UP","color":"green"}}},
      {"type":"regex","options":{"pattern":"/^web-(\\d+)$/","result":{"text":"node $1"}}},
      {"type":"special","options":{"match":"empty","result":{"text":"(none)"}}}])j").as_array();
  CHECK(mapped_result(maps, std::string_view("up"))->color == "green");
  CHECK(mapped_result(maps, std::string_view("web-12"))->text == "node 12");
  CHECK(mapped_result(maps, std::string_view(""))->text == "(none)");
  CHECK_FALSE(mapped_result(maps, std::string_view("down")));
}

TEST_CASE("legacy helpers follow every matcher: an override by regexp colours the series", "[field_config]") {
  auto p = three_fields(R"({"defaults":{},"overrides":[
      {"matcher":{"id":"byRegexp","options":"/^m/"},"properties":[
        {"id":"color","value":{"mode":"fixed","fixedColor":"#FF0000"}},{"id":"custom.lineWidth","value":3}]}]})");
  CHECK(near(series_color(p, "mem", 1), 0xFF0000));
  CHECK(near(series_color(p, "cpu", 0), 0x73BF69));
  auto props = overrides_for(p, "mem");
  REQUIRE(props.size() == 2);
  CHECK(props[1].first == "custom.lineWidth");
  CHECK(overrides_for(p, "cpu").empty());
  // And in the drawing: the matched series is red.
  auto drawn = make_panel("timeseries", "t", {0, 0, 12, 8});
  drawn.field_config = obj(R"({"defaults":{},"overrides":[{"matcher":{"id":"byRegexp","options":"/et/"},
      "properties":[{"id":"color","value":{"mode":"fixed","fixedColor":"#FF0000"}}]}]})");
  panel_pixels px(drawn, {20, 20, 400, 300});
  int red = 0;
  for (int y = 60; y < 280; ++y)
    for (int x = 30; x < 410; ++x)
      if (const auto c = px.rgb(x, y); (c >> 16) >= 230 && ((c >> 8) & 255) <= 100 && (c & 255) <= 100) ++red;
  CHECK(red > 100);
}

TEST_CASE("the datasource's field config wins over the panel defaults; overrides win over both", "[field_config]") {
  auto p = three_fields(R"j({"defaults":{"unit":"short","decimals":1,"custom":{"lineWidth":1}},"overrides":[
      {"matcher":{"id":"byName","options":"CPU (ds)"},"properties":[{"id":"decimals","value":0}]}]})j");
  auto& cpu = p.frames[0].fields[1];
  cpu.config = obj(R"j({"unit":"bytes","displayNameFromDS":"CPU (ds)","decimals":3,"custom":{"lineWidth":5},
      "links":[],"interval":15000})j");
  auto d = resolve_field(p, p.frames[0], cpu);
  CHECK(d.name == "CPU (ds)");
  CHECK(d.unit == "bytes");
  CHECK(d.decimals == 0);  // the override, matched by the datasource's name
  CHECK(d.custom.at("lineWidth").to_number<double>() == 5);
  auto mem = resolve_field(p, p.frames[0], p.frames[0].fields[2]);
  CHECK(mem.unit == "short");
  CHECK(mem.decimals == 1);
}
