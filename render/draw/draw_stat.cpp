// Stat: Grafana's BigValue. Each display value gets a cell (VizRepeater's grid of squares for
// orientation auto, else a row or a column); inside it the name and value are laid out wide
// (side by side, over 2.5:1) or stacked, with an optional sparkline, and sized from the
// longest name and value of the panel so every cell shows the same sizes.
#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>

#include "render/draw/color_space.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {

// ---- display values and their layout (draw_reduce.hpp), shared with gauge, bar gauge, pie ----

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t default_limit = 25;  // Grafana's cap on values:true rows

std::vector<std::string> panel_calcs(const panel& p) {
  std::vector<std::string> out;
  const boost::json::array* calcs = json::get_array(p.options, "reduceOptions.calcs");
  if (calcs == nullptr) calcs = json::get_array(p.options, "fieldOptions.calcs");
  if (calcs != nullptr)
    for (const auto& c : *calcs)
      if (c.is_string()) out.emplace_back(c.get_string());
  if (out.empty()) out.push_back(panel_calc(p));
  return out;
}

// reduceOptions.fields: "" picks every number field; "/re/flags" a regex; a plain string a
// regex of the whole name, as Grafana's stringToJsRegex reads it.
bool field_picked(const std::string& pattern, const std::string& name, const std::string& raw_name) {
  if (pattern.empty()) return true;
  std::string body = pattern;
  auto flags = std::regex::ECMAScript;
  bool anchored = true;
  if (pattern.size() > 1 && pattern.front() == '/') {
    auto end = pattern.rfind('/');
    if (end > 0) {
      body = pattern.substr(1, end - 1);
      if (pattern.find('i', end) != std::string::npos) flags |= std::regex::icase;
      anchored = false;
    }
  }
  try {
    std::regex re(body, flags);
    auto test = [&](const std::string& s) { return anchored ? std::regex_match(s, re) : std::regex_search(s, re); };
    return test(name) || test(raw_name);
  } catch (const std::regex_error&) {
    return name == pattern || raw_name == pattern;
  }
}

// Grafana names a row of values:true by the row's text fields, plus the field's name when the
// frame has other number fields or there are several frames.
std::string row_name(const frame& fr, const field& f, std::size_t row, const std::string& field_name,
                     std::size_t frames) {
  std::string out;
  std::size_t other_numbers = 0;
  for (const auto& o : fr.fields) {
    if (&o == &f) continue;
    if (o.type == field_type::string && row < o.strings.size() && !o.strings[row].empty())
      out += (out.empty() ? "" : " ") + o.strings[row];
    if (o.type == field_type::number) ++other_numbers;
  }
  if (other_numbers > 0 || frames > 1 || out.empty()) out += (out.empty() ? "" : " ") + field_name;
  return out;
}

const frame* frame_of(const panel& p, const field* f) {
  for (const auto& fr : p.frames)
    for (const auto& x : fr.fields)
      if (&x == f) return &fr;
  return nullptr;
}


}  // namespace

rgba shade_color(const rgba& c, double darken_pct, double spin_deg) {
  hsl x = to_hsl(c);
  x.l = std::clamp(x.l - darken_pct / 100, 0.0, 1.0);
  x.h = std::fmod(x.h + spin_deg + 360, 360);
  return from_hsl(x, c.a);
}

std::string panel_calc(const panel& p) {
  const boost::json::array* calcs = json::get_array(p.options, "reduceOptions.calcs");
  if (calcs == nullptr) calcs = json::get_array(p.options, "fieldOptions.calcs");
  if (calcs != nullptr && !calcs->empty() && calcs->at(0).is_string())
    return std::string(calcs->at(0).get_string());
  std::string legacy = json::get_string(p.raw, "options-gauge.stat");
  if (legacy.empty()) legacy = json::get_string(p.raw, "valueName");
  if (legacy == "avg") return "mean";
  if (legacy == "current" || legacy.empty()) return "lastNotNull";
  return legacy;
}

