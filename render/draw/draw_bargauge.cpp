// Bar gauge: one bar per series, basic / gradient / lcd, horizontal or vertical.
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
  std::vector<threshold_step> steps;
  double lo, hi;
  bool vertical;
  bool unfilled = true;  // options.showUnfilled: draw the empty track
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

double frac(const bar_ctx& b, double v) { return std::clamp((v - b.lo) / (b.hi - b.lo), 0.0, 1.0); }

void gradient_bar(const bar_ctx& b, const rect& r, double f) {
  cairo_pattern_t* pat = b.vertical ? cairo_pattern_create_linear(0, r.bottom(), 0, r.y)
                                    : cairo_pattern_create_linear(r.x, 0, r.right(), 0);
  for (const auto& s : b.steps) {
    double at = s.value ? frac(b, *s.value) : 0;
    cairo_pattern_add_color_stop_rgba(pat, at, s.color.r, s.color.g, s.color.b, 0.9);
  }
  cairo_set_source(b.ctx.cr, pat);
  if (b.vertical) cairo_rectangle(b.ctx.cr, r.x, r.bottom() - r.h * f, r.w, r.h * f);
  else cairo_rectangle(b.ctx.cr, r.x, r.y, r.w * f, r.h);
  cairo_fill(b.ctx.cr);
  cairo_pattern_destroy(pat);
}

void lcd_bar(const bar_ctx& b, const rect& r, double f) {
  const int cells = 20;
  double len = b.vertical ? r.h : r.w;
  double cell = len / cells;
  for (int i = 0; i < cells; ++i) {
    double at = (i + 0.5) / cells;
    rgba c = threshold_color(b.steps, b.lo + at * (b.hi - b.lo));
    double alpha = at <= f ? 1 : 0.18;
    rect seg = b.vertical ? rect{r.x, r.bottom() - (i + 1) * cell + 1, r.w, cell - 2}
                          : rect{r.x + i * cell + 1, r.y, cell - 2, r.h};
    fill_rect(b.ctx.cr, seg, {c.r, c.g, c.b, alpha});
  }
}

void one_bar(const bar_ctx& b, const panel& p, const reduced& r, const rect& cell) {
  const auto& ctx = b.ctx;
  rgba c = std::isnan(r.value) ? ctx.th.muted : threshold_color(b.steps, r.value);
  std::string text = display_value(p, r.value);
  text_style ts;
  double room = b.vertical ? cell.w : cell.h;
  bool beside = b.name_w > 0;
  ts.size = name_size(ctx, room, beside);
  ts.color = ctx.th.text;
  double label = ts.size * 1.4;
  text_style vs = ts;
  vs.bold = true;
  vs.color = c;
  vs.size = value_size(ctx, room, beside);
  rect bar;
  if (b.vertical) {
    ts.size = std::min(ts.size, fit_size(ctx.text, r.name, false, cell.w, label, ts.size));
    vs.size = std::min(vs.size, fit_size(ctx.text, text, true, cell.w, label * 1.2, vs.size));
    ts.halign = vs.halign = h_align::center;
    ctx.text.draw(r.name, {cell.x, cell.bottom() - label, cell.w, label}, ts);
    ctx.text.draw(text, {cell.x, cell.y, cell.w, label}, vs);
    bar = {cell.x + cell.w * 0.1, cell.y + label, cell.w * 0.8, cell.h - 2 * label};
  } else {
    double vw = std::min(cell.w * 0.3, b.value_w);
    vs.size = std::min(vs.size, fit_size(ctx.text, text, true, vw - 4, cell.h + 4, vs.size));
    vs.halign = h_align::right;
    vs.valign = v_align::middle;
    if (beside) {
      ts.valign = v_align::middle;
      ctx.text.draw(r.name, {cell.x, cell.y - 2, b.name_w - 4, cell.h + 4}, ts);
      bar = {cell.x + b.name_w, cell.y, cell.w - vw - b.name_w, cell.h};
    } else {
      ctx.text.draw(r.name, {cell.x, cell.y, cell.w - vw, label}, ts);
      bar = {cell.x, cell.y + label, cell.w - vw, cell.h - label};
    }
    ctx.text.draw(text, {bar.right(), bar.y + bar.h / 2 - cell.h / 2 - 2, vw, cell.h + 4}, vs);  // centred on the bar
  }
  if (bar.w <= 1 || bar.h <= 1) return;
  if (b.unfilled) fill_rect(ctx.cr, bar, ctx.th.grid);
  double f = std::isnan(r.value) ? 0 : frac(b, r.value);
  if (b.mode == "lcd") return lcd_bar(b, bar, f);
  if (b.mode == "gradient") return gradient_bar(b, bar, f);
  fill_rect(ctx.cr, b.vertical ? rect{bar.x, bar.bottom() - bar.h * f, bar.w, bar.h * f}
                               : rect{bar.x, bar.y, bar.w * f, bar.h},
            {c.r, c.g, c.b, 0.9});
}

}  // namespace

void draw_bargauge(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  if (values.empty()) return draw_message(ctx, body, no_data_text(p));
  std::string orient = json::get_string(p.options, "orientation", "auto");
  bool vertical = orient == "vertical" || (orient == "auto" && body.w > body.h * 1.5 && values.size() > 1);
  double lo = panel_min(p).value_or(0), hi = panel_max(p).value_or(100);
  if (hi <= lo) hi = lo + 1;
  bar_ctx b{ctx, json::get_string(p.options, "displayMode", "gradient"), panel_thresholds(p), lo, hi, vertical,
             json::get_bool(p.options, "showUnfilled", true)};
  double n = static_cast<double>(values.size());
  if (!vertical) {
    // Short, wide bars (under 24 pt) read better with their names on the left, as Grafana does.
    double room = body.h / n - 4;
    bool beside = room < 24 * ctx.scale && body.w > 150 * ctx.scale;
    text_style vs;
    vs.bold = true;
    vs.size = value_size(ctx, room, beside);
    text_style ns;
    ns.size = name_size(ctx, room, beside);
    for (const auto& v : values) {
      b.value_w = std::max(b.value_w, ctx.text.measure(display_value(p, v.value), vs).width + 6);
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
    one_bar(b, p, values[i], cell.inset(std::clamp((vertical ? cell.w : cell.h) * 0.12, 0.3, 2.0)));
  }
}

}  // namespace reportd::render
