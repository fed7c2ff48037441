// Gauge: a 240-degree arc from min to max, the value's share filled in its threshold colour,
// threshold bands as an outer ring, the value in the middle. One gauge per series.
#include <algorithm>
#include <cmath>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

constexpr double start_angle = M_PI * 150 / 180;
constexpr double sweep = M_PI * 240 / 180;

void arc(cairo_t* cr, double cx, double cy, double r, double from, double to, double width, const rgba& c) {
  if (to <= from) return;
  cairo_new_path(cr);
  cairo_arc(cr, cx, cy, r, start_angle + from * sweep, start_angle + to * sweep);
  set_color(cr, c);
  cairo_set_line_width(cr, width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_stroke(cr);
}

bool show_markers(const panel& p) {
  if (const auto* v = json::find(p.options, "showThresholdMarkers"); v != nullptr && v->is_bool()) return v->get_bool();
  return json::get_bool(p.raw, "options-gauge.showThresholdMarkers", true);
}

void one_gauge(const draw_context& ctx, const panel& p, const reduced& r, const rect& cell, bool named,
               const std::vector<threshold_step>& steps) {
  double lo = panel_min(p).value_or(0), hi = panel_max(p).value_or(100);
  if (hi <= lo) hi = lo + 1;
  double name_h = named ? std::min(cell.h * 0.2, 12 * ctx.scale) : 0;
  rect area{cell.x, cell.y + name_h, cell.w, cell.h - name_h};
  // A short, wide gauge (a panel a few grid units tall) uses its whole height.
  double radius = std::min(area.w / 2, area.h / 1.6) * (area.w > area.h * 2.5 ? 1.0 : 0.9);
  if (radius < 4) return;
  double cx = area.x + area.w / 2, cy = area.y + area.h / 2 + radius * 0.15;
  double width = radius * 0.2;
  auto frac = [&](double v) { return std::clamp((v - lo) / (hi - lo), 0.0, 1.0); };
  bool markers = show_markers(p);
  double value_r = markers ? radius - width * 0.5 - width * 0.35 : radius - width / 2;
  if (markers) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      double a = steps[i].value ? frac(*steps[i].value) : 0;
      double b = i + 1 < steps.size() ? frac(*steps[i + 1].value) : 1;
      arc(ctx.cr, cx, cy, radius - width * 0.15, a, b, width * 0.25, steps[i].color);
    }
  }
  arc(ctx.cr, cx, cy, value_r, 0, 1, width * 0.8, ctx.th.grid);
  rgba c = std::isnan(r.value) ? ctx.th.muted : threshold_color(steps, r.value);
  if (!std::isnan(r.value)) arc(ctx.cr, cx, cy, value_r, 0, frac(r.value), width * 0.8, c);
  std::string text = display_value(p, r.value);
  text_style vs;
  vs.bold = true;
  vs.color = c;
  vs.halign = h_align::center;
  vs.valign = v_align::middle;
  // The value fills the arc's hole: a line box of 1.7 x 1.1 inner radii keeps the ink of
  // digits (about 0.6 of the line) inside the circle. A small gauge may let it reach the
  // arc's inner edge to stay readable (8 pt).
  double inner = value_r - width * 0.4;
  vs.size = fit_size(ctx.text, text, true, inner * 1.7, inner * 1.1, 40.0 * ctx.scale);
  if (vs.size < 8 * ctx.scale)
    vs.size = std::max(vs.size, fit_size(ctx.text, text, true, inner * 2, inner * 1.3, 8 * ctx.scale));
  ctx.text.draw(text, {cx - inner, cy - inner * 0.7, inner * 2, inner * 1.4}, vs);
  if (named) {
    text_style ns;
    ns.size = std::max(5.0, name_h * 0.7);
    ns.color = ctx.th.text;
    ns.halign = h_align::center;
    ctx.text.draw(r.name, {cell.x, cell.y, cell.w, name_h}, ns);
  }
}

}  // namespace

void draw_gauge(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  if (values.empty()) return draw_message(ctx, body, no_data_text(p));
  auto steps = panel_thresholds(p);
  auto cells = cell_grid(body, values.size(), false);
  for (std::size_t i = 0; i < values.size(); ++i)
    one_gauge(ctx, p, values[i], cells[i].inset(std::clamp(cells[i].h * 0.05, 0.5, 2.0)), values.size() > 1, steps);
}

}  // namespace reportd::render