std::vector<reduced> reduce_series(const panel& p, const std::vector<series>& all) {
  const boost::json::object* opts = json::get_object(p.options, "reduceOptions");
  if (opts == nullptr) opts = json::get_object(p.options, "fieldOptions");
  const bool rows = opts != nullptr && json::get_bool(*opts, "values", false);
  const std::string pattern = opts != nullptr ? json::get_string(*opts, "fields") : "";
  std::size_t limit = default_limit;
  if (opts != nullptr)
    if (auto l = json::get_number(*opts, "limit"); l && *l >= 1) limit = static_cast<std::size_t>(*l);
  const auto calcs = panel_calcs(p);

  std::vector<reduced> out;
  double data_lo = std::numeric_limits<double>::infinity(), data_hi = -data_lo;
  for (const auto& s : all) {
    field_display d = resolve_series(p, s);
    if (d.hidden_in_viz || !field_picked(pattern, d.name, s.source != nullptr ? s.source->name : s.name)) continue;
    for (double v : s.values)
      if (std::isfinite(v)) { data_lo = std::min(data_lo, v); data_hi = std::max(data_hi, v); }
    if (rows) {
      const frame* fr = frame_of(p, s.source);
      for (std::size_t i = 0; i < s.values.size() && out.size() < limit; ++i) {
        std::string name = fr != nullptr && s.source != nullptr ? row_name(*fr, *s.source, i, d.name, p.frames.size()) : d.name;
        out.push_back({name, s.values[i], &s, d});
      }
      continue;
    }
    for (const auto& calc : calcs) {
      std::string name = calcs.size() > 1 ? d.name + " " + reducer_name(calc) : d.name;
      out.push_back({name, s.values.empty() ? nan : reduce(s.values, calc), &s, d});
    }
  }
  if (!(data_hi >= data_lo)) { data_lo = 0; data_hi = 100; }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& r = out[i];
    r.index = i;
    r.lo = r.display.min.value_or(data_lo);
    r.hi = r.display.max.value_or(data_hi);
    if (r.hi <= r.lo) r.hi = r.lo + (r.display.max ? 0 : 1);
    if (r.hi <= r.lo) r.lo = r.hi - 1;
  }
  return out;
}

rgba reduced_color(const reduced& r) {
  // A value mapping's colour wins over the colour scheme, as in Grafana's display processor.
  if (auto mapped = field_mapped_color(r.display, r.value)) return *mapped;
  field_display d = r.display;
  if (d.color.mode.empty()) d.color.mode = "thresholds";
  if (std::isnan(r.value)) return field_value_color(d, r.lo, r.lo, r.hi, r.index);
  return field_value_color(d, r.value, r.lo, r.hi, r.index);
}

std::string reduced_text(const reduced& r) {
  if (std::isnan(r.value)) {
    if (auto mapped = field_mapped_text(r.display, r.value)) return *mapped;
    return r.display.no_value.value_or("No data");
  }
  return field_display_value(r.display, r.value);
}

repeat_orientation panel_orientation(const panel& p, const rect& area, bool auto_grid) {
  std::string o = json::get_string(p.options, "orientation", "auto");
  if (o == "horizontal") return repeat_orientation::column;
  if (o == "vertical") return repeat_orientation::row;
  if (auto_grid) return repeat_orientation::auto_grid;
  return area.w > area.h ? repeat_orientation::row : repeat_orientation::column;
}

namespace {

// The side of the largest of `n` equal squares that fit `w` x `h` laid in rows.
double square_side(double w, double h, double n) {
  double parts = std::ceil(std::sqrt(n * w / h));
  if (std::floor(parts * h / w) * parts < n) return h / std::ceil(parts * h / w);
  return w / parts;
}

}  // namespace

