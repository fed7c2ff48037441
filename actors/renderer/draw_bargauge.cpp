// Bar gauge: one bar per series, basic / gradient / lcd, horizontal or vertical.
#include <algorithm>
#include <cmath>

#include "actors/renderer/draw_panels.hpp"
#include "actors/renderer/draw_reduce.hpp"
#include "actors/renderer/json_access.hpp"
#include "actors/renderer/units.hpp"

namespace reportd::render {
namespace {

struct bar_ctx {
  const draw_context& ctx;
  std::string mode;
  std::vector<threshold_step> steps;
  double lo, hi;
  bool vertical;
  bool unfilled = true;  // options.showUnfilled: draw the empty track
};

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
  ts.size = std::clamp(room * 0.3, 4.0, 9.0 * ctx.scale);
  ts.color = ctx.th.text;
  double label = ts.size * 1.4;
  if (b.vertical) ts.size = std::min(ts.size, fit_size(ctx.text, r.name, false, cell.w, label, ts.size));
  text_style vs = ts;
  vs.bold = true;
  vs.color = c;
  vs.size = std::clamp(room * 0.35, 4.0, 12.0 * ctx.scale);
  if (b.vertical) vs.size = std::min(vs.size, fit_size(ctx.text, text, true, cell.w, label * 1.2, vs.size));
  rect bar;
  if (b.vertical) {
    ts.halign = vs.halign = h_align::center;
    ctx.text.draw(r.name, {cell.x, cell.bottom() - label, cell.w, label}, ts);
    ctx.text.draw(text, {cell.x, cell.y, cell.w, label}, vs);
    bar = {cell.x + cell.w * 0.1, cell.y + label, cell.w * 0.8, cell.h - 2 * label};
  } else {
    ctx.text.draw(r.name, {cell.x, cell.y, cell.w, label}, ts);
    double vw = std::min(cell.w * 0.3, ctx.text.measure(text, vs).width + 6);
    vs.halign = h_align::right;
    vs.valign = v_align::middle;
    bar = {cell.x, cell.y + label, cell.w - vw, cell.h - label};
    ctx.text.draw(text, {bar.right(), bar.y, vw, bar.h}, vs);
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
  if (values.empty()) return draw_message(ctx, body, "No data");
  std::string orient = json::get_string(p.options, "orientation", "auto");
  bool vertical = orient == "vertical" || (orient == "auto" && body.w > body.h * 1.5 && values.size() > 1);
  double lo = panel_min(p).value_or(0), hi = panel_max(p).value_or(100);
  if (hi <= lo) hi = lo + 1;
  bar_ctx b{ctx, json::get_string(p.options, "displayMode", "gradient"), panel_thresholds(p), lo, hi, vertical,
             json::get_bool(p.options, "showUnfilled", true)};
  double n = static_cast<double>(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    double k = static_cast<double>(i);
    rect cell = vertical ? rect{body.x + body.w / n * k, body.y, body.w / n, body.h}
                         : rect{body.x, body.y + body.h / n * k, body.w, body.h / n};
    one_bar(b, p, values[i], cell.inset(2));
  }
}

}  // namespace reportd::render
