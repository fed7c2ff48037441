// Series styles, axes and stacking for time series (custom.* through field_config, so every
// override applies) and the legacy graph panel (draw_timeseries_legacy.cpp).
#include "render/draw/draw_timeseries_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "render/json_access.hpp"

namespace reportd::render::timeseries {
namespace {

namespace bj = boost::json;

std::string text_of(const bj::object& o, const char* key, std::string fallback = {}) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : fallback;
}

std::optional<double> number_of(const bj::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr ? json::as_number(*v) : std::nullopt;
}

// Grafana's lineStyle: {fill: solid | dash | dot, dash: [on, off, ...]}; dashes default to
// 10/10 px, dots to 0/10 px drawn with round caps.
void line_style(const bj::object& ls, style& st) {
  const auto fill = text_of(ls, "fill", "solid");
  st.dash.clear();
  st.round_caps = fill == "dot";
  if (fill == "solid") return;
  if (const auto* d = ls.if_contains("dash"); d != nullptr && d->is_array())
    for (const auto& x : d->get_array())
      if (auto n = json::as_number(x)) st.dash.push_back(*n);
  if (st.dash.empty()) st.dash = fill == "dot" ? std::vector<double>{0, 10} : std::vector<double>{10, 10};
}

// custom.* of a resolved field (defaults merged with overrides) into the style and axis.
void from_custom(const field_display& d, style& st, axis_spec& axis) {
  const bj::object& c = d.custom;
  st.draw = text_of(c, "drawStyle", "line");
  st.interp = text_of(c, "lineInterpolation", "linear");
  st.fill = number_of(c, "fillOpacity").value_or(0) / 100.0;
  st.width = number_of(c, "lineWidth").value_or(1);
  st.show_points = st.draw == "points" ? "always" : text_of(c, "showPoints", "auto");
  st.point_size = number_of(c, "pointSize").value_or(5);
  if (const auto* ls = c.if_contains("lineStyle"); ls != nullptr && ls->is_object()) line_style(ls->get_object(), st);
  if (const auto* sn = c.if_contains("spanNulls")) {
    if (sn->is_bool()) st.span_ms = sn->get_bool() ? std::numeric_limits<double>::infinity() : 0;
    else if (auto ms = json::as_number(*sn)) st.span_ms = *ms;
  }
  if (const auto* s = c.if_contains("stacking"); s != nullptr && s->is_object()) {
    st.stack = text_of(s->get_object(), "mode", "none");
    st.group = text_of(s->get_object(), "group", "A");
  }
  st.bar_align = static_cast<int>(number_of(c, "barAlignment").value_or(0));
  st.gradient = text_of(c, "gradientMode", "none");
  st.fill_below_to = text_of(c, "fillBelowTo");
  st.negative_y = text_of(c, "transform") == "negative-Y";
  st.hidden = d.hidden_in_viz;
  if (const auto* h = c.if_contains("hideFrom"); h != nullptr && h->is_object())
    st.in_legend = !json::get_bool(h->get_object(), "legend", false);
  axis.unit = d.unit;
  axis.decimals = d.decimals;
  axis.min = d.min;
  axis.max = d.max;
  axis.soft_min = number_of(c, "axisSoftMin");
  axis.soft_max = number_of(c, "axisSoftMax");
  axis.placement = text_of(c, "axisPlacement", "auto");
  axis.label = text_of(c, "axisLabel");
  axis.centered_zero = json::get_bool(c, "axisCenteredZero", false);
  if (const auto* sd = c.if_contains("scaleDistribution"); sd != nullptr && sd->is_object())
    if (text_of(sd->get_object(), "type") == "log") axis.log_base = number_of(sd->get_object(), "log").value_or(2);
}

// Stacks series of the same group index by index (series of one query share timestamps).
void stack(std::vector<plot_series>& all) {
  std::map<std::string, std::vector<plot_series*>> groups;
  for (auto& s : all)
    if (s.st.stack == "normal" || s.st.stack == "percent") groups[s.axis.key() + "|" + s.st.group].push_back(&s);
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

std::string opt_text(const std::optional<double>& v) {
  if (!v) return "na";
  std::ostringstream o;
  o << *v;
  return o.str();
}

}  // namespace

std::string axis_spec::key() const {
  return unit + "/" + opt_text(min) + "-" + opt_text(max) + "/" + opt_text(soft_min) + "-" + opt_text(soft_max) +
         "/" + placement + "/" + (log_base > 0 ? "log" + opt_text(log_base) : "linear") + "/" + label +
         (centered_zero ? "/0" : "");
}

std::vector<plot_series> build_series(const panel& p) {
  const bool legacy = p.type == "graph";
  std::vector<plot_series> out;
  std::size_t index = 0;
  for (auto& s : panel_series(p)) {
    if (s.times.empty()) continue;
    plot_series ps;
    ps.display = resolve_series(p, s);
    ps.name = legacy ? s.name : ps.display.name;
    if (legacy) {
      std::optional<rgba> color;
      legacy_series(p, ps.name, ps.st, ps.axis, color);
      ps.color = color ? *color : series_color(p, ps.name, index);
    } else {
      from_custom(ps.display, ps.st, ps.axis);
      ps.color = field_series_color(ps.display, s, index);
    }
    ++index;
    ps.t = std::move(s.times);
    ps.raw = s.values;
    ps.v = std::move(s.values);
    if (ps.st.negative_y)
      for (double& v : ps.v) v = -v;
    out.push_back(std::move(ps));
  }
  // Grafana: a band to a series that exists fills at the series' opacity, 35 % when it has
  // none; naming no series leaves the series without any fill.
  for (auto& s : out) {
    if (s.st.fill_below_to.empty()) continue;
    const bool found = std::any_of(out.begin(), out.end(), [&](const plot_series& o) { return o.name == s.st.fill_below_to; });
    if (!found) s.st.fill_below_to.clear();
    s.st.fill = found ? (s.st.fill > 0 ? s.st.fill : 0.35) : 0;
  }
  stack(out);
  int slots = 0;
  for (auto& s : out)
    if (s.st.draw == "bars" && s.st.stack == "none" && !s.st.hidden) s.bar_slot = slots++;
  for (auto& s : out) s.bar_slots = std::max(1, slots);
  return out;
}

}  // namespace reportd::render::timeseries