std::vector<rect> repeat_cells(const rect& area, std::size_t n, repeat_orientation o, double spacing) {
  std::vector<rect> out;
  if (n == 0 || area.w <= 0 || area.h <= 0) return out;
  const double k = static_cast<double>(n);
  if (o == repeat_orientation::row || o == repeat_orientation::column) {
    bool row = o == repeat_orientation::row;
    double len = ((row ? area.w : area.h) - spacing * (k - 1)) / k;
    for (std::size_t i = 0; i < n; ++i) {
      double at = (len + spacing) * static_cast<double>(i);
      out.push_back(row ? rect{area.x + at, area.y, len, area.h} : rect{area.x, area.y + at, area.w, len});
    }
    return out;
  }
  double side = std::max(square_side(area.w, area.h, k), square_side(area.h, area.w, k));
  std::size_t cols = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(area.w / side)));
  cols = std::min(cols, n);
  std::size_t rows = (n + cols - 1) / cols;
  cols = (n + rows - 1) / rows;  // spread the values evenly over the rows
  std::size_t last = n - cols * (rows - 1);
  double h = (area.h - spacing * static_cast<double>(rows - 1)) / static_cast<double>(rows);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t row = i / cols, col = i % cols;
    double per_row = static_cast<double>(row == rows - 1 ? last : cols);
    double w = (area.w - spacing * (per_row - 1)) / per_row;
    out.push_back({area.x + (w + spacing) * static_cast<double>(col), area.y + (h + spacing) * static_cast<double>(row), w, h});
  }
  return out;
}

double points_per_px(double scale) {
  // A4 landscape's grid: 1920 px of dashboard over 794 pt of page; the page scale does the rest.
  return 794.0 / 1920 * scale;
}

double calc_font_size(text_painter& text, const std::string& s, bool bold, double w, double h, double max_size) {
  text_style st;
  st.size = 14;
  st.bold = bold;
  double width = text.measure(s.empty() ? "1" : s, st).width;
  double by_width = width > 0 ? w / (width + 2 * 14 / 14.0) * 14 : h;
  double size = std::min(h / 1.2, by_width);
  if (max_size > 0) size = std::min(size, max_size);
  return std::max(size, 1.0);
}


