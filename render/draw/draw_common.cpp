#include "render/draw/draw_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "render/draw/field_config.hpp"
#include "render/json_access.hpp"

namespace reportd::render {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

rgba hex(unsigned v) {
  return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0, 1};
}

struct named { const char* name; unsigned value; };
// Grafana's named colours (the visualisation palette), base names and shades.
constexpr named named_colors[] = {
    {"green", 0x73BF69},  {"semi-dark-green", 0x56A64B},  {"dark-green", 0x37872D},
    {"light-green", 0x96D98D}, {"super-light-green", 0xC8F2C2},
    {"red", 0xF2495C},    {"semi-dark-red", 0xE02F44},    {"dark-red", 0xC4162A},
    {"light-red", 0xFF7383}, {"super-light-red", 0xFFA6B0},
    {"yellow", 0xFADE2A}, {"semi-dark-yellow", 0xF2CC0C}, {"dark-yellow", 0xE0B400},
    {"light-yellow", 0xFFEE52}, {"super-light-yellow", 0xFFF899},
    {"blue", 0x5794F2},   {"semi-dark-blue", 0x3274D9},   {"dark-blue", 0x1F60C4},
    {"light-blue", 0x8AB8FF}, {"super-light-blue", 0xC0D8FF},
    {"orange", 0xFF9830}, {"semi-dark-orange", 0xFF780A}, {"dark-orange", 0xFA6400},
    {"light-orange", 0xFFB357}, {"super-light-orange", 0xFFCB7D},
    {"purple", 0xB877D9}, {"semi-dark-purple", 0xA352CC}, {"dark-purple", 0x8F3BB8},
    {"light-purple", 0xCA95E5}, {"super-light-purple", 0xDEB6F2},
    {"white", 0xFFFFFF},  {"black", 0x000000}, {"transparent", 0xFFFFFF},
    {"text", 0x808080},   {"gray", 0x808080}, {"grey", 0x808080},
};

// Grafana 6/7's classicColors; Grafana 8+ keeps its tail after 18 named shades.
constexpr unsigned classic_colors[] = {
    0x7EB26D, 0xEAB839, 0x6ED0E0, 0xEF843C, 0xE24D42, 0x1F78C1, 0xBA43A9, 0x705DA0, 0x508642, 0xCCA300,
    0x447EBC, 0xC15C17, 0x890F02, 0x0A437C, 0x6D1F62, 0x584477, 0xB7DBAB, 0xF4D598, 0x70DBED, 0xF9BA8F,
    0xF29191, 0x82B5D8, 0xE5A8E2, 0xAEA2E0, 0x629E51, 0xE5AC0E, 0x64B0C8, 0xE0752D, 0xBF1B00, 0x0A50A1,
    0x962D82, 0x614D93, 0x9AC48A, 0xF2C96D, 0x65C5DB, 0xF9934E, 0xEA6460, 0x5195CE, 0xD683CE, 0x806EB7,
    0x3F6833, 0x967302, 0x2F575E, 0x99440A, 0x58140C, 0x052B51, 0x511749, 0x3F2B5B, 0xE0F9D7, 0xFCEACA,
    0xCFFAFF, 0xF9E2D2, 0xFCE2DE, 0xBADFF4, 0xF9D9F9, 0xDEDAF7};
constexpr std::size_t classic_tail_start = 10;  // '#447EBC'

// Grafana 8+'s palette head: green, yellow, blue, orange, red, purple, then dark-* and
// super-light-* of the same hues (resolved as the named colours above).
constexpr unsigned viz_palette_head[] = {
    0x73BF69, 0xFADE2A, 0x5794F2, 0xFF9830, 0xF2495C, 0xB877D9, 0x37872D, 0xE0B400, 0x1F60C4,
    0xFA6400, 0xC4162A, 0x8F3BB8, 0xC8F2C2, 0xFFF899, 0xC0D8FF, 0xFFCB7D, 0xFFA6B0, 0xDEB6F2};

