// Time series and the legacy graph panel: y axes (draw_timeseries_axes.cpp), lines, bars and
// points in each series' style, fills (gradients, stacking, fill between two series),
// thresholds, legend. Series are downsampled to at most two points per pixel column.
#include <algorithm>
#include <cmath>
#include <limits>

#include "render/draw/color_space.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_timeseries_axes.hpp"
#include "render/draw/draw_timeseries_data.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

using timeseries::axes;
using timeseries::plot_series;
using timeseries::y_axis;

constexpr double px = 0.75;  // a Grafana CSS pixel in points (line widths, dashes, point spacing)

struct mapper {
  rect area;
  double t0, t1;
  const y_axis* axis;
  double x(double t) const { return area.x + (t - t0) / (t1 - t0) * area.w; }
  double y(double v) const { return area.bottom() - axis->frac(v) * area.h; }  // NaN: not on a log axis
  double zero() const {
    return axis->spec.log_base > 0 ? area.bottom() : y(std::clamp(0.0, axis->lo, axis->hi));
  }
};

bool placeable(double v, const mapper& m) { return !std::isnan(v) && !(m.axis->spec.log_base > 0 && !(v > 0)); }

// Keeps the first, min and max of every pixel column, in time order, so a line of a
// million points costs a few hundred path segments and still shows its extremes. A null
// (or a value a log axis cannot place) breaks the line unless the gap it leaves is within
// the series' spanNulls.
std::vector<std::pair<double, double>> downsample(const plot_series& s, const mapper& m) {
  std::vector<std::pair<double, double>> out;  // (x px, value), NaN value marks a gap
  out.reserve(static_cast<std::size_t>(m.area.w) * 2 + 2);
  long col = std::numeric_limits<long>::min();
  std::size_t lo = 0, hi = 0;
  bool open = false, in_gap = false;
  double last_t = std::nan("");
  auto flush = [&] {
    if (!open) return;
    std::size_t a = std::min(lo, hi), b = std::max(lo, hi);
    out.emplace_back(m.x(s.t[a]), s.v[a]);
    if (b != a) out.emplace_back(m.x(s.t[b]), s.v[b]);
    open = false;
  };
  for (std::size_t i = 0; i < s.v.size(); ++i) {
    if (!placeable(s.v[i], m)) {
      if (!in_gap) flush();
      in_gap = true;
      continue;
    }
    if (in_gap) {
      in_gap = false;
      if (!(s.t[i] - last_t <= s.st.span_ms)) out.emplace_back(m.x(s.t[i]), std::nan(""));
    }
    last_t = s.t[i];
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
    auto [px0, py] = r[i - 1];
    auto [x, y] = r[i];
    if (interp == "stepAfter") cairo_line_to(cr, x, py);
    if (interp == "stepBefore") cairo_line_to(cr, px0, y);
    if (interp == "smooth") {
      double dx = (x - px0) / 3;
      cairo_curve_to(cr, px0 + dx, py, x - dx, y, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
}

// tinycolor's HSL spin and lighten, for the hue gradient.
rgba hsl_shift(const rgba& c, double spin_deg, double lighten) {
  hsl x = to_hsl(c);
  x.h = std::fmod(x.h + spin_deg + 360, 360);
  x.l = std::clamp(x.l + lighten, 0.0, 1.0);
  return from_hsl(x, c.a);
}

void add_stop(cairo_pattern_t* g, double offset, const rgba& c, double alpha) {
  cairo_pattern_add_color_stop_rgba(g, std::clamp(offset, 0.0, 1.0), c.r, c.g, c.b, c.a * alpha);
}

// Threshold colours along the axis, in discrete bands (gradientMode scheme).
cairo_pattern_t* scheme_pattern(const plot_series& s, const mapper& m, double alpha) {
  const auto& steps = s.display.thresholds.steps;
  if (steps.empty()) return nullptr;
  cairo_pattern_t* g = cairo_pattern_create_linear(0, m.area.bottom(), 0, m.area.y);
  auto at = [&](std::size_t i) {
    if (!steps[i].value) return 0.0;
    double v = *steps[i].value;
    if (s.display.thresholds.percentage) v = m.axis->lo + v / 100 * (m.axis->hi - m.axis->lo);
    const double f = m.axis->frac(v);
    return std::isnan(f) ? 0.0 : f;
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double from = std::clamp(at(i), 0.0, 1.0);
    const double to = i + 1 < steps.size() ? std::clamp(at(i + 1), 0.0, 1.0) : 1.0;
    if (to < from) continue;
    add_stop(g, from, steps[i].color, alpha);
    add_stop(g, std::max(from, to - 1e-6), steps[i].color, alpha);
  }
  return g;
}

// The paint of a series' area fill: its colour at fillOpacity, faded downwards (opacity),
// shifted in hue (hue) or in threshold bands (scheme), as Grafana's gradient modes.
void set_fill_paint(const draw_context& ctx, const plot_series& s, const mapper& m) {
  cairo_t* cr = ctx.cr;
  const double a = s.st.fill;
  cairo_pattern_t* g = nullptr;
  if (s.st.gradient == "opacity") {
    g = cairo_pattern_create_linear(0, m.area.y, 0, m.area.bottom());
    add_stop(g, 0, s.color, a);
    add_stop(g, 1, s.color, 0);
  } else if (s.st.gradient == "hue") {
    const bool dark = ctx.th.panel.r + ctx.th.panel.g + ctx.th.panel.b < 1.5;
    g = cairo_pattern_create_linear(0, m.area.y, 0, m.area.bottom());
    add_stop(g, 0, hsl_shift(s.color, 15, 0.1), a);
    add_stop(g, 1, hsl_shift(s.color, -15, dark ? -0.1 : 0), a);
  } else if (s.st.gradient == "scheme") {
    g = scheme_pattern(s, m, a);
  }
  if (g != nullptr) {
    cairo_set_source(cr, g);
    cairo_pattern_destroy(g);
  } else if (s.base.empty()) {
    set_color(cr, s.color, a);
  } else {
    // Stacked: an opaque pre-blended fill. Series are drawn top-down, so each lower area
    // covers the one above it and every band shows exactly its own colour.
    const rgba& bg = ctx.th.panel;
    set_color(cr, {s.color.r * a + bg.r * (1 - a), s.color.g * a + bg.g * (1 - a), s.color.b * a + bg.b * (1 - a), 1});
  }
}

struct scene {
  const draw_context& ctx;
  const std::vector<plot_series>& all;
  const axes& ax;
  rect area;
  double t0, t1;
  mapper of(std::size_t i) const { return {area, t0, t1, &ax.list[ax.of_series[i]]}; }
};

// Fill between series `s` and the series it names in fillBelowTo: its line forward, then
// the other's line back over the same stretch.
bool fill_between(const scene& sc, const plot_series& s, const std::vector<run>& runs, const mapper& m) {
  for (std::size_t j = 0; j < sc.all.size(); ++j) {
    const auto& other = sc.all[j];
    if (other.name != s.st.fill_below_to || &other == &s) continue;
    const mapper om = sc.of(j);
    std::vector<std::pair<double, double>> back;
    for (const auto& r : runs_of(downsample(other, om), om)) back.insert(back.end(), r.begin(), r.end());
    cairo_t* cr = sc.ctx.cr;
    cairo_new_path(cr);
    for (const auto& r : runs) {
      cairo_move_to(cr, r.front().first, r.front().second);
      trace(cr, r, s.st.interp);
      for (auto it = back.rbegin(); it != back.rend(); ++it)
        if (it->first >= r.front().first - 0.5 && it->first <= r.back().first + 0.5) cairo_line_to(cr, it->first, it->second);
      cairo_close_path(cr);
    }
    set_fill_paint(sc.ctx, s, m);
    cairo_fill(cr);
    return true;
  }
  return false;
}

void draw_bars(const scene& sc, const plot_series& s, const mapper& m, const std::vector<std::pair<double, double>>& pts) {
  cairo_t* cr = sc.ctx.cr;
  double group = std::max(1.0, std::min(m.area.w / std::max<std::size_t>(1, pts.size()) * 0.7, 12.0 * s.bar_slots));
  double bw = std::max(0.5, group / s.bar_slots);
  // barAlignment: -1 ends the bar group at the point, 1 starts it there, 0 centres it.
  double shift = -group / 2 + bw * (s.bar_slot + 0.5) + s.st.bar_align * group / 2;
  double zero = m.zero();
  auto bar = [&](double x, double bottom, double top) {
    if (std::isnan(top) || std::isnan(bottom)) return;
    set_color(cr, s.color, 0.8);
    cairo_rectangle(cr, x + shift - bw / 2, std::min(top, bottom), bw, std::fabs(bottom - top));
    cairo_fill(cr);
  };
  if (!s.base.empty()) {
    // Stacked: each bar stands on the one below it (s.base), as in Grafana, so every series
    // shows in its own colour. Drawn from the samples themselves: downsampling would lose
    // which base belongs to which point.
    for (std::size_t i = 0; i < s.t.size() && i < s.base.size(); ++i)
      if (!std::isnan(s.v[i])) bar(m.x(s.t[i]), m.y(s.base[i]), m.y(s.v[i]));
    return;
  }
  for (const auto& [x, value] : pts)
    if (!std::isnan(value)) bar(x, zero, m.y(value));
}

// Grafana's points "auto": shown while the points in view are at least two point diameters
// (3 + 2 x line width px) apart on average.
bool points_shown(const draw_context& ctx, const plot_series& s, const mapper& m) {
  if (s.st.show_points == "always") return true;
  if (s.st.show_points != "auto" || s.st.draw == "bars") return false;
  std::size_t n = 0;
  for (double t : s.t)
    if (t >= m.t0 && t <= m.t1) ++n;
  const double space = (3 + std::max(1.0, s.st.width) * 2) * 2 * px * ctx.scale;
  return n > 0 && static_cast<double>(n - 1) <= m.area.w / space;
}

void stroke_line(const draw_context& ctx, const plot_series& s, const mapper& m, const std::vector<run>& runs) {
  if (s.st.width <= 0) return;
  cairo_t* cr = ctx.cr;
  cairo_new_path(cr);
  for (const auto& r : runs) {
    cairo_new_sub_path(cr);
    trace(cr, r, s.st.interp);
  }
  cairo_pattern_t* g = s.st.gradient == "scheme" ? scheme_pattern(s, m, 1) : nullptr;
  if (g != nullptr) {
    cairo_set_source(cr, g);
    cairo_pattern_destroy(g);
  } else {
    set_color(cr, s.color);
  }
  cairo_set_line_width(cr, std::max(0.5, s.st.width * px * ctx.scale));
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, s.st.round_caps ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  std::vector<double> dash;
  for (double d : s.st.dash) dash.push_back(d * px * ctx.scale);
  cairo_set_dash(cr, dash.data(), static_cast<int>(dash.size()), 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

// Two passes: every area fill first (pass 0), then bars, lines and points (pass 1), so no
// fill ever hides another series' line.
void draw_series(const scene& sc, std::size_t index, int pass) {
  const plot_series& s = sc.all[index];
  const mapper m = sc.of(index);
  cairo_t* cr = sc.ctx.cr;
  if (s.t.empty() || (pass == 0 && (s.st.fill <= 0 || s.st.draw != "line"))) return;
  auto pts = downsample(s, m);
  if (s.st.draw == "bars") {
    if (pass == 1) draw_bars(sc, s, m, pts);
    return;
  }
  if (s.st.draw != "points") {
    auto runs = runs_of(pts, m);
    if (pass == 0) {
      if (!s.st.fill_below_to.empty() && fill_between(sc, s, runs, m)) return;
      double zero = m.zero();
      cairo_new_path(cr);
      for (const auto& r : runs) {
        cairo_move_to(cr, r.front().first, zero);
        trace(cr, r, s.st.interp);
        cairo_line_to(cr, r.back().first, zero);
        cairo_close_path(cr);
      }
      set_fill_paint(sc.ctx, s, m);
      cairo_fill(cr);
      return;
    }
    stroke_line(sc.ctx, s, m, runs);
  }
  if (pass == 1 && (s.st.draw == "points" || points_shown(sc.ctx, s, m))) {
    set_color(cr, s.color);
    cairo_new_path(cr);
    for (const auto& [x, v] : pts)
      if (!std::isnan(v)) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, m.y(v), std::max(1.0, s.st.point_size * 0.3 * sc.ctx.scale), 0, 2 * M_PI);
      }
    cairo_fill(cr);
  }
}

// custom.thresholdsStyle of the first series that sets one, on that series' axis: lines
// (2 px at 70 % alpha, 10/10 px dashes for "dashed") and/or bands at 15 % alpha.
void draw_thresholds(const scene& sc) {
  for (std::size_t i = 0; i < sc.all.size(); ++i) {
    const auto& s = sc.all[i];
    const auto* ts = s.display.custom.if_contains("thresholdsStyle");
    std::string mode = ts != nullptr && ts->is_object() ? json::get_string(ts->get_object(), "mode", "off") : "off";
    if (mode == "off" || mode == "series") continue;
    const mapper m = sc.of(i);
    const auto& set = s.display.thresholds;
    cairo_t* cr = sc.ctx.cr;
    auto value_of = [&](const threshold_step& st) {
      double v = *st.value;
      return set.percentage ? m.axis->lo + v / 100 * (m.axis->hi - m.axis->lo) : v;
    };
    const bool area = mode.find("area") != std::string::npos;
    const bool line = mode.find("line") != std::string::npos || mode.find("dashed") != std::string::npos;
    for (std::size_t k = 0; k < set.steps.size(); ++k) {
      const auto& step = set.steps[k];
      if (area && step.color.a > 0) {  // Grafana skips a transparent step's band (a gap)
        double lo = step.value ? m.y(value_of(step)) : sc.area.bottom();
        double hi = k + 1 < set.steps.size() ? m.y(value_of(set.steps[k + 1])) : sc.area.y;
        if (std::isnan(lo)) lo = sc.area.bottom();
        if (std::isnan(hi)) hi = sc.area.bottom();
        if (lo > hi) fill_rect(cr, {sc.area.x, hi, sc.area.w, lo - hi}, {step.color.r, step.color.g, step.color.b, 0.15});
      }
      if (line && step.value) {
        const double y = m.y(value_of(step));
        if (std::isnan(y)) continue;
        double d[] = {10 * px * sc.ctx.scale, 10 * px * sc.ctx.scale};
        cairo_set_dash(cr, d, mode.find("dashed") != std::string::npos ? 2 : 0, 0);
        set_color(cr, step.color, 0.7);
        cairo_set_line_width(cr, 2 * px * sc.ctx.scale);
        cairo_move_to(cr, sc.area.x, y);
        cairo_line_to(cr, sc.area.right(), y);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
      }
    }
    return;
  }
}

// The legacy graph panel's thresholds[]: each {value, op gt|lt, colorMode, fill, line, yaxis}
// tints the band from its value up (gt) or down (lt) to the plot's edge, or to the next
// threshold when that one lies further the same way (it then bounds the other direction's
// bands too), and draws a 1 px line at its value. colorMode critical, warning and ok have
// Grafana's fixed tints; custom reads fillColor and lineColor.
void draw_legacy_thresholds(const scene& sc, const panel& p) {
  const auto* list = json::get_array(p.raw, "thresholds");
  if (p.type != "graph" || list == nullptr || sc.ax.list.empty()) return;
  auto axis_on = [&](const std::string& side) -> const timeseries::y_axis* {
    for (const auto& a : sc.ax.list)
      if (a.side == side) return &a;
    return nullptr;
  };
  const timeseries::y_axis* left = axis_on("left");
  if (left == nullptr) left = &sc.ax.list.front();
  cairo_t* cr = sc.ctx.cr;
  double gt_limit = std::numeric_limits<double>::infinity(), lt_limit = -gt_limit;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* t = list->at(i).if_object();
    if (t == nullptr) continue;
    const auto value = json::get_number(*t, "value");
    if (!value) continue;
    std::optional<double> next;
    if (i + 1 < list->size())
      if (const auto* o = list->at(i + 1).if_object()) next = json::get_number(*o, "value");
    const bool gt = json::get_string(*t, "op", "gt") != "lt";
    double limit = gt ? gt_limit : lt_limit;
    if (next && (gt ? *next > *value : *next < *value)) {
      limit = *next;
      (gt ? lt_limit : gt_limit) = limit;
    }
    const std::string mode = json::get_string(*t, "colorMode", "critical");
    std::optional<rgba> fill, line;
    if (mode == "custom") {
      fill = parse_color(json::get_string(*t, "fillColor"));
      line = parse_color(json::get_string(*t, "lineColor"));
    } else if (mode == "warning") {
      fill = rgba{235 / 255.0, 138 / 255.0, 14 / 255.0, 0.12};
      line = rgba{247 / 255.0, 149 / 255.0, 32 / 255.0, 0.6};
    } else if (mode == "ok") {
      fill = rgba{11 / 255.0, 237 / 255.0, 50 / 255.0, 0.09};
      line = rgba{6 / 255.0, 163 / 255.0, 69 / 255.0, 0.6};
    } else {
      fill = rgba{234 / 255.0, 112 / 255.0, 112 / 255.0, 0.12};
      line = rgba{237 / 255.0, 46 / 255.0, 24 / 255.0, 0.6};
    }
    const timeseries::y_axis* axis = json::get_string(*t, "yaxis") == "right" ? axis_on("right") : left;
    if (axis == nullptr) axis = left;
    const mapper m{sc.area, sc.t0, sc.t1, axis};
    auto y_of = [&](double v) {
      if (std::isinf(v)) return v > 0 ? sc.area.y : sc.area.bottom();
      const double y = m.y(v);
      return std::isnan(y) ? sc.area.bottom() : std::clamp(y, sc.area.y - 1, sc.area.bottom() + 1);
    };
    const double y0 = y_of(*value), y1 = y_of(limit);
    if (json::get_bool(*t, "fill", true) && fill)
      fill_rect(cr, {sc.area.x, std::min(y0, y1), sc.area.w, std::fabs(y1 - y0)}, *fill);
    if (json::get_bool(*t, "line", true) && line && !std::isnan(m.y(*value))) {
      set_color(cr, *line);
      cairo_set_line_width(cr, px * sc.ctx.scale);
      cairo_move_to(cr, sc.area.x, y0);
      cairo_line_to(cr, sc.area.right(), y0);
      cairo_stroke(cr);
    }
  }
}

std::string legend_value(const plot_series& s, double v) {
  if (!s.display.mappings.empty()) return field_display_value(s.display, v);
  return format_value(v, s.axis.unit, s.axis.decimals);
}

void draw_time_axis(const draw_context& ctx, const rect& plot, const rect& area, double t0, double t1) {
  cairo_t* cr = ctx.cr;
  const double lh = 10 * ctx.scale;
  text_style ls;
  ls.size = 7 * ctx.scale;
  ls.color = ctx.th.muted;
  ls.halign = h_align::center;
  cairo_set_line_width(cr, 0.5);
  int max_x = std::max(2, static_cast<int>(area.w / (60 * ctx.scale)));
  for (const auto& tk : time_ticks(static_cast<std::int64_t>(t0), static_cast<std::int64_t>(t1), ctx.range.zone, max_x)) {
    double x = area.x + (static_cast<double>(tk.ms) - t0) / (t1 - t0) * area.w;
    set_color(cr, ctx.th.grid);
    cairo_move_to(cr, x, area.y);
    cairo_line_to(cr, x, area.bottom());
    cairo_stroke(cr);
    // Keep edge labels inside the panel instead of cutting them.
    double half = ctx.text.measure(tk.label, ls).width / 2 + 1;
    double cx = std::clamp(x, plot.x + half, plot.right() - half);
    ctx.text.draw(tk.label, {cx - half, area.bottom() + 2, 2 * half, lh}, ls);
  }
}

}  // namespace

void draw_timeseries(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = timeseries::build_series(p);
  if (all.empty()) return draw_message(ctx, body, no_data_text(p));
  legend_spec spec = panel_legend(p);
  std::vector<legend_item> items;
  for (const auto& s : all) {
    if (!s.st.in_legend) continue;
    legend_item it{s.name, s.color, {}};
    for (const auto& c : spec.calcs) it.values.push_back(legend_value(s, reduce(s.raw, c)));
    items.push_back(std::move(it));
  }
  rect plot;
  rect legend = reserve_legend(ctx, spec, items, body, plot);
  double t0 = static_cast<double>(ctx.range.from_ms), t1 = static_cast<double>(ctx.range.to_ms);
  if (!(t1 > t0)) {
    double dmin = std::numeric_limits<double>::infinity(), dmax = -dmin;
    for (const auto& s : all) { dmin = std::min(dmin, s.t.front()); dmax = std::max(dmax, s.t.back()); }
    t0 = dmin;
    t1 = dmax > dmin ? dmax : dmin + 1;
  }
  const double lh = 10 * ctx.scale;
  const axes ax = timeseries::build_axes(ctx, all, plot.h - lh - 6);
  rect area{plot.x + ax.left_w, plot.y + 4, plot.w - ax.left_w - std::max(ax.right_w, 4.0), plot.h - lh - 6};
  if (ax.left_w == 0) { area.x += 4; area.w -= 4; }
  if (area.w < 10 || area.h < 10) return draw_message(ctx, body, "Panel too small to draw");
  timeseries::draw_y_axes(ctx, ax, area);
  draw_time_axis(ctx, plot, area, t0, t1);
  cairo_t* cr = ctx.cr;
  cairo_save(cr);
  cairo_rectangle(cr, area.x, area.y, area.w, area.h);
  cairo_clip(cr);
  const scene sc{ctx, all, ax, area, t0, t1};
  draw_thresholds(sc);
  draw_legacy_thresholds(sc, p);
  for (int pass : {0, 1})
    for (std::size_t i = all.size(); i-- > 0;)
      if (!all[i].st.hidden) draw_series(sc, i, pass);
  cairo_restore(cr);
  draw_legend(ctx, spec, items, legend);
}

}  // namespace reportd::render
