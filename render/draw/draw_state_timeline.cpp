// State timeline and status history: one lane per field. A state timeline draws each run of
// equal values as one bar from its time to the next change (the last run reaches the end of
// the time range); a status history draws one cell per field and time. Colours come from the
// value mappings, else from the field's colour mode (thresholds, fixed, a continuous
// green-yellow-red scheme for numbers, the classic palette per distinct string); the value's
// text sits in the bar when it fits (showValue auto), always, or never.
#include <algorithm>
#include <cmath>
#include <limits>

#include "render/draw/draw_chart.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

struct lane {
  std::string name;
  const field* values = nullptr;
  const field* times = nullptr;
  field_display display;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
};

rgba mix(const rgba& a, const rgba& b, double f) {
  return {a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f, 1};
}

rgba lane_color(const draw_context& ctx, const lane& l, const cell_value& v, std::vector<std::string>& seen_strings) {
  if (auto m = mapping_for(l.display.mappings, v); m && m->color) return *m->color;
  const std::string& mode = l.display.color.mode;
  if (v.is_string) {
    if ((mode == "fixed" || mode == "shades") && l.display.color.fixed) return *l.display.color.fixed;
    auto it = std::find(seen_strings.begin(), seen_strings.end(), v.text);
    std::size_t idx = static_cast<std::size_t>(it - seen_strings.begin());
    if (it == seen_strings.end()) seen_strings.push_back(v.text);
    return palette_color(idx);
  }
  const double lo = l.display.min.value_or(l.lo), hi = l.display.max.value_or(l.hi);
  // Grafana's default colour mode for these panels is continuous-GrYlRd.
  if (mode.empty()) {
    const double f = hi > lo ? (v.number - lo) / (hi - lo) : 0;
    if (auto c = continuous_color("continuous-GrYlRd", f, ctx.th)) return *c;
  }
  return field_value_color(l.display, v.number, lo, hi, 0, ctx.th);
}

std::vector<lane> lanes_of(const panel& p) {
  std::vector<lane> out;
  for (const auto& fr : p.frames) {
    const field* time = nullptr;
    for (const auto& f : fr.fields)
      if (f.type == field_type::time) { time = &f; break; }
    if (time == nullptr) continue;
    for (const auto& f : fr.fields) {
      if (&f == time) continue;
      lane l;
      l.values = &f;
      l.times = time;
      l.display = resolve_field(p, fr, f);
      if (l.display.hidden_in_viz) continue;
      l.name = l.display.name.empty() ? f.name : l.display.name;
      for (double v : f.numbers)
        if (!std::isnan(v)) l.lo = std::min(l.lo, v), l.hi = std::max(l.hi, v);
      out.push_back(std::move(l));
    }
  }
  return out;
}

// The value text inside a bar or cell: "auto" draws it when it fits, "always" clips it.
void bar_text(const draw_context& ctx, const std::string& show, const std::string& text, const rect& r,
              const rgba& fill) {
  if (show == "never" || text.empty() || r.w < 4 || r.h < 4) return;
  text_style st;
  st.size = std::clamp(r.h * 0.45, 4.0, 8.0 * ctx.scale);
  const double lum = 0.299 * fill.r + 0.587 * fill.g + 0.114 * fill.b;
  st.color = lum > 0.6 ? rgba{0.1, 0.1, 0.1, 1} : rgba{1, 1, 1, 1};
  st.halign = h_align::center;
  st.valign = v_align::middle;
  if (show != "always" && ctx.text.measure(text, st).width > r.w - 2) return;
  ctx.text.draw(text, r, st);
}

struct plot_areas {
  rect labels, plot, axis;
};

plot_areas split(const draw_context& ctx, const std::vector<lane>& lanes, const rect& area) {
  std::vector<std::string> names;
  for (const auto& l : lanes) names.push_back(l.name);
  const double label_size = 7 * ctx.scale;
  const double lw = widest(ctx, names, label_size, area.w * 0.3);
  const double axis_h = axis_text_size(ctx) * 1.8;
  plot_areas a;
  a.labels = {area.x, area.y, lw, area.h - axis_h};
  a.plot = {area.x + lw, area.y, area.w - lw, area.h - axis_h};
  a.axis = {a.plot.x, a.plot.bottom(), a.plot.w, axis_h};
  text_style st;
  st.size = label_size;
  st.color = ctx.th.text;
  st.valign = v_align::middle;
  const double lane_h = a.plot.h / static_cast<double>(lanes.size());
  for (std::size_t i = 0; i < lanes.size(); ++i)
    ctx.text.draw(lanes[i].name, {a.labels.x, a.plot.y + lane_h * i, a.labels.w - 3, lane_h}, st);
  return a;
}

