// Pie chart and donut as Grafana draws them: one slice per display value (reduceOptions:
// calcs, values with limit, fields), largest first unless options.sort says otherwise, a
// radial gradient over each slice's colour, labels (name / value / percent) on slices wide
// enough for them, and a legend (right by default) with value and percent columns.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"

namespace reportd::render {
namespace {

constexpr double min_label_angle = 0.3;  // radians: narrower slices get no label

double slice_value(const reduced& r) { return std::isfinite(r.value) && r.value > 0 ? r.value : 0; }

std::string percent_text(const reduced& r, double total) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%%", r.display.decimals.value_or(0), slice_value(r) / total * 100);
  return buf;
}

rgba slice_color(const reduced& r) {
  // Grafana's pie colours by the classic palette unless the field config says otherwise.
  return field_value_color(r.display, r.value, r.lo, r.hi, r.index);
}

void sort_values(const panel& p, std::vector<reduced>& values) {
  // Grafana sorts slices and legend by value, largest first; options.sort (newer
  // Grafana) may ask for ascending or none; legend.sortBy/sortDesc sorts by a legend column.
  std::string order = json::get_string(p.options, "sort", "desc");
  if (const auto* lg = json::get_object(p.options, "legend"); lg != nullptr && !json::get_string(*lg, "sortBy").empty())
    order = json::get_bool(*lg, "sortDesc", false) ? "desc" : "asc";
  if (order == "none") return;
  std::stable_sort(values.begin(), values.end(), [&](const reduced& a, const reduced& b) {
    if (std::isnan(a.value)) return false;
    if (std::isnan(b.value)) return true;
    return order == "asc" ? a.value < b.value : a.value > b.value;
  });
}

struct pie_geometry {
  double cx, cy, outer, inner;
};

void draw_slices(const draw_context& ctx, const std::vector<reduced>& values, const pie_geometry& g, double total) {
  const double f = &ctx.th == &theme_named("dark") ? 1 : -0.7;
  double angle = -M_PI / 2;
  cairo_t* cr = ctx.cr;
  for (const auto& r : values) {
    double v = slice_value(r);
    if (v <= 0) continue;
    double a = v / total * 2 * M_PI;
    rgba c = slice_color(r), from = shade_color(c, 20 * f, 4), to = shade_color(c, 10 * f, -4);
    cairo_pattern_t* pat = cairo_pattern_create_radial(g.cx, g.cy, 0, g.cx, g.cy, g.outer);
    double from_at = g.outer > 0 ? g.inner / g.outer : 0;
    cairo_pattern_add_color_stop_rgba(pat, from_at, from.r, from.g, from.b, from.a);
    cairo_pattern_add_color_stop_rgba(pat, 1, to.r, to.g, to.b, to.a);
    cairo_new_path(cr);
    cairo_arc(cr, g.cx, g.cy, g.outer, angle, angle + a);
    if (g.inner > 0) cairo_arc_negative(cr, g.cx, g.cy, g.inner, angle + a, angle);
    else cairo_line_to(cr, g.cx, g.cy);
    cairo_close_path(cr);
    cairo_set_source(cr, pat);
    cairo_fill_preserve(cr);
    cairo_pattern_destroy(pat);
    set_color(cr, ctx.th.panel);
    cairo_set_line_width(cr, 0.75 * ctx.scale);
    cairo_stroke(cr);
    angle += a;
  }
}

void draw_labels(const draw_context& ctx, const std::vector<reduced>& values, const pie_geometry& g, double total,
                 const std::vector<std::string>& shown, double px) {
  auto has = [&](const char* k) { return std::find(shown.begin(), shown.end(), k) != shown.end(); };
  const double outer_px = g.outer / px;
  const double size_px = has("name") ? std::clamp(outer_px / 150 * 14, 12.0, 30.0) : std::clamp(outer_px / 100 * 14, 12.0, 36.0);
  text_style st;
  st.size = size_px * px;
  st.bold = true;
  st.color = ctx.th.text;
  st.halign = h_align::center;
  st.valign = v_align::middle;
  const double label_r = ((g.inner > 0 ? g.inner : g.outer / 6) + g.outer) / 2;
  double angle = -M_PI / 2;
  for (const auto& r : values) {
    double a = slice_value(r) / total * 2 * M_PI;
    double mid = angle + a / 2;
    angle += a;
    if (a < min_label_angle) continue;
    std::vector<std::string> lines;
    if (has("name")) lines.push_back(r.name);
    if (has("value")) lines.push_back(reduced_text(r));
    if (has("percent")) lines.push_back(percent_text(r, total));
    if (lines.empty()) continue;
    double line_h = st.size * 1.2, x = g.cx + std::cos(mid) * label_r, y = g.cy + std::sin(mid) * label_r;
    double top = y - line_h * static_cast<double>(lines.size()) / 2;
    double w = g.outer * 1.2;
    for (std::size_t i = 0; i < lines.size(); ++i)
      ctx.text.draw(lines[i], {x - w / 2, top + line_h * static_cast<double>(i), w, line_h}, st);
  }
}

}  // namespace

void draw_piechart(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  double total = 0;
  for (const auto& v : values) total += slice_value(v);
  if (values.empty() || total <= 0) return draw_message(ctx, body, no_data_text(p));
  sort_values(p, values);

  legend_spec spec = panel_legend(p);
  spec.calcs.clear();
  const auto* legend_obj = json::get_object(p.options, "legend");
  bool show_percent = legend_obj == nullptr;  // Grafana's default legend: right, percent
  bool show_value = false;
  if (legend_obj == nullptr) spec.right = true;
  if (const auto* vals = json::get_array(p.options, "legend.values"))
    for (const auto& v : *vals) {
      if (v == "percent") show_percent = true;
      if (v == "value") show_value = true;
    }
  // Grafana 7 pie charts kept them as legend flags.
  show_percent = show_percent || json::get_bool(p.options, "legend.showPercent", false);
  show_value = show_value || json::get_bool(p.options, "legend.showValue", false);
  if (show_value) spec.calcs.push_back("Value");
  if (show_percent) spec.calcs.push_back(show_value ? "Percent" : "");
  std::vector<legend_item> items;
  for (const auto& r : values) {
    if (json::get_bool(r.display.custom, "hideFrom.legend", false)) continue;
    legend_item it{r.name, slice_color(r), {}};
    if (show_value) it.values.push_back(reduced_text(r));
    if (show_percent) it.values.push_back(std::isnan(r.value) ? r.display.no_value.value_or("-") : percent_text(r, total));
    items.push_back(std::move(it));
  }
  rect chart;
  rect legend = reserve_legend(ctx, spec, items, body, chart);
  const double px = points_per_px(ctx.scale);
  const double margin = 16 * px;
  const double outer = (std::min(chart.w, chart.h) - 2 * margin) / 2;
  if (outer < 3) return draw_message(ctx, body, "Panel too small to draw");
  const bool donut = json::get_string(p.options, "pieType") == "donut";
  const double inner = donut ? outer - std::max(outer / 3, 20 * px) : 0;
  pie_geometry g{chart.x + chart.w / 2, chart.y + chart.h / 2, outer, std::max(0.0, inner)};
  draw_slices(ctx, values, g, total);
  std::vector<std::string> shown;
  if (const auto* labels = json::get_array(p.options, "displayLabels"))
    for (const auto& l : *labels)
      if (l.is_string()) shown.emplace_back(l.get_string());
  if (!shown.empty()) draw_labels(ctx, values, g, total, shown, px);
  draw_legend(ctx, spec, items, legend);
}

}  // namespace reportd::render