const boost::json::object* defaults_of(const panel& p) {
  if (const auto* d = json::get_object(p.field_config, "defaults"); d != nullptr && !d->empty()) return d;
  if (const auto* d = json::get_object(p.options, "fieldOptions.defaults")) return d;
  if (const auto* d = json::get_object(p.options, "reduceOptions")) return d;
  return nullptr;
}

// The first value at `key` along the defaults chain.
const boost::json::value* default_value(const panel& p, std::string_view key) {
  for (const auto* o : field_defaults_chain(p))
    if (const auto* v = json::find(*o, key)) return v;
  return nullptr;
}

const boost::json::object* legacy_gauge(const panel& p) {
  return json::get_object(p.raw, "options-gauge");
}

// Singlestat (Grafana < 7): thresholds "80,90" with colors [base, warn, crit].
void legacy_singlestat_thresholds(const panel& p, std::vector<threshold_step>& out) {
  std::string list = json::get_string(p.raw, "thresholds");
  const auto* colors = json::get_array(p.raw, "colors");
  if (list.empty() || colors == nullptr || colors->empty()) return;
  auto color_at = [&](std::size_t i) {
    const auto& c = colors->at(std::min(i, colors->size() - 1));
    return parse_color(c.is_string() ? std::string_view(c.get_string()) : "").value_or(hex(0x73BF69));
  };
  out.push_back({std::nullopt, color_at(0)});
  std::size_t start = 0;
  for (std::size_t i = 1; start < list.size(); ++i) {
    auto comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    boost::json::value v(item);
    if (auto n = json::as_number(v)) out.push_back({*n, color_at(i)});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

}  // namespace

const theme& theme_named(std::string_view name) {
  static const theme light{hex(0xFFFFFF), hex(0xFFFFFF), hex(0xD8D9DA), hex(0x1F1F20), hex(0x6E6E75), hex(0xECECEE)};
  static const theme dark{hex(0x111217), hex(0x181B1F), hex(0x2F3136), hex(0xE0E0E3), hex(0x9A9AA1), hex(0x2A2C31)};
  return name == "dark" ? dark : light;
}

rgba palette_color(std::size_t index) {
  constexpr std::size_t head = std::size(viz_palette_head);
  constexpr std::size_t size = head + std::size(classic_colors) - classic_tail_start;
  index %= size;
  return hex(index < head ? viz_palette_head[index] : classic_colors[classic_tail_start + index - head]);
}

rgba legacy_palette_color(std::size_t index) {
  return hex(classic_colors[index % std::size(classic_colors)]);
}

std::vector<const boost::json::object*> field_defaults_chain(const panel& p) {
  std::vector<const boost::json::object*> out;
  if (const auto* d = json::get_object(p.field_config, "defaults")) out.push_back(d);
  if (const auto* d = json::get_object(p.options, "fieldOptions.defaults")) out.push_back(d);
  if (const auto* d = json::get_object(p.options, "fieldOptions")) out.push_back(d);
  if (const auto* d = json::get_object(p.options, "reduceOptions")) out.push_back(d);
  return out;
}

std::optional<rgba> parse_color(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text[0] == '#') {
    std::string digits(text.substr(1));
    if (digits.size() == 3) digits = {digits[0], digits[0], digits[1], digits[1], digits[2], digits[2]};
    if (digits.size() != 6 && digits.size() != 8) return std::nullopt;
    unsigned v = 0;
    if (std::sscanf(digits.substr(0, 6).c_str(), "%x", &v) != 1) return std::nullopt;
    return hex(v);
  }
  if (text.substr(0, 3) == "rgb") {
    double r = 0, g = 0, b = 0, a = 1;
    std::string s(text);
    auto open = s.find('(');
    if (open == std::string::npos) return std::nullopt;
    int n = std::sscanf(s.c_str() + open + 1, "%lf ,%lf ,%lf ,%lf", &r, &g, &b, &a);
    if (n < 3) return std::nullopt;
    return rgba{r / 255, g / 255, b / 255, n == 4 ? a : 1};
  }
  for (const auto& c : named_colors)
    if (text == c.name) return hex(c.value);
  return std::nullopt;
}

