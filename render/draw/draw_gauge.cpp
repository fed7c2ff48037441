// Gauge: a 240-degree arc from min to max, the value's share filled in its colour, threshold
// bands as an outer ring (showThresholdMarkers) with their values around it
// (showThresholdLabels), the value in the middle. Several values share the panel as Grafana's
// VizRepeater lays them out (a grid of squares-ish cells), all at the same text size.
#include <algorithm>
#include <cmath>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"

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

bool option_bool(const panel& p, const char* key, bool fallback) {
  if (const auto* v = json::find(p.options, key); v != nullptr && v->is_bool()) return v->get_bool();
  return json::get_bool(p.raw, std::string("options-gauge.") + key, fallback);
}

struct gauge_look {
  bool markers = true;
  bool labels = false;
  bool named = false;
  double px = 1;
  double value_size = 0;  // 0: fitted; else every gauge's value size
};

// Where a gauge goes in its cell and how large its value may be.
struct gauge_geometry {
  double cx = 0, cy = 0, radius = 0, width = 0, value_r = 0, inner = 0, name_h = 0, label_size = 0;
  bool ok = false;
};

gauge_geometry geometry(const draw_context& ctx, const gauge_look& look, const rect& cell) {
  gauge_geometry g;
  g.name_h = look.named ? std::min(cell.h * 0.2, 12 * ctx.scale) : 0;
  rect area{cell.x, cell.y + g.name_h, cell.w, cell.h - g.name_h};
  // A short, wide gauge (a panel a few grid units tall) uses its whole height.
  double radius = std::min(area.w / 2, area.h / 1.6) * (area.w > area.h * 2.5 ? 1.0 : 0.9);
  if (look.labels) {
    // Threshold labels sit outside the ring: Grafana gives them at least 12 px and thins the arc.
    g.label_size = std::max(radius / 6, 12 * look.px);
    radius -= g.label_size * 1.6;
  }
  if (radius < 4) return g;
  g.radius = radius;
  g.cx = area.x + area.w / 2;
  g.cy = area.y + area.h / 2 + radius * 0.15;
  g.width = radius * 0.2 / (look.labels ? 1.5 : 1);
  g.value_r = look.markers ? radius - g.width * 0.5 - g.width * 0.35 : radius - g.width / 2;
  g.inner = g.value_r - g.width * 0.4;
  g.ok = true;
  return g;
}

// The value fills the arc's hole: a line box of 1.7 x 1.1 inner radii keeps the ink of digits
// (about 0.6 of the line) inside the circle. A small gauge may let it reach the arc's inner
// edge to stay readable (8 pt).
double value_size(const draw_context& ctx, const gauge_geometry& g, const std::string& text) {
  double size = fit_size(ctx.text, text, true, g.inner * 1.7, g.inner * 1.1, 40.0 * ctx.scale);
  if (size < 8 * ctx.scale)
    size = std::max(size, fit_size(ctx.text, text, true, g.inner * 2, g.inner * 1.3, 8 * ctx.scale));
  return size;
}

double frac_of(const reduced& r, double v) { return std::clamp((v - r.lo) / (r.hi - r.lo), 0.0, 1.0); }

// A threshold step's place on the arc (percentage thresholds are shares of min..max).
double step_frac(const reduced& r, double v) {
  return r.display.thresholds.percentage ? std::clamp(v / 100, 0.0, 1.0) : frac_of(r, v);
}

void threshold_labels(const draw_context& ctx, const reduced& r, const gauge_geometry& g) {
  text_style st;
  st.size = g.label_size;
  st.color = ctx.th.text;
  st.halign = h_align::center;
  st.valign = v_align::middle;
  auto label = [&](double value, double f) {
    double a = start_angle + f * sweep, rr = g.radius + g.label_size * 0.9;
    double x = g.cx + std::cos(a) * rr, y = g.cy + std::sin(a) * rr;
    ctx.text.draw(field_display_value(r.display, value), {x - g.label_size * 4, y - g.label_size, g.label_size * 8, g.label_size * 2}, st);
  };
  // Grafana labels min, every threshold above the base step, and max.
  label(r.lo, 0);
  for (const auto& s : r.display.thresholds.steps) {
    if (!s.value) continue;
    double f = step_frac(r, *s.value);
    if (f <= 0 || f >= 1) continue;
    double v = r.display.thresholds.percentage ? r.lo + *s.value / 100 * (r.hi - r.lo) : *s.value;
    label(v, f);
  }
  label(r.hi, 1);
}

void one_gauge(const draw_context& ctx, const gauge_look& look, const reduced& r, const rect& cell) {
  const gauge_geometry g = geometry(ctx, look, cell);
  if (!g.ok) return;
  const auto& steps = r.display.thresholds.steps;
  if (look.markers) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      double a = steps[i].value ? step_frac(r, *steps[i].value) : 0;
      double b = i + 1 < steps.size() && steps[i + 1].value ? step_frac(r, *steps[i + 1].value) : 1;
      arc(ctx.cr, g.cx, g.cy, g.radius - g.width * 0.15, a, b, g.width * 0.25, steps[i].color);
    }
  }
  if (look.labels) threshold_labels(ctx, r, g);
  arc(ctx.cr, g.cx, g.cy, g.value_r, 0, 1, g.width * 0.8, ctx.th.grid);
  rgba c = std::isnan(r.value) ? ctx.th.muted : reduced_color(r);
  if (!std::isnan(r.value)) arc(ctx.cr, g.cx, g.cy, g.value_r, 0, frac_of(r, r.value), g.width * 0.8, c);
  std::string text = reduced_text(r);
  text_style vs;
  vs.bold = true;
  vs.color = c;
  vs.halign = h_align::center;
  vs.valign = v_align::middle;
  vs.size = look.value_size > 0 ? look.value_size : value_size(ctx, g, text);
  ctx.text.draw(text, {g.cx - g.inner * 1.1, g.cy - g.inner * 0.7, g.inner * 2.2, g.inner * 1.4}, vs);
  if (look.named) {
    text_style ns;
    ns.size = std::max(5.0, g.name_h * 0.7);
    ns.color = ctx.th.text;
    ns.halign = h_align::center;
    ctx.text.draw(r.name, {cell.x, cell.y, cell.w, g.name_h}, ns);
  }
}

}  // namespace

void draw_gauge(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  if (values.empty()) return draw_message(ctx, body, no_data_text(p));
  gauge_look look;
  look.markers = option_bool(p, "showThresholdMarkers", true);
  look.labels = option_bool(p, "showThresholdLabels", false);
  look.named = values.size() > 1;
  look.px = points_per_px(ctx.scale);
  auto cells = repeat_cells(body, values.size(), panel_orientation(p, body, true), 8 * look.px);
  for (auto& c : cells) c = c.inset(std::clamp(c.h * 0.05, 0.5, 2.0));
  if (auto v = json::get_number(p.options, "text.valueSize"); v && *v > 0) {
    look.value_size = *v * look.px;
  } else {
    // Every gauge shows its value at the size the tightest one allows.
    double size = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      gauge_geometry g = geometry(ctx, look, cells[i]);
      if (!g.ok) continue;
      double s = value_size(ctx, g, reduced_text(values[i]));
      size = size == 0 ? s : std::min(size, s);
    }
    look.value_size = size;
  }
  for (std::size_t i = 0; i < values.size(); ++i) one_gauge(ctx, look, values[i], cells[i]);
}

}  // namespace reportd::render
