// Pie chart and donut: one slice per series (reduced value), legend with optional values.
#include <algorithm>
#include <cmath>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {

void draw_piechart(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  double total = 0;
  for (const auto& v : values)
    if (std::isfinite(v.value) && v.value > 0) total += v.value;
  if (values.empty() || total <= 0) return draw_message(ctx, body, no_data_text(p));
  std::string unit = panel_unit(p);
  auto decimals = panel_decimals(p);
  legend_spec spec = panel_legend(p);
  spec.calcs.clear();
  bool show_percent = false;
  bool show_value = false;
  if (const auto* vals = json::get_array(p.options, "legend.values"))
    for (const auto& v : *vals) {
      if (v == "percent") show_percent = true;
      if (v == "value") show_value = true;
    }
  // Grafana 7 pie charts kept them as legend flags.
  show_percent = show_percent || json::get_bool(p.options, "legend.showPercent", false);
  show_value = show_value || json::get_bool(p.options, "legend.showValue", false);
  if (show_value) spec.calcs.push_back("Value");
  if (show_percent) spec.calcs.push_back("Percent");
  std::vector<legend_item> items;
  for (std::size_t i = 0; i < values.size(); ++i) {
    legend_item it{values[i].name, series_color(p, values[i].name, i), {}};
    double v = std::isfinite(values[i].value) ? std::max(0.0, values[i].value) : 0;
    if (show_value) it.values.push_back(format_value(values[i].value, unit, decimals));
    if (show_percent) it.values.push_back(format_value(v / total * 100, "percent", 0));
    items.push_back(std::move(it));
  }
  rect chart;
  rect legend = reserve_legend(ctx, spec, items, body, chart);
  double r = std::min(chart.w, chart.h) / 2 * 0.9;
  if (r < 3) return draw_message(ctx, body, "Panel too small to draw");
  double cx = chart.x + chart.w / 2, cy = chart.y + chart.h / 2;
  bool donut = json::get_string(p.options, "pieType") == "donut";
  double angle = -M_PI / 2;
  cairo_t* cr = ctx.cr;
  for (std::size_t i = 0; i < values.size(); ++i) {
    double v = std::isfinite(values[i].value) ? std::max(0.0, values[i].value) : 0;
    if (v <= 0) continue;
    double a = v / total * 2 * M_PI;
    cairo_new_path(cr);
    cairo_move_to(cr, cx, cy);
    cairo_arc(cr, cx, cy, r, angle, angle + a);
    cairo_close_path(cr);
    set_color(cr, items[i].color);
    cairo_fill_preserve(cr);
    set_color(cr, ctx.th.panel);
    cairo_set_line_width(cr, 0.75);
    cairo_stroke(cr);
    angle += a;
  }
  if (donut) {
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, r * 0.6, 0, 2 * M_PI);
    set_color(cr, ctx.th.panel);
    cairo_fill(cr);
  }
  draw_legend(ctx, spec, items, legend);
}

}  // namespace reportd::render
