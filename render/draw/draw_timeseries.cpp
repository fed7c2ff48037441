// Time series and the legacy graph panel: axes, lines/bars/points, fill, stacking,
// thresholds, legend. Series are downsampled to at most two points per pixel column.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_timeseries_data.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

using timeseries::build_series;
using timeseries::plot_series;

// The y axis limit: field config min/max, or the legacy graph's left y axis ("min": "0").
std::optional<double> axis_limit(const panel& p, const char* which) {
  if (auto v = std::string(which) == "min" ? panel_min(p) : panel_max(p)) return v;
  const auto* axes = json::get_array(p.raw, "yaxes");
  if (axes == nullptr || axes->empty() || !axes->at(0).is_object()) return std::nullopt;
  return json::get_number(axes->at(0).get_object(), which);
}

struct mapper {
  rect area;
  double t0, t1, y0, y1;
  double x(double t) const { return area.x + (t - t0) / (t1 - t0) * area.w; }
  double y(double v) const { return area.bottom() - (v - y0) / (y1 - y0) * area.h; }
};

// Keeps the first, min and max of every pixel column, in time order, so a line of a
// million points costs a few hundred path segments and still shows its extremes.
std::vector<std::pair<double, double>> downsample(const plot_series& s, const mapper& m) {
  std::vector<std::pair<double, double>> out;  // (x px, value), NaN value marks a gap
  out.reserve(static_cast<std::size_t>(m.area.w) * 2 + 2);
  long col = std::numeric_limits<long>::min();
  std::size_t lo = 0, hi = 0;
  bool open = false;
  auto flush = [&] {
    if (!open) return;
    std::size_t a = std::min(lo, hi), b = std::max(lo, hi);
    out.emplace_back(m.x(s.t[a]), s.v[a]);
    if (b != a) out.emplace_back(m.x(s.t[b]), s.v[b]);
    open = false;
  };
  for (std::size_t i = 0; i < s.v.size(); ++i) {
    if (std::isnan(s.v[i])) {
      flush();
      if (!s.st.span_nulls) out.emplace_back(m.x(s.t[i]), std::nan(""));
      continue;
    }
    long c = static_cast<long>(std::floor(m.x(s.t[i])));
    if (c != col || !open) {
      flush();
      col = c;
      lo = hi = i;
      open = true;
    } else {
      if (s.v[i] < s.v[lo]) lo = i;
      if (s.v[i] > s.v[hi]) hi = i;
    }
  }
  flush();
  return out;
}

using run = std::vector<std::pair<double, double>>;  // (x, y) in device units

