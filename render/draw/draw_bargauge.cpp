// Bar gauge: one bar per display value, basic / gradient / lcd, horizontal or vertical
// (orientation auto: side by side when the panel is wider than tall, as Grafana's VizRepeater
// decides), value text coloured, plain (valueMode text) or hidden, names above, left or hidden.
#include <algorithm>
#include <cmath>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

struct bar_ctx {
  const draw_context& ctx;
  std::string mode;
  bool vertical;
  bool unfilled = true;  // options.showUnfilled: draw the empty track
  std::string value_mode = "color";    // options.valueMode: color, text, hidden
  std::string name_place = "auto";     // options.namePlacement: auto, top, left, hidden
  double title_size = 0, value_size_pt = 0;  // text.titleSize / text.valueSize in points (0: fitted)
  double value_w = 0;    // horizontal: one value column for all bars, so the tracks line up
  double name_w = 0;     // horizontal, short bars: names in a column left of the bars (0: above)
};

// Text sizes from the cell's short side: names up to 9 pt, values up to 14 pt. Names beside
// the bar have the whole height of the cell, names above it a third.
// Beside very thin bars text may be as tall as the bar and the gaps around it (up to 7 pt).
double name_size(const draw_context& ctx, double room, bool beside) {
  double floor = beside ? std::min(7.0 * ctx.scale, room + 2) : 4.0;
  return std::clamp(room * (beside ? 0.6 : 0.33), std::max(4.0, floor), 9.0 * ctx.scale);
}
double value_size(const draw_context& ctx, double room, bool beside) {
  double floor = beside ? std::min(7.0 * ctx.scale, room + 2) : 4.0;
  return std::clamp(room * (beside ? 0.75 : 0.5), std::max(4.0, floor), 14.0 * ctx.scale);
}

double frac(const reduced& r, double v) { return std::clamp((v - r.lo) / (r.hi - r.lo), 0.0, 1.0); }

// A threshold step's place along the bar (percentage thresholds are shares of min..max).
double step_frac(const reduced& r, double v) {
  return r.display.thresholds.percentage ? std::clamp(v / 100, 0.0, 1.0) : frac(r, v);
}

void gradient_bar(const bar_ctx& b, const reduced& v, const rect& r, double f) {
  cairo_pattern_t* pat = b.vertical ? cairo_pattern_create_linear(0, r.bottom(), 0, r.y)
                                    : cairo_pattern_create_linear(r.x, 0, r.right(), 0);
  for (const auto& s : v.display.thresholds.steps) {
    double at = s.value ? step_frac(v, *s.value) : 0;
    cairo_pattern_add_color_stop_rgba(pat, at, s.color.r, s.color.g, s.color.b, 0.9);
  }
  cairo_set_source(b.ctx.cr, pat);
  if (b.vertical) cairo_rectangle(b.ctx.cr, r.x, r.bottom() - r.h * f, r.w, r.h * f);
  else cairo_rectangle(b.ctx.cr, r.x, r.y, r.w * f, r.h);
  cairo_fill(b.ctx.cr);
  cairo_pattern_destroy(pat);
}

void lcd_bar(const bar_ctx& b, const reduced& v, const rect& r, double f) {
  const int cells = 20;
  double len = b.vertical ? r.h : r.w;
  double cell = len / cells;
  for (int i = 0; i < cells; ++i) {
    double at = (i + 0.5) / cells;
    reduced cell_value = v;
    cell_value.value = v.lo + at * (v.hi - v.lo);
    rgba c = reduced_color(cell_value);
    double alpha = at <= f ? 1 : 0.18;
    rect seg = b.vertical ? rect{r.x, r.bottom() - (i + 1) * cell + 1, r.w, cell - 2}
                          : rect{r.x + i * cell + 1, r.y, cell - 2, r.h};
    fill_rect(b.ctx.cr, seg, {c.r, c.g, c.b, alpha});
  }
}