// ---- the stat panel ----
namespace {

constexpr double line_height = 1.2;
constexpr double max_title_px = 30;

// tinycolor's brighten, for a sparkline on a coloured background.
rgba brighten(const rgba& c, double pct) {
  double d = pct / 100;
  return {std::min(1.0, c.r + d), std::min(1.0, c.g + d), std::min(1.0, c.b + d), c.a};
}

// Dark text on a bright background, light text on a dark one.
rgba text_on(const rgba& bg) {
  double brightness = (bg.r * 299 + bg.g * 587 + bg.b * 114) / 1000 * 255;
  return brightness > 180 ? rgba{32 / 255.0, 34 / 255.0, 38 / 255.0, 1} : rgba{247 / 255.0, 248 / 255.0, 250 / 255.0, 1};
}

// --- options -----------------------------------------------------------------------------

bool show_sparkline(const panel& p) {
  if (const auto* v = json::find(p.options, "graphMode"); v != nullptr && v->is_string())
    return v->get_string() == "area" || v->get_string() == "line";  // 6.6's "line" became area
  if (const auto* v = json::find(p.options, "sparkline.show"); v != nullptr && v->is_bool()) return v->get_bool();
  if (p.type != "stat" || p.options.contains("fieldOptions")) return json::get_bool(p.raw, "sparkline.show", false);
  return true;  // a stat saved without graphMode has Grafana's default: area
}

// Grafana 6.5 stored colorMode as a number (0 value, 1 background); singlestat used flags.
std::string color_mode(const panel& p) {
  if (json::get_bool(p.raw, "colorBackground", false)) return "background";
  if (p.type == "singlestat" && !p.options.contains("colorMode"))
    return json::get_bool(p.raw, "colorValue", false) ? "value" : "none";
  const auto* v = json::find(p.options, "colorMode");
  if (v != nullptr && v->is_string()) return std::string(v->get_string());
  if (v != nullptr && v->is_number()) return json::as_number(*v).value_or(0) == 1 ? "background" : "value";
  return "value";
}

struct stat_look {
  std::string color_mode;
  std::string text_mode;  // value, value_and_name, name, none (auto resolved)
  bool center = false;    // justifyMode center, or nothing but the value
  bool sparkline = false;
  double px = 1;          // points per Grafana pixel
  double title_size = 0;  // text.titleSize in points, 0: fitted
  double value_size = 0;  // text.valueSize in points, 0: fitted
  std::string title_align;  // the longest name: sizes every cell's name
  std::string value_align;  // the longest value text
};

std::string shown_text(const stat_look& look, const reduced& r) {
  if (look.text_mode == "name") return r.name;
  if (look.text_mode == "none") return "";
  return reduced_text(r);
}

// --- one cell ------------------------------------------------------------------------------

struct cell_layout {
  double title = 0, value = 0, chart_h = 0;
  bool wide = false, chart = false;
};

// Grafana pads a value 8 px (12 px in cells over 100 px); a report's short cells keep most
// of their height for the value.
double cell_padding(const stat_look& look, const rect& cell) {
  return std::min((cell.h / look.px > 100 ? 12 : 8) * look.px, cell.h * 0.08);
}

cell_layout layout_cell(const draw_context& ctx, const stat_look& look, const rect& cell, bool has_chart) {
  cell_layout l;
  const double pad = cell_padding(look, cell);
  const double mw = cell.w - 2 * pad, mh = cell.h - 2 * pad;
  const double max_title = max_title_px * look.px;
  const bool titled = !look.title_align.empty();
  l.wide = cell.w / cell.h > 2.5;
  auto fit = [&](const std::string& s, bool bold, double w, double h, double cap) {
    return calc_font_size(ctx.text, s, bold, w, h, cap);
  };
  if (l.wide) {
    l.chart = has_chart && cell.h / look.px > 50;
    if (l.chart) {
      l.chart_h = cell.h * 0.5;
      if (titled) l.title = fit(look.title_align, false, mw * 0.6, mh * 0.4, max_title);
      l.value = fit(look.value_align, true, mw * 0.4, mh * 0.5, 0);
    } else {
      l.value = fit(look.value_align, true, mw * (titled ? 0.3 : 1.0), mh, 0);
      if (titled) l.title = std::min(l.value * 0.7, fit(look.title_align, false, mw * 0.6, mh, max_title));
    }
  } else {
    l.chart = has_chart && cell.h / look.px > 100;
    double title_h = 0;
    if (titled) {
      l.title = fit(look.title_align, false, mw, cell.h * 0.15, max_title);
      title_h = l.title * line_height;
    }
    double chart_guess = l.chart ? cell.h * 0.25 : 0;
    l.value = fit(look.value_align, true, mw, mh - chart_guess - title_h, 0);
    if (titled) l.title = std::min(l.value * 0.7, l.title);
  }
  if (look.title_size > 0) l.title = look.title_size;
  if (look.value_size > 0) l.value = look.value_size;
  // A stacked chart takes what the name and value leave.
  if (!l.wide && l.chart) l.chart_h = std::max(0.0, cell.h - ((titled ? l.title : 0) + l.value) * line_height - pad);
  return l;
}

void sparkline(const draw_context& ctx, const reduced& r, const rect& area, const rgba& line, const rgba& fill) {
  const series& s = *r.source;
  if (s.values.size() < 2 || s.times.size() != s.values.size() || area.h <= 1) return;
  double t0 = static_cast<double>(ctx.range.from_ms), t1 = static_cast<double>(ctx.range.to_ms);
  if (!(t1 > t0)) { t0 = s.times.front(); t1 = std::max(s.times.back(), t0 + 1); }
  const double lo = r.lo, hi = r.hi > r.lo ? r.hi : r.lo + 1;
  cairo_t* cr = ctx.cr;
  cairo_save(cr);
  cairo_rectangle(cr, area.x, area.y, area.w, area.h);
  cairo_clip(cr);
  cairo_new_path(cr);
  bool started = false;
  double first_x = 0, last_x = 0;
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    if (std::isnan(s.values[i])) continue;
    double x = area.x + (s.times[i] - t0) / (t1 - t0) * area.w;
    double y = area.bottom() - (std::clamp(s.values[i], lo, hi) - lo) / (hi - lo) * area.h;
    if (!started) { cairo_move_to(cr, x, y); first_x = x; started = true; }
    else cairo_line_to(cr, x, y);
    last_x = x;
  }
  if (started) {
    cairo_path_t* path = cairo_copy_path(cr);
    cairo_line_to(cr, last_x, area.bottom());
    cairo_line_to(cr, first_x, area.bottom());
    cairo_close_path(cr);
    set_color(cr, fill);
    cairo_fill(cr);
    cairo_append_path(cr, path);
    cairo_path_destroy(path);
    set_color(cr, line);
    cairo_set_line_width(cr, std::max(0.5, ctx.scale * 0.75));
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

// Grafana's background: a 120-degree gradient between two shades of the value's colour.
void gradient_background(const draw_context& ctx, const rect& box, const rgba& c) {
  const double f = &ctx.th == &theme_named("dark") ? 1 : -0.7;
  rgba from = shade_color(c, 15 * f, 8), to = shade_color(c, 5 * f, -8);
  const double a = 120 * M_PI / 180, dx = std::sin(a), dy = -std::cos(a);
  const double half = (std::fabs(box.w * dx) + std::fabs(box.h * dy)) / 2;
  const double cx = box.x + box.w / 2, cy = box.y + box.h / 2;
  cairo_pattern_t* pat = cairo_pattern_create_linear(cx - dx * half, cy - dy * half, cx + dx * half, cy + dy * half);
  cairo_pattern_add_color_stop_rgba(pat, 0, from.r, from.g, from.b, from.a);
  cairo_pattern_add_color_stop_rgba(pat, 1, to.r, to.g, to.b, to.a);
  cairo_set_source(ctx.cr, pat);
  cairo_rectangle(ctx.cr, box.x, box.y, box.w, box.h);
  cairo_fill(ctx.cr);
  cairo_pattern_destroy(pat);
}

void draw_cell(const draw_context& ctx, const stat_look& look, const reduced& r, const rect& cell) {
  const rgba c = std::isnan(r.value) ? ctx.th.muted : reduced_color(r);
  rgba value_color = c, title_color = ctx.th.text, chart_line = c, chart_fill{c.r, c.g, c.b, 0.2};
  if (look.color_mode == "background" || look.color_mode == "background_solid") {
    if (look.color_mode == "background") gradient_background(ctx, cell, c);
    else fill_rect(ctx.cr, cell, c);
    value_color = title_color = text_on(c);
    chart_line = brighten(c, 40);
    chart_fill = {1, 1, 1, 0.4};
  } else if (look.color_mode == "none") {
    value_color = ctx.th.text;
  }
  const bool has_chart = look.sparkline && r.source != nullptr && r.source->values.size() > 1 &&
                         r.source->times.size() == r.source->values.size();
  const cell_layout l = layout_cell(ctx, look, cell, has_chart);
  const double pad = cell_padding(look, cell);
  if (l.chart && l.chart_h > 1)
    sparkline(ctx, r, {cell.x, cell.bottom() - l.chart_h, cell.w, l.chart_h}, chart_line, chart_fill);

  const std::string title = look.text_mode == "value_and_name" ? r.name : "";
  const std::string value = shown_text(look, r);
  text_style ts;
  ts.size = l.title;
  ts.color = title_color;
  text_style vs;
  vs.size = l.value;
  vs.bold = true;
  vs.color = value_color;
  const rect inner = cell.inset(pad);
  const double title_line = title.empty() ? 0 : l.title * line_height, value_line = l.value * line_height;
  if (l.wide) {
    // Name left and value right, or both centred together; with a chart they sit above it.
    rect band = l.chart ? rect{inner.x, inner.y, inner.w, std::max(value_line, title_line)} : inner;
    ts.valign = vs.valign = l.chart ? v_align::top : v_align::middle;
    if (look.center) {
      double tw = title.empty() ? 0 : ctx.text.measure(title, ts).width + l.title * 0.75;
      double vw = ctx.text.measure(value, vs).width;
      double x = band.x + std::max(0.0, (band.w - tw - vw) / 2);
      if (!title.empty()) ctx.text.draw(title, {x, band.y, tw, band.h}, ts);
      ctx.text.draw(value, {x + tw, band.y, band.w - (x + tw - band.x), band.h}, vs);
    } else {
      if (!title.empty()) ctx.text.draw(title, {band.x, band.y, band.w * 0.6, band.h}, ts);
      vs.halign = h_align::right;
      ctx.text.draw(value, band, vs);
    }
    return;
  }
  // Stacked: the name above the value, centred in the cell (or above the chart).
  const double block = title_line + value_line;
  double top = l.chart ? inner.y : inner.y + std::max(0.0, (inner.h - block) / 2);
  ts.halign = vs.halign = look.center ? h_align::center : h_align::left;
  if (!title.empty()) ctx.text.draw(title, {inner.x, top, inner.w, title_line}, ts);
  ctx.text.draw(value, {inner.x, top + title_line, inner.w, value_line}, vs);
}

}  // namespace

void draw_stat(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  if (values.empty()) return draw_message(ctx, body, no_data_text(p));
  stat_look look;
  look.color_mode = color_mode(p);
  look.text_mode = json::get_string(p.options, "textMode", "auto");
  if (look.text_mode == "auto") look.text_mode = values.size() > 1 ? "value_and_name" : "value";
  look.sparkline = show_sparkline(p);
  look.px = points_per_px(ctx.scale);
  if (auto t = json::get_number(p.options, "text.titleSize"); t && *t > 0) look.title_size = *t * look.px;
  if (auto v = json::get_number(p.options, "text.valueSize"); v && *v > 0) look.value_size = *v * look.px;
  // Sizes follow the longest name and value (Grafana's alignment factors).
  for (const auto& r : values) {
    std::string v = look.text_mode == "none" ? "1" : shown_text(look, r);
    if (v.size() > look.value_align.size()) look.value_align = v;
    if (look.text_mode == "value_and_name" && r.name.size() > look.title_align.size()) look.title_align = r.name;
  }
  look.center = json::get_string(p.options, "justifyMode") == "center" || look.title_align.empty();
  auto cells = repeat_cells(body, values.size(), panel_orientation(p, body, true), 3 * look.px);
  // Every cell is laid out as the smallest one, so all values come out the same size.
  rect smallest = cells.front();
  for (const auto& c : cells)
    if (c.w * c.h < smallest.w * smallest.h) smallest = c;
  stat_look shared = look;
  {
    cell_layout l = layout_cell(ctx, look, smallest, false);
    if (look.title_size <= 0 && !look.title_align.empty()) shared.title_size = l.title;
    if (look.value_size <= 0) shared.value_size = l.value;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    // With a chart the sizes differ from the no-chart case; cells of one panel share them.
    stat_look cell_look = look;
    bool chart_here = look.sparkline && values[i].source != nullptr && values[i].source->values.size() > 1;
    if (!chart_here) cell_look = shared;
    else {
      cell_layout l = layout_cell(ctx, look, smallest, true);
      if (look.title_size <= 0 && !look.title_align.empty()) cell_look.title_size = l.title;
      if (look.value_size <= 0) cell_look.value_size = l.value;
    }
    draw_cell(ctx, cell_look, values[i], cells[i]);
  }
}

}  // namespace reportd::render