// Splits downsampled points into runs of non-null values, mapped to device coordinates.
std::vector<run> runs_of(const std::vector<std::pair<double, double>>& pts, const mapper& m) {
  std::vector<run> runs;
  run cur;
  for (const auto& [x, v] : pts) {
    if (std::isnan(v)) {
      if (!cur.empty()) runs.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur.emplace_back(x, m.y(v));
  }
  if (!cur.empty()) runs.push_back(std::move(cur));
  return runs;
}

// Adds one run to the current path (no move_to) with the series' interpolation.
void trace(cairo_t* cr, const run& r, const std::string& interp) {
  cairo_line_to(cr, r[0].first, r[0].second);
  for (std::size_t i = 1; i < r.size(); ++i) {
    auto [px, py] = r[i - 1];
    auto [x, y] = r[i];
    if (interp == "stepAfter") cairo_line_to(cr, x, py);
    if (interp == "stepBefore") cairo_line_to(cr, px, y);
    if (interp == "smooth") {
      double dx = (x - px) / 3;
      cairo_curve_to(cr, px + dx, py, x - dx, y, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
}

// Two passes: every area fill first (pass 0), then bars, lines and points (pass 1), so no
// fill ever hides another series' line.
void draw_series(const draw_context& ctx, const plot_series& s, const mapper& m, int pass) {
  cairo_t* cr = ctx.cr;
  if (s.t.empty() || (pass == 0 && (s.st.fill <= 0 || s.st.draw != "line"))) return;
  auto pts = downsample(s, m);
  if (s.st.draw == "bars") {
    if (pass == 0) return;
    double group = std::max(1.0, std::min(m.area.w / std::max<std::size_t>(1, pts.size()) * 0.7, 12.0 * s.bar_slots));
    double bw = std::max(0.5, group / s.bar_slots);
    double shift = -group / 2 + bw * (s.bar_slot + 0.5);
    double zero = m.y(std::clamp(0.0, m.y0, m.y1));
    auto bar = [&](double x, double bottom, double top) {
      set_color(cr, s.color, 0.8);
      cairo_rectangle(cr, x + shift - bw / 2, std::min(top, bottom), bw, std::fabs(bottom - top));
      cairo_fill(cr);
    };
    if (!s.base.empty()) {
      // Stacked: each bar stands on the one below it (s.base), as in Grafana, so every
      // series shows in its own colour. Drawn from the samples themselves: downsampling
      // would lose which base belongs to which point.
      for (std::size_t i = 0; i < s.t.size() && i < s.base.size(); ++i)
        if (!std::isnan(s.v[i])) bar(m.x(s.t[i]), m.y(s.base[i]), m.y(s.v[i]));
      return;
    }
    for (const auto& [x, value] : pts)
      if (!std::isnan(value)) bar(x, zero, m.y(value));
    return;
  }
  if (s.st.draw != "points") {
    auto runs = runs_of(pts, m);
    if (pass == 0) {
      double zero = m.y(std::clamp(0.0, m.y0, m.y1));
      cairo_new_path(cr);
      for (const auto& r : runs) {
        cairo_move_to(cr, r.front().first, zero);
        trace(cr, r, s.st.interp);
        cairo_line_to(cr, r.back().first, zero);
        cairo_close_path(cr);
      }
      if (s.base.empty()) {
        set_color(cr, s.color, s.st.fill);
      } else {
        // Stacked: an opaque pre-blended fill. Series are drawn top-down, so each lower
        // area covers the one above it and every band shows exactly its own colour.
        const rgba& bg = ctx.th.panel;
        double a = s.st.fill;
        set_color(cr, {s.color.r * a + bg.r * (1 - a), s.color.g * a + bg.g * (1 - a), s.color.b * a + bg.b * (1 - a), 1});
      }
      cairo_fill(cr);
      return;
    }
    cairo_new_path(cr);
    for (const auto& r : runs) {
      cairo_new_sub_path(cr);
      trace(cr, r, s.st.interp);
    }
    set_color(cr, s.color);
    cairo_set_line_width(cr, std::max(0.5, s.st.width * 0.75 * ctx.scale));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    double dash[] = {4 * ctx.scale, 3 * ctx.scale};
    cairo_set_dash(cr, dash, s.st.dashed ? 2 : 0, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  if (pass == 1 && (s.st.points || s.st.draw == "points")) {
    set_color(cr, s.color);
    for (const auto& [x, v] : pts)
      if (!std::isnan(v)) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, m.y(v), s.st.point_size * 0.3 * ctx.scale, 0, 2 * M_PI);
      }
    cairo_fill(cr);
  }
}

void draw_thresholds(const draw_context& ctx, const panel& p, const mapper& m) {
  auto mode = json::get_string(p.field_config, "defaults.custom.thresholdsStyle.mode", "off");
  if (mode == "off") return;
  auto steps = panel_thresholds(p);
  cairo_t* cr = ctx.cr;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    double lo = steps[i].value ? *steps[i].value : m.y0;
    double hi = i + 1 < steps.size() ? *steps[i + 1].value : m.y1;
    lo = std::clamp(lo, m.y0, m.y1);
    hi = std::clamp(hi, m.y0, m.y1);
    if (mode.find("area") != std::string::npos && hi > lo)
      fill_rect(cr, {m.area.x, m.y(hi), m.area.w, m.y(lo) - m.y(hi)}, {steps[i].color.r, steps[i].color.g, steps[i].color.b, 0.15});
    if ((mode.find("line") != std::string::npos || mode == "dashed") && steps[i].value &&
        *steps[i].value >= m.y0 && *steps[i].value <= m.y1) {
      double d[] = {4, 3};
      cairo_set_dash(cr, d, mode.find("dashed") != std::string::npos ? 2 : 0, 0);
      set_color(cr, steps[i].color);
      cairo_set_line_width(cr, 1);
      cairo_move_to(cr, m.area.x, m.y(*steps[i].value));
      cairo_line_to(cr, m.area.right(), m.y(*steps[i].value));
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
  }
}

// Per-series overrides of the custom.* options the drawing uses.
}  // namespace

void draw_timeseries(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = build_series(p);
  if (all.empty()) return draw_message(ctx, body, no_data_text(p));
  std::string unit = panel_unit(p);
  auto decimals = panel_decimals(p);
  legend_spec spec = panel_legend(p);
  std::vector<legend_item> items;
  for (const auto& s : all) {
    if (!s.st.in_legend) continue;
    legend_item it{s.name, s.color, {}};
    for (const auto& c : spec.calcs) it.values.push_back(format_value(reduce(s.raw, c), unit, decimals));
    items.push_back(std::move(it));
  }
  rect plot;
  rect legend = reserve_legend(ctx, spec, items, body, plot);
  double t0 = static_cast<double>(ctx.range.from_ms), t1 = static_cast<double>(ctx.range.to_ms);
  double y0 = std::numeric_limits<double>::infinity(), y1 = -y0;
  double dmin = y0, dmax = -y0;
  for (const auto& s : all) {
    for (std::size_t i = 0; i < s.v.size(); ++i)
      if (!std::isnan(s.v[i])) { y0 = std::min(y0, s.v[i]); y1 = std::max(y1, s.v[i]); }
    if (!s.t.empty()) { dmin = std::min(dmin, s.t.front()); dmax = std::max(dmax, s.t.back()); }
  }
  if (!(t1 > t0)) { t0 = dmin; t1 = dmax > dmin ? dmax : dmin + 1; }
  if (!std::isfinite(y0)) { y0 = 0; y1 = 1; }
  if (all.front().st.draw == "bars" || all.front().st.fill > 0 || all.front().st.stack != "none") y0 = std::min(y0, 0.0);
  auto hard_min = axis_limit(p, "min");
  auto hard_max = axis_limit(p, "max");
  if (auto soft = json::get_number(p.field_config, "defaults.custom.axisSoftMin")) y0 = std::min(y0, *soft);
  if (auto soft = json::get_number(p.field_config, "defaults.custom.axisSoftMax")) y1 = std::max(y1, *soft);
  if (hard_min) y0 = *hard_min;
  if (hard_max) y1 = *hard_max;
  if (y1 <= y0) { y1 = y0 + 1; }
  double step = nice_step(y0, y1, std::clamp(static_cast<int>((body.h - 10 * ctx.scale) / (16 * ctx.scale)), 1, 5));
  if (!hard_min) y0 = std::floor(y0 / step) * step;
  if (!hard_max) y1 = std::ceil(y1 / step) * step;
  std::string y_unit = all.front().st.stack == "percent" ? "percentunit" : unit;
  text_style ls;
  ls.size = 7 * ctx.scale;
  ls.color = ctx.th.muted;
  double label_w = 0;
  double lh = 10 * ctx.scale;
  int max_y = std::clamp(static_cast<int>((plot.h - lh) / (lh * 1.6)), 1, 5);
  auto yt = nice_ticks(y0, y1, max_y);
  for (double v : yt) label_w = std::max(label_w, ctx.text.measure(format_value(v, y_unit, decimals), ls).width);
  rect area{plot.x + label_w + 4, plot.y + 4, plot.w - label_w - 8, plot.h - lh - 6};
  if (area.w < 10 || area.h < 10) return draw_message(ctx, body, "Panel too small to draw");
  mapper m{area, t0, t1, y0, y1};
  cairo_t* cr = ctx.cr;
  cairo_set_line_width(cr, 0.5);
  ls.halign = h_align::right;
  for (double v : yt) {
    set_color(cr, ctx.th.grid);
    cairo_move_to(cr, area.x, m.y(v));
    cairo_line_to(cr, area.right(), m.y(v));
    cairo_stroke(cr);
    ctx.text.draw(format_value(v, y_unit, decimals), {plot.x, m.y(v) - lh / 2, label_w, lh}, ls);
  }
  ls.halign = h_align::center;
  int max_x = std::max(2, static_cast<int>(area.w / (60 * ctx.scale)));
  for (const auto& tk : time_ticks(static_cast<std::int64_t>(t0), static_cast<std::int64_t>(t1), ctx.range.zone, max_x)) {
    double x = m.x(static_cast<double>(tk.ms));
    set_color(cr, ctx.th.grid);
    cairo_move_to(cr, x, area.y);
    cairo_line_to(cr, x, area.bottom());
    cairo_stroke(cr);
    // Keep edge labels inside the panel instead of cutting them.
    double half = ctx.text.measure(tk.label, ls).width / 2 + 1;
    double cx = std::clamp(x, plot.x + half, plot.right() - half);
    ctx.text.draw(tk.label, {cx - half, area.bottom() + 2, 2 * half, lh}, ls);
  }
  cairo_save(cr);
  cairo_rectangle(cr, area.x, area.y, area.w, area.h);
  cairo_clip(cr);
  draw_thresholds(ctx, p, m);
  for (int pass : {0, 1})
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (!it->st.hidden) draw_series(ctx, *it, m, pass);
  cairo_restore(cr);
  draw_legend(ctx, spec, items, legend);
}

}  // namespace reportd::render