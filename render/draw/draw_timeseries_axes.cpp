// Y axes of the time series panel (see draw_timeseries_axes.hpp).
#include "render/draw/draw_timeseries_axes.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "render/units.hpp"

namespace reportd::render::timeseries {
namespace {

double tick_font(const draw_context& ctx) { return 7 * ctx.scale; }
double line_h(const draw_context& ctx) { return 10 * ctx.scale; }

void linear_range(y_axis& a, double lo, double hi, bool zero, int max_ticks) {
  if (!std::isfinite(lo)) { lo = 0; hi = 1; }
  if (zero) { lo = std::min(lo, 0.0); hi = std::max(hi, 0.0); }
  if (a.spec.soft_min) lo = std::min(lo, *a.spec.soft_min);
  if (a.spec.soft_max) hi = std::max(hi, *a.spec.soft_max);
  if (a.spec.centered_zero) {
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    lo = -m;
    hi = m;
  }
  if (a.spec.min) lo = *a.spec.min;
  if (a.spec.max) hi = *a.spec.max;
  if (hi <= lo) hi = lo + 1;
  const double step = nice_step(lo, hi, max_ticks);
  if (!a.spec.min) lo = std::floor(lo / step + 1e-9) * step;
  if (!a.spec.max) hi = std::ceil(hi / step - 1e-9) * step;
  if (a.spec.centered_zero && !a.spec.min && !a.spec.max) {
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    lo = -m;
    hi = m;
  }
  a.lo = lo;
  a.hi = hi;
  a.ticks = nice_ticks(lo, hi, max_ticks);
  // Fixed decimals keep ticks on that precision (decimals 0: whole numbers only), as
  // Grafana's axis increments do.
  if (a.spec.decimals && a.ticks.size() > 1) {
    const double least = std::pow(10.0, -*a.spec.decimals);
    if (a.ticks[1] - a.ticks[0] < least * (1 - 1e-9)) {
      a.ticks.clear();
      for (double v = std::ceil(lo / least - 1e-9) * least; v <= hi + least * 1e-9; v += least) a.ticks.push_back(v);
    }
  }
}

// Log axes run from the power of the base at or below the smallest positive value to the one
// at or above the largest, with a tick at each power (every other one when crowded).
void log_range(y_axis& a, double lo, double hi, int max_ticks) {
  const double b = a.spec.log_base;
  if (!(lo > 0) || !std::isfinite(lo)) { lo = 1; hi = std::max(hi, b); }
  if (a.spec.soft_min && *a.spec.soft_min > 0) lo = std::min(lo, *a.spec.soft_min);
  if (a.spec.soft_max) hi = std::max(hi, *a.spec.soft_max);
  int e0 = static_cast<int>(std::floor(std::log(lo) / std::log(b) + 1e-9));
  int e1 = static_cast<int>(std::ceil(std::log(hi) / std::log(b) - 1e-9));
  if (e1 <= e0) e1 = e0 + 1;
  a.lo = a.spec.min && *a.spec.min > 0 ? *a.spec.min : std::pow(b, e0);
  a.hi = a.spec.max && *a.spec.max > a.lo ? *a.spec.max : std::pow(b, e1);
  const int every = std::max(1, (e1 - e0 + max_ticks - 1) / std::max(1, max_ticks));
  a.ticks.clear();
  for (int e = e0; e <= e1; e += every) {
    const double v = std::pow(b, e);
    if (v >= a.lo * (1 - 1e-9) && v <= a.hi * (1 + 1e-9)) a.ticks.push_back(v);
  }
}

}  // namespace

double y_axis::frac(double v) const {
  if (spec.log_base > 0) {
    if (!(v > 0)) return std::nan("");
    return (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo));
  }
  return (v - lo) / (hi - lo);
}

