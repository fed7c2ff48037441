// Series styles and stacking for time series and the legacy graph panel.
#include "render/draw/draw_timeseries_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "render/json_access.hpp"

namespace reportd::render::timeseries {
namespace {

style panel_style(const panel& p) {
  style s;
  if (p.type == "graph") {
    s.draw = json::get_bool(p.raw, "bars", false) ? "bars"
             : json::get_bool(p.raw, "lines", true) ? "line" : "points";
    s.points = json::get_bool(p.raw, "points", false);
    s.fill = json::get_number(p.raw, "fill", 1) / 10.0;
    s.width = json::get_number(p.raw, "linewidth", 1);
    s.interp = json::get_bool(p.raw, "steppedLine", false) ? "stepAfter" : "linear";
    s.span_nulls = json::get_string(p.raw, "nullPointMode") == "connected";
    if (json::get_bool(p.raw, "stack", false))
      s.stack = json::get_bool(p.raw, "percentage", false) ? "percent" : "normal";
    return s;
  }
  const auto* c = json::get_object(p.field_config, "defaults.custom");
  if (c == nullptr) return s;
  s.draw = json::get_string(*c, "drawStyle", "line");
  s.interp = json::get_string(*c, "lineInterpolation", "linear");
  s.fill = json::get_number(*c, "fillOpacity", 0) / 100.0;
  s.width = json::get_number(*c, "lineWidth", 1);
  s.points = json::get_string(*c, "showPoints") == "always" || s.draw == "points";
  s.span_nulls = json::get_bool(*c, "spanNulls", false);
  s.point_size = json::get_number(*c, "pointSize", 5);
  s.dashed = json::get_string(*c, "lineStyle.fill") == "dash";
  s.stack = json::get_string(*c, "stacking.mode", "none");
  s.group = json::get_string(*c, "stacking.group", "A");
  return s;
}

// Stacks series of the same group index by index (series of one query share timestamps).

void stack(std::vector<plot_series>& all) {
  std::map<std::string, std::vector<plot_series*>> groups;
  for (auto& s : all)
    if (s.st.stack == "normal" || s.st.stack == "percent") groups[s.st.group].push_back(&s);
  for (auto& [name, members] : groups) {
    std::size_t n = members.front()->v.size();
    std::vector<double> total(n, 0.0);
    if (members.front()->st.stack == "percent")
      for (auto* s : members)
        for (std::size_t i = 0; i < n && i < s->v.size(); ++i)
          if (!std::isnan(s->v[i])) total[i] += std::fabs(s->v[i]);
    std::vector<double> acc(n, 0.0);
    for (auto* s : members) {
      if (s->v.size() != n) continue;
      s->base = acc;
      for (std::size_t i = 0; i < n; ++i) {
        double v = s->v[i];
        if (std::isnan(v)) continue;
        if (s->st.stack == "percent") v = total[i] > 0 ? v / total[i] : 0;
        acc[i] += v;
        s->v[i] = acc[i];
      }
    }
  }
}

style with_overrides(style st, const panel& p, const std::string& name) {
  for (const auto& [id, v] : overrides_for(p, name)) {
    auto num = json::as_number(*v);
    const auto* o = v->if_object();
    if (id == "custom.stacking" && o != nullptr) {
      st.stack = json::get_string(*o, "mode", st.stack);
      st.group = json::get_string(*o, "group", st.group);
    } else if (id == "custom.drawStyle" && v->is_string()) {
      st.draw = std::string(v->get_string());
    } else if (id == "custom.lineInterpolation" && v->is_string()) {
      st.interp = std::string(v->get_string());
    } else if (id == "custom.fillOpacity" && num) {
      st.fill = *num / 100.0;
    } else if (id == "custom.lineWidth" && num) {
      st.width = *num;
    } else if (id == "custom.pointSize" && num) {
      st.point_size = *num;
    } else if (id == "custom.showPoints" && v->is_string()) {
      st.points = v->get_string() == "always";
    } else if (id == "custom.lineStyle" && o != nullptr) {
      st.dashed = json::get_string(*o, "fill") == "dash";
    } else if (id == "custom.hideFrom" && o != nullptr) {
      st.hidden = json::get_bool(*o, "viz", false);
      st.in_legend = !json::get_bool(*o, "legend", false);
    }
  }
  return st;
}

}  // namespace

std::vector<plot_series> build_series(const panel& p) {
  style st = panel_style(p);
  std::vector<plot_series> out;
  std::size_t index = 0;
  for (auto& s : panel_series(p)) {
    if (s.times.empty()) continue;
    plot_series ps{s.name, series_color(p, s.name, index++), with_overrides(st, p, s.name), std::move(s.times),
                   s.values, {}, s.values};
    out.push_back(std::move(ps));
  }
  stack(out);
  int slots = 0;
  for (auto& s : out)
    if (s.st.draw == "bars" && s.st.stack == "none" && !s.st.hidden) s.bar_slot = slots++;
  for (auto& s : out) s.bar_slots = std::max(1, slots);
  return out;
}

}  // namespace reportd::render::timeseries
