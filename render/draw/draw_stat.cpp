// Stat: a reduced value per series, coloured by thresholds, with an optional sparkline;
// several values share the panel in a grid. Handles 6.5-era options.fieldOptions too.
#include <algorithm>
#include <cmath>

#include "render/draw/draw_panels.hpp"
#include "render/draw/draw_reduce.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {

std::string panel_calc(const panel& p) {
  const boost::json::array* calcs = json::get_array(p.options, "reduceOptions.calcs");
  if (calcs == nullptr) calcs = json::get_array(p.options, "fieldOptions.calcs");
  if (calcs != nullptr && !calcs->empty() && calcs->at(0).is_string())
    return std::string(calcs->at(0).get_string());
  std::string legacy = json::get_string(p.raw, "options-gauge.stat");
  if (legacy.empty()) legacy = json::get_string(p.raw, "valueName");
  if (legacy == "avg") return "mean";
  if (legacy == "current" || legacy.empty()) return "lastNotNull";
  return legacy;
}

std::vector<reduced> reduce_series(const panel& p, const std::vector<series>& all) {
  std::string calc = panel_calc(p);
  std::vector<reduced> out;
  for (const auto& s : all) out.push_back({s.name, reduce(s.values, calc), &s});
  return out;
}

std::vector<rect> cell_grid(const rect& area, std::size_t n, bool prefer_rows) {
  std::vector<rect> out;
  if (n == 0) return out;
  // Pick the column count whose cells are closest to a 2:1 (wide) shape.
  std::size_t best = 1;
  double best_score = 1e18;
  for (std::size_t cols = 1; cols <= n; ++cols) {
    std::size_t rows = (n + cols - 1) / cols;
    double aspect = (area.w / cols) / (area.h / rows);
    double score = std::fabs(std::log(aspect / (prefer_rows ? 4.0 : 1.5)));
    if (score < best_score) { best_score = score; best = cols; }
  }
  std::size_t rows = (n + best - 1) / best;
  double w = area.w / best, h = area.h / rows;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back({area.x + w * (i % best), area.y + h * (i / best), w, h});
  return out;
}