void one_bar(const bar_ctx& b, const reduced& r, const rect& cell) {
  const auto& ctx = b.ctx;
  rgba c = std::isnan(r.value) ? ctx.th.muted : reduced_color(r);
  std::string text = b.value_mode == "hidden" ? "" : reduced_text(r);
  const bool named = b.name_place != "hidden";
  text_style ts;
  double room = b.vertical ? cell.w : cell.h;
  bool beside = b.name_w > 0;
  ts.size = name_size(ctx, room, beside);
  ts.color = ctx.th.text;
  if (b.title_size > 0) ts.size = b.title_size;
  double label = named ? ts.size * 1.4 : 0;
  text_style vs = ts;
  vs.bold = true;
  vs.color = b.value_mode == "text" ? ctx.th.text : c;
  vs.size = b.value_size_pt > 0 ? b.value_size_pt : value_size(ctx, room, beside);
  double value_line = text.empty() ? 0 : std::max(label, vs.size * 1.2);
  rect bar;
  if (b.vertical) {
    if (b.title_size <= 0 && named) ts.size = std::min(ts.size, fit_size(ctx.text, r.name, false, cell.w, label, ts.size));
    if (b.value_size_pt <= 0 && !text.empty()) {
      vs.size = std::min(vs.size, fit_size(ctx.text, text, true, cell.w, label * 1.2, vs.size));
      value_line = std::max(label, vs.size * 1.2);
    }
    ts.halign = vs.halign = h_align::center;
    if (named) ctx.text.draw(r.name, {cell.x, cell.bottom() - label, cell.w, label}, ts);
    if (!text.empty()) ctx.text.draw(text, {cell.x, cell.y, cell.w, value_line}, vs);
    bar = {cell.x + cell.w * 0.1, cell.y + value_line, cell.w * 0.8, cell.h - value_line - label};
  } else {
    double vw = text.empty() ? 0 : std::min(cell.w * 0.3, b.value_w);
    if (b.value_size_pt <= 0 && !text.empty()) vs.size = std::min(vs.size, fit_size(ctx.text, text, true, vw - 4, cell.h + 4, vs.size));
    vs.halign = h_align::right;
    vs.valign = v_align::middle;
    if (beside) {
      ts.valign = v_align::middle;
      ctx.text.draw(r.name, {cell.x, cell.y - 2, b.name_w - 4, cell.h + 4}, ts);
      bar = {cell.x + b.name_w, cell.y, cell.w - vw - b.name_w, cell.h};
    } else {
      if (named) ctx.text.draw(r.name, {cell.x, cell.y, cell.w - vw, label}, ts);
      bar = {cell.x, cell.y + label, cell.w - vw, cell.h - label};
    }
    if (!text.empty()) ctx.text.draw(text, {bar.right(), bar.y + bar.h / 2 - cell.h / 2 - 2, vw, cell.h + 4}, vs);  // centred on the bar
  }
  if (bar.w <= 1 || bar.h <= 1) return;
  if (b.unfilled) fill_rect(ctx.cr, bar, ctx.th.grid);
  double f = std::isnan(r.value) ? 0 : frac(r, r.value);
  if (b.mode == "lcd") return lcd_bar(b, r, bar, f);
  if (b.mode == "gradient") return gradient_bar(b, r, bar, f);
  fill_rect(ctx.cr, b.vertical ? rect{bar.x, bar.bottom() - bar.h * f, bar.w, bar.h * f}
                               : rect{bar.x, bar.y, bar.w * f, bar.h},
            {c.r, c.g, c.b, 0.9});
}

}  // namespace

void draw_bargauge(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  if (values.empty()) return draw_message(ctx, body, no_data_text(p));
  bool vertical = panel_orientation(p, body, false) == repeat_orientation::row;
  bar_ctx b{ctx, json::get_string(p.options, "displayMode", "gradient"), vertical,
             json::get_bool(p.options, "showUnfilled", true)};
  b.value_mode = json::get_string(p.options, "valueMode", "color");
  b.name_place = json::get_string(p.options, "namePlacement", "auto");
  const double px = points_per_px(ctx.scale);
  if (auto t = json::get_number(p.options, "text.titleSize"); t && *t > 0) b.title_size = *t * px;
  if (auto v = json::get_number(p.options, "text.valueSize"); v && *v > 0) b.value_size_pt = *v * px;
  double n = static_cast<double>(values.size());
  if (!vertical) {
    // Short, wide bars (under 24 pt) read better with their names on the left, as Grafana does.
    double room = body.h / n - 4;
    bool beside = b.name_place == "left" || (b.name_place == "auto" && room < 24 * ctx.scale && body.w > 150 * ctx.scale);
    text_style vs;
    vs.bold = true;
    vs.size = value_size(ctx, room, beside);
    text_style ns;
    ns.size = name_size(ctx, room, beside);
    for (const auto& v : values) {
      if (b.value_size_pt > 0) vs.size = b.value_size_pt;
      if (b.value_mode != "hidden") b.value_w = std::max(b.value_w, ctx.text.measure(reduced_text(v), vs).width + 6);
      if (beside) b.name_w = std::max(b.name_w, ctx.text.measure(v.name, ns).width + 8);
    }
    b.name_w = std::min(b.name_w, body.w * 0.3);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    double k = static_cast<double>(i);
    rect cell = vertical ? rect{body.x + body.w / n * k, body.y, body.w / n, body.h}
                         : rect{body.x, body.y + body.h / n * k, body.w, body.h / n};
    // The gap between bars shrinks with them: three bars in a panel two grid units tall are
    // under 4 pt each, and a fixed 2 pt inset left them nothing.
    one_bar(b, values[i], cell.inset(std::clamp((vertical ? cell.w : cell.h) * 0.12, 0.3, 2.0)));
  }
}

}  // namespace reportd::render