// Legend: the mapping texts with their colours, as Grafana lists them under the lanes.
rect mapping_legend(const draw_context& ctx, const panel& p, const std::vector<lane>& lanes, const rect& body,
                    std::vector<legend_item>& items, legend_spec& spec, rect& legend_area) {
  spec = panel_legend(p);
  for (const auto& l : lanes)
    for (const auto& m : l.display.mappings) {
      const auto* mo = m.if_object();
      const auto* opts = mo ? json::get_object(*mo, "options") : nullptr;
      if (opts == nullptr) continue;
      auto add = [&](const boost::json::object& r) {
        auto res = json::get_string(r, "text");
        auto col = parse_color(json::get_string(r, "color"));
        if (res.empty() || !col) return;
        for (const auto& it : items)
          if (it.name == res) return;
        items.push_back({res, *col, {}});
      };
      if (json::get_string(*mo, "type") == "value") {
        for (const auto& [k, r] : *opts)
          if (r.is_object()) add(r.get_object());
      } else if (const auto* r = json::get_object(*opts, "result")) {
        add(*r);
      }
    }
  // Without mapping colours, a thresholds colour mode lists its steps as Grafana does:
  // "< 80" for the base step, "80+" for each one above.
  const auto& first = lanes.front().display;
  if (items.empty() && first.color.mode == "thresholds" && first.thresholds.steps.size() > 1) {
    const auto& steps = first.thresholds.steps;
    const std::string pct = first.thresholds.percentage ? "%" : "";
    auto fmt = [&](double v) { return format_value(v, first.thresholds.percentage ? "" : first.unit, std::nullopt) + pct; };
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (i == 0 && steps[1].value) items.push_back({"< " + fmt(*steps[1].value), steps[0].color, {}});
      else if (steps[i].value) items.push_back({fmt(*steps[i].value) + "+", steps[i].color, {}});
    }
  }
  rect rest = body;
  if (!spec.show || items.empty()) return body;
  spec.right = false;
  spec.table = false;
  legend_area = reserve_legend(ctx, spec, items, body, rest);
  return rest;
}

void finish_legend(const draw_context& ctx, const legend_spec& spec, const std::vector<legend_item>& items,
                   const rect& legend_area) {
  if (!spec.show || items.empty()) return;
  draw_legend(ctx, spec, items, legend_area);
}

}  // namespace

void draw_state_timeline(const draw_context& ctx, const panel& p, const rect& body) {
  auto lanes = lanes_of(p);
  if (lanes.empty()) return draw_message(ctx, body, no_data_text(p));
  std::vector<legend_item> items;
  legend_spec spec;
  rect legend_area;
  const rect area = mapping_legend(ctx, p, lanes, body, items, spec, legend_area);
  const auto a = split(ctx, lanes, area);
  const double from = static_cast<double>(ctx.range.from_ms), to = static_cast<double>(ctx.range.to_ms);
  if (!(to > from) || a.plot.w < 4 || a.plot.h < 4) return;
  const bool merge = json::get_bool(p.options, "mergeValues", true);
  const std::string show = json::get_string(p.options, "showValue", "auto");
  const double row_frac = std::clamp(json::get_number(p.options, "rowHeight", 0.9), 0.05, 1.0);
  const double lane_h = a.plot.h / static_cast<double>(lanes.size());
  auto x_of = [&](double t) { return a.plot.x + a.plot.w * std::clamp((t - from) / (to - from), 0.0, 1.0); };
  for (std::size_t li = 0; li < lanes.size(); ++li) {
    const auto& l = lanes[li];
    const double opacity = json::get_number(l.display.custom, "fillOpacity", 70) / 100.0;
    const double y = a.plot.y + lane_h * li + lane_h * (1 - row_frac) / 2, h = lane_h * row_frac;
    std::vector<std::string> seen;
    const std::size_t n = std::min(l.values->size(), l.times->numbers.size());
    std::size_t i = 0;
    while (i < n) {
      const cell_value v = value_at(*l.values, i);
      std::size_t j = i + 1;
      if (merge)
        while (j < n && value_at(*l.values, j) == v) ++j;
      const double start = l.times->numbers[i];
      const double end = j < n ? l.times->numbers[j] : to;
      if (!v.is_null() && end > from && start < to) {
        rect r{x_of(start), y, x_of(end) - x_of(start), h};
        rgba c = lane_color(ctx, l, v, seen);
        rgba fill = c;
        fill.a = opacity;
        fill_rect(ctx.cr, r, fill);
        stroke_rect(ctx.cr, r, c, 0.5);
        // What the bar looks like over the white panel, for the text colour.
        rgba seen_fill = mix(ctx.th.panel, c, opacity);
        bar_text(ctx, show, cell_text(l.display, v), r, seen_fill);
      }
      i = j;
    }
  }
  draw_time_axis(ctx, a.plot, a.axis, ctx.range.from_ms, ctx.range.to_ms);
  finish_legend(ctx, spec, items, legend_area);
}