namespace {

bool show_sparkline(const panel& p) {
  if (json::get_string(p.options, "graphMode") == "area") return true;
  return json::get_bool(p.options, "sparkline.show", false);
}

// Grafana 6.5 stored colorMode as a number (0 value, 1 background); singlestat used flags.
std::string color_mode(const panel& p) {
  if (json::get_bool(p.raw, "colorBackground", false)) return "background";
  // A singlestat colours its value only with colorValue; else it is plain text.
  if (p.type == "singlestat" && !p.options.contains("colorMode"))
    return json::get_bool(p.raw, "colorValue", false) ? "value" : "none";
  const auto* v = json::find(p.options, "colorMode");
  if (v != nullptr && v->is_string()) return std::string(v->get_string());
  if (v != nullptr && v->is_number()) return json::as_number(*v).value_or(0) == 1 ? "background" : "value";
  return "value";
}

void sparkline(const draw_context& ctx, const series& s, const rect& r, const rgba& c) {
  if (s.values.size() < 2 || s.times.size() != s.values.size()) return;
  double lo = 1e300, hi = -1e300;
  for (double v : s.values)
    if (!std::isnan(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
  if (!(hi >= lo)) return;
  if (hi == lo) hi = lo + 1;
  double t0 = s.times.front(), t1 = std::max(s.times.back(), t0 + 1);
  cairo_t* cr = ctx.cr;
  cairo_new_path(cr);
  bool started = false;
  double step = std::max<std::size_t>(1, s.values.size() / std::max(1.0, r.w * 2));
  for (std::size_t i = 0; i < s.values.size(); i += static_cast<std::size_t>(step)) {
    if (std::isnan(s.values[i])) continue;
    double x = r.x + (s.times[i] - t0) / (t1 - t0) * r.w;
    double y = r.bottom() - (s.values[i] - lo) / (hi - lo) * r.h;
    if (!started) { cairo_move_to(cr, x, r.bottom()); started = true; }
    cairo_line_to(cr, x, y);
  }
  if (!started) return;
  double x_end;
  double y_end;
  cairo_get_current_point(cr, &x_end, &y_end);
  cairo_path_t* path = cairo_copy_path(cr);
  cairo_line_to(cr, x_end, r.bottom());
  cairo_close_path(cr);
  set_color(cr, c, 0.25);
  cairo_fill(cr);
  cairo_append_path(cr, path);
  cairo_path_destroy(path);
  set_color(cr, c, 0.9);
  cairo_set_line_width(cr, 1 * ctx.scale);
  cairo_stroke(cr);
}

void draw_cell(const draw_context& ctx, const panel& p, const reduced& r, const rect& cell,
               bool named, const std::vector<threshold_step>& steps) {
  std::string mode = color_mode(p);
  rgba c = std::isnan(r.value) ? ctx.th.muted : threshold_color(steps, r.value);
  if (auto fixed = fixed_color(p)) c = *fixed;
  rect box = cell.inset(std::clamp(cell.h * 0.06, 0.5, 2.0));  // short cells keep their height
  text_style vs;
  vs.bold = true;
  vs.halign = h_align::center;
  vs.valign = v_align::middle;
  vs.color = c;
  if (mode == "background") {
    fill_rect(ctx.cr, box, c);
    vs.color = {1, 1, 1, 1};
  }
  if (mode == "none") vs.color = ctx.th.text;  // Grafana: no colour, the theme's text
  // The value comes first: the sparkline takes the bottom of the cell only where it leaves
  // the value a line of at least 8 pt, and the name moves beside the value in short cells.
  double min_value_h = 10 * ctx.scale;
  double name_h = named ? std::clamp(box.h * 0.2, 8 * ctx.scale, 12 * ctx.scale) : 0;
  // A name above needs 8 pt of line and leaves the value 14; else it goes beside the value.
  bool name_beside = named && box.h - name_h < 14 * ctx.scale;
  if (name_beside) name_h = 0;
  double spark_h = 0;
  // Grafana draws the sparkline only in a cell over 50 px tall when wide (over 2.5:1), else
  // over 100 px: about 20 and 40 pt on A4 (a grid unit of 30 px is 12.4 pt).
  bool wide = box.w > box.h * 2.5;
  bool room_for_chart = box.h > (wide ? 20 : 40) * ctx.scale;
  if (show_sparkline(p) && r.source != nullptr && room_for_chart) {
    spark_h = std::min(box.h * 0.45, box.h - name_h - min_value_h);
    if (spark_h < 6 * ctx.scale) spark_h = 0;
  }
  if (spark_h > 0)
    sparkline(ctx, *r.source, {box.x, box.bottom() - spark_h, box.w, spark_h},
              mode == "background" ? rgba{1, 1, 1, 1} : c);
  rect vb{box.x, box.y + name_h, box.w, box.h - name_h - spark_h};
  if (named) {
    text_style ns = vs;
    ns.bold = false;
    ns.size = std::clamp((name_beside ? vb.h : name_h) * 0.7, 5.0, 9 * ctx.scale);
    ns.color = mode == "background" ? rgba{1, 1, 1, 1} : ctx.th.text;
    if (name_beside) {
      ns.halign = h_align::right;
      ctx.text.draw(r.name, {vb.x, vb.y, vb.w * 0.45, vb.h}, ns);
      vb = {vb.x + vb.w * 0.5, vb.y, vb.w * 0.5, vb.h};
      vs.halign = h_align::left;
    } else {
      ctx.text.draw(r.name, {box.x, box.y, box.w, name_h}, ns);
    }
  }
  std::string mode_text = json::get_string(p.options, "textMode", "auto");
  if (mode_text == "none") return;
  std::string text = mode_text == "name" ? r.name : display_value(p, r.value);
  // Large values keep air around them; a value squeezed into a short line uses all of it.
  double fill = vb.h < 14 * ctx.scale ? 0.97 : spark_h > 0 || vb.h < 24 * ctx.scale ? 0.9 : 0.7;
  vs.size = fit_size(ctx.text, text, true, vb.w * 0.9, vb.h * fill, 40.0 * ctx.scale);
  ctx.text.draw(text, vb, vs);
}

}  // namespace

void draw_stat(const draw_context& ctx, const panel& p, const rect& body) {
  auto all = panel_series(p);
  auto values = reduce_series(p, all);
  if (values.empty()) return draw_message(ctx, body, no_data_text(p));
  auto steps = panel_thresholds(p);
  auto cells = cell_grid(body, values.size(), json::get_string(p.options, "orientation") != "horizontal");
  std::string text_mode = json::get_string(p.options, "textMode", "auto");
  bool named = text_mode == "value_and_name" || (text_mode == "auto" && values.size() > 1);
  for (std::size_t i = 0; i < values.size(); ++i) draw_cell(ctx, p, values[i], cells[i], named, steps);
}

}  // namespace reportd::render