axes build_axes(const draw_context& ctx, const std::vector<plot_series>& all, double height) {
  axes out;
  std::map<std::string, std::size_t> by_key;
  struct extent {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    bool zero = false;
  };
  std::vector<extent> ext;
  bool has_left = false;
  for (const auto& s : all) {
    auto [it, fresh] = by_key.emplace(s.axis.key(), out.list.size());
    if (fresh) {
      y_axis a;
      a.spec = s.axis;
      a.display = &s.display;
      if (s.st.stack == "percent" && a.spec.unit.empty()) a.spec.unit = "percentunit";
      // Grafana: an axis left on auto goes left if no axis is there yet, else right.
      a.side = a.spec.placement == "auto" ? (has_left ? "right" : "left") : a.spec.placement;
      if (a.side != "left" && a.side != "right") a.side = "hidden";
      if (a.side == "left") has_left = true;
      out.list.push_back(std::move(a));
      ext.emplace_back();
    }
    out.of_series.push_back(it->second);
    if (s.st.hidden) continue;
    auto& e = ext[it->second];
    for (std::size_t i = 0; i < s.v.size(); ++i) {
      const double v = s.v[i];
      if (std::isnan(v) || (s.axis.log_base > 0 && !(v > 0))) continue;
      e.lo = std::min(e.lo, v);
      e.hi = std::max(e.hi, v);
    }
    // A fill alone does not pull zero into the range (Grafana fills to the bottom of the plot
    // when zero is outside it, so a 95..100 series with a band keeps its 94..101 axis).
    e.zero = e.zero || s.st.draw == "bars" || s.st.stack != "none";
  }
  const int max_ticks = std::clamp(static_cast<int>((height - line_h(ctx)) / (line_h(ctx) * 1.6)), 1, 5);
  text_style ts;
  ts.size = tick_font(ctx);
  bool grid_taken = false;
  for (std::size_t i = 0; i < out.list.size(); ++i) {
    auto& a = out.list[i];
    if (a.spec.log_base > 0) log_range(a, ext[i].lo, ext[i].hi, max_ticks);
    else linear_range(a, ext[i].lo, ext[i].hi, ext[i].zero, max_ticks);
    if (a.side == "hidden") continue;
    if (!grid_taken) a.grid = grid_taken = true;
    // Linear ticks take the decimals of their step (format_ticks); log ticks each their own.
    std::vector<std::string> formatted;
    if (a.spec.log_base > 0)
      for (double v : a.ticks) formatted.push_back(format_value(v, a.spec.unit, a.spec.decimals));
    else
      formatted = format_ticks(a.ticks, a.spec.unit, a.spec.decimals);
    for (std::size_t k = 0; k < a.ticks.size(); ++k) {
      auto mapped = a.display != nullptr ? field_mapped_text(*a.display, a.ticks[k]) : std::nullopt;
      a.labels.push_back(mapped ? *mapped : k < formatted.size() ? formatted[k] : std::string());
      a.width = std::max(a.width, ctx.text.measure(a.labels.back(), ts).width);
    }
    a.width += 4;
    if (!a.spec.label.empty()) a.width += line_h(ctx) + 2;
    (a.side == "left" ? out.left_w : out.right_w) += a.width;
  }
  // With no visible axis the grid still follows the first scale.
  if (!grid_taken && !out.list.empty()) out.list.front().grid = true;
  return out;
}

void draw_y_axes(const draw_context& ctx, const axes& ax, const rect& area) {
  cairo_t* cr = ctx.cr;
  const double lh = line_h(ctx);
  text_style ts;
  ts.size = tick_font(ctx);
  ts.color = ctx.th.muted;
  double left_edge = area.x, right_edge = area.right();  // axes stack outwards from the plot
  for (const auto& a : ax.list) {
    auto y_of = [&](double v) { return area.bottom() - a.frac(v) * area.h; };
    if (a.grid) {
      set_color(cr, ctx.th.grid);
      cairo_set_line_width(cr, 0.5);
      for (double v : a.ticks) {
        const double y = y_of(v);
        if (!std::isfinite(y)) continue;
        cairo_move_to(cr, area.x, y);
        cairo_line_to(cr, area.right(), y);
        cairo_stroke(cr);
      }
    }
    if (a.side == "hidden") continue;
    const bool left = a.side == "left";
    const double band = a.spec.label.empty() ? 0 : lh + 2;
    const double col_w = a.width - band - 4;
    const double outer = left ? left_edge - a.width : right_edge;  // the axis block's left edge
    const double col_x = left ? outer + band : outer + 4;
    ts.halign = left ? h_align::right : h_align::left;
    for (std::size_t i = 0; i < a.ticks.size(); ++i) {
      const double y = y_of(a.ticks[i]);
      if (std::isfinite(y)) ctx.text.draw(a.labels[i], {col_x, y - lh / 2, col_w, lh}, ts);
    }
    if (band > 0) {
      // The axis label reads bottom to top on the left, top to bottom on the right.
      text_style ls = ts;
      ls.halign = h_align::center;
      ls.valign = v_align::middle;
      cairo_save(cr);
      const double cx = left ? outer + band / 2 : outer + a.width - band / 2;
      cairo_translate(cr, cx, area.y + area.h / 2);
      cairo_rotate(cr, left ? -M_PI / 2 : M_PI / 2);
      ctx.text.draw(a.spec.label, {-area.h / 2, -band / 2, area.h, band}, ls);
      cairo_restore(cr);
    }
    if (left) left_edge -= a.width;
    else right_edge += a.width;
  }
}

}  // namespace reportd::render::timeseries