void draw_status_history(const draw_context& ctx, const panel& p, const rect& body) {
  auto lanes = lanes_of(p);
  if (lanes.empty()) return draw_message(ctx, body, no_data_text(p));
  std::vector<legend_item> items;
  legend_spec spec;
  rect legend_area;
  const rect area = mapping_legend(ctx, p, lanes, body, items, spec, legend_area);
  const auto a = split(ctx, lanes, area);
  if (a.plot.w < 4 || a.plot.h < 4) return;
  const std::string show = json::get_string(p.options, "showValue", "auto");
  const double row_frac = std::clamp(json::get_number(p.options, "rowHeight", 0.9), 0.05, 1.0);
  const double col_frac = std::clamp(json::get_number(p.options, "colWidth", 0.9), 0.05, 1.0);
  const double lane_h = a.plot.h / static_cast<double>(lanes.size());
  // Columns are the times of the data: the axis runs from the first to the last one, each cell
  // centred on its time, as wide as the smallest step between times.
  double t_lo = std::numeric_limits<double>::infinity(), t_hi = -t_lo, step = t_lo;
  for (const auto& l : lanes) {
    const auto& t = l.times->numbers;
    for (std::size_t i = 0; i < t.size(); ++i) {
      t_lo = std::min(t_lo, t[i]);
      t_hi = std::max(t_hi, t[i]);
      if (i > 0 && t[i] > t[i - 1]) step = std::min(step, t[i] - t[i - 1]);
    }
  }
  if (!std::isfinite(t_lo)) return draw_message(ctx, body, no_data_text(p));
  if (!std::isfinite(step)) step = std::max(1.0, static_cast<double>(ctx.range.to_ms - ctx.range.from_ms));
  const double from = t_lo - step / 2, to = t_hi + step / 2;
  const double cell_w = a.plot.w * step / (to - from);
  for (std::size_t li = 0; li < lanes.size(); ++li) {
    const auto& l = lanes[li];
    const double opacity = json::get_number(l.display.custom, "fillOpacity", 70) / 100.0;
    const double y = a.plot.y + lane_h * li + lane_h * (1 - row_frac) / 2, h = lane_h * row_frac;
    std::vector<std::string> seen;
    const std::size_t n = std::min(l.values->size(), l.times->numbers.size());
    for (std::size_t i = 0; i < n; ++i) {
      const cell_value v = value_at(*l.values, i);
      if (v.is_null()) continue;
      const double cx = a.plot.x + a.plot.w * (l.times->numbers[i] - from) / (to - from);
      rect r{cx - cell_w * col_frac / 2, y, cell_w * col_frac, h};
      rgba c = lane_color(ctx, l, v, seen);
      rgba fill = c;
      fill.a = opacity;
      fill_rect(ctx.cr, r, fill);
      bar_text(ctx, show, cell_text(l.display, v), r, mix(ctx.th.panel, c, opacity));
    }
  }
  draw_time_axis(ctx, a.plot, a.axis, static_cast<std::int64_t>(from), static_cast<std::int64_t>(to));
  finish_legend(ctx, spec, items, legend_area);
}

}  // namespace reportd::render