std::vector<series> panel_series(const panel& p) {
  std::vector<series> out;
  for (const auto& f : p.frames) {
    const field* time = nullptr;
    for (const auto& fl : f.fields)
      if (fl.type == field_type::time && time == nullptr) time = &fl;
    for (const auto& fl : f.fields) {
      if (fl.type != field_type::number) continue;
      series s;
      // Grafana's display name: displayName / displayNameFromDS, else its label rules.
      s.name = resolve_display_name(p, f, fl);
      s.values = fl.numbers;
      if (time != nullptr && time->numbers.size() == fl.numbers.size()) s.times = time->numbers;
      s.source = &fl;
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::string calc_label(std::string_view calc) {
  if (calc == "lastNotNull" || calc == "current") return "Last *";
  if (calc == "firstNotNull") return "First *";
  if (calc == "avg") return "Mean";
  if (calc.empty()) return "";
  std::string s(calc);
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::vector<threshold_step> panel_thresholds(const panel& p) {
  const boost::json::array* steps = nullptr;
  for (const auto* d : field_defaults_chain(p)) {
    steps = json::get_array(*d, "thresholds.steps");
    if (steps == nullptr) steps = json::get_array(*d, "thresholds");  // Grafana 6/7: a bare array
    if (steps != nullptr) break;
  }
  if (steps == nullptr)
    if (const auto* g = legacy_gauge(p)) steps = json::get_array(*g, "thresholds");
  std::vector<threshold_step> out;
  if (steps == nullptr) legacy_singlestat_thresholds(p, out);
  if (steps != nullptr) {
    for (const auto& s : *steps) {
      const auto* o = s.if_object();
      if (o == nullptr) continue;
      threshold_step t;
      t.value = json::get_number(*o, "value");
      if (t.value && std::isinf(*t.value) && *t.value < 0) t.value.reset();  // "-Infinity": the base
      t.color = parse_color(json::get_string(*o, "color")).value_or(hex(0x73BF69));
      out.push_back(t);
    }
  }
  // Legacy gauges list thresholds highest first; order by value with the base step first.
  std::stable_sort(out.begin(), out.end(), [](const threshold_step& a, const threshold_step& b) {
    if (!a.value) return b.value.has_value();
    if (!b.value) return false;
    return *a.value < *b.value;
  });
  if (out.empty() || out.front().value) out.insert(out.begin(), {std::nullopt, hex(0x73BF69)});
  return out;
}

bool panel_thresholds_percentage(const panel& p) {
  const auto* mode = default_value(p, "thresholds.mode");
  return mode != nullptr && mode->is_string() && mode->get_string() == "percentage";
}

rgba threshold_color(const std::vector<threshold_step>& steps, double value) {
  rgba c = steps.empty() ? hex(0x73BF69) : steps.front().color;
  for (const auto& s : steps)
    if (!s.value || value >= *s.value) c = s.color;
  return c;
}

std::string no_data_text(const panel& p) {
  if (const auto* v = default_value(p, "noValue"); v != nullptr && v->is_string() && !v->get_string().empty())
    return std::string(v->get_string());
  return "No data";
}

std::string panel_unit(const panel& p) {
  if (const auto* v = default_value(p, "unit"); v != nullptr && v->is_string() && !v->get_string().empty())
    return std::string(v->get_string());
  if (const auto* g = legacy_gauge(p)) return json::get_string(*g, "unit");
  if (const auto* y = json::get_array(p.raw, "yaxes"); y != nullptr && !y->empty() && y->at(0).is_object())
    return json::get_string(y->at(0).get_object(), "format");
  return json::get_string(p.raw, "format");
}

std::optional<int> panel_decimals(const panel& p) {
  std::optional<double> d;
  if (const auto* v = default_value(p, "decimals")) d = json::as_number(*v);
  if (!d) if (const auto* g = legacy_gauge(p)) d = json::get_number(*g, "decimals");
  if (!d) d = json::get_number(p.raw, "decimals");
  if (!d || !std::isfinite(*d)) return std::nullopt;
  return std::clamp(static_cast<int>(*d), 0, 10);
}

std::optional<double> panel_min(const panel& p) {
  if (const auto* v = default_value(p, "min")) if (auto n = json::as_number(*v)) return n;
  if (const auto* g = legacy_gauge(p)) return json::get_number(*g, "minValue");
  return std::nullopt;
}

std::optional<double> panel_max(const panel& p) {
  if (const auto* v = default_value(p, "max")) if (auto n = json::as_number(*v)) return n;
  if (const auto* g = legacy_gauge(p)) return json::get_number(*g, "maxValue");
  return std::nullopt;
}

std::optional<rgba> fixed_color(const panel& p) {
  const auto* d = defaults_of(p);
  if (d == nullptr || json::get_string(*d, "color.mode") != "fixed") return std::nullopt;
  return parse_color(json::get_string(*d, "color.fixedColor"));
}

std::vector<std::pair<std::string, const boost::json::value*>> overrides_for(const panel& p,
                                                                           const std::string& name) {
  // The series' own field when one has this display name: every matcher applies to it.
  for (const auto& fr : p.frames)
    for (const auto& f : fr.fields)
      if (f.type == field_type::number && resolve_display_name(p, fr, f) == name) return matching_properties(p, fr, f);
  std::vector<std::pair<std::string, const boost::json::value*>> out;
  const auto* overrides = json::get_array(p.field_config, "overrides");
  if (overrides == nullptr) return out;
  for (const auto& ov : *overrides) {
    const auto* o = ov.if_object();
    if (o == nullptr || json::get_string(*o, "matcher.id") != "byName" ||
        json::get_string(*o, "matcher.options") != name)
      continue;
    if (const auto* props = json::get_array(*o, "properties"))
      for (const auto& pr : *props)
        if (const auto* po = pr.if_object(); po != nullptr && po->contains("value"))
          out.emplace_back(json::get_string(*po, "id"), &po->at("value"));
  }
  return out;
}

rgba series_color(const panel& p, const std::string& name, std::size_t index) {
  for (const auto& fr : p.frames)
    for (const auto& f : fr.fields)
      if (f.type == field_type::number && resolve_display_name(p, fr, f) == name) {
        series s;
        s.name = name;
        s.values = f.numbers;
        s.source = &f;
        return field_series_color(resolve_field(p, fr, f), s, index);
      }
  series none;
  none.name = name;
  return field_series_color(resolve_series(p, none), none, index);
}

void set_color(cairo_t* cr, const rgba& c, double alpha_mul) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * alpha_mul);
}

void fill_rect(cairo_t* cr, const rect& r, const rgba& c) {
  set_color(cr, c);
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  cairo_fill(cr);
}

void stroke_rect(cairo_t* cr, const rect& r, const rgba& c, double width) {
  set_color(cr, c);
  cairo_set_line_width(cr, width);
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  cairo_stroke(cr);
}

double fit_size(text_painter& text, std::string_view s, bool bold, double w, double h, double max_size) {
  text_style st;
  st.size = 10;
  st.bold = bold;
  auto ext = text.measure(s, st);
  if (ext.width <= 0 || ext.height <= 0) return max_size;
  double k = std::min(w / ext.width, h / ext.height);
  return std::clamp(10 * k * 0.95, 4.0, max_size);
}

void draw_message(const draw_context& ctx, const rect& body, std::string_view message) {
  text_style st;
  st.size = 9 * ctx.scale;
  st.color = ctx.th.muted;
  st.halign = h_align::center;
  st.valign = v_align::middle;
  st.wrap = true;
  ctx.text.draw(message, body.inset(4), st);
}

}  // namespace reportd::render
