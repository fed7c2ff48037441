// The legacy graph panel (Grafana < 7) read into the same series styles and axes as the
// time series panel: panel keys (lines, bars, fill, dashes, nullPointMode, stack), the two
// y axes (yaxes[0] left, yaxes[1] right: format, min, max, logBase, label, show) and the
// seriesOverrides that match a series by alias or /regex/ (yaxis 2, transform negative-Y,
// dashes, fillBelowTo, color, legend, ...), and aliasColors.
#include <regex>

#include "render/draw/draw_timeseries_data.hpp"
#include "render/json_access.hpp"

namespace reportd::render::timeseries {
namespace {

bool alias_matches(const std::string& alias, const std::string& name) {
  if (alias.size() > 2 && alias.front() == '/') {
    const auto end = alias.rfind('/');
    if (end == 0) return alias == name;
    auto flags = std::regex::ECMAScript;
    if (alias.find('i', end) != std::string::npos) flags |= std::regex::icase;
    try {
      return std::regex_search(name, std::regex(alias.substr(1, end - 1), flags));
    } catch (const std::regex_error&) {
      return false;
    }
  }
  return alias == name;
}

// Keys a seriesOverride and the panel share (the override wins).
void apply_keys(const boost::json::object& o, style& st) {
  if (o.contains("lines") || o.contains("bars") || o.contains("points")) {
    const bool bars = json::get_bool(o, "bars", st.draw == "bars");
    const bool lines = json::get_bool(o, "lines", st.draw == "line");
    st.draw = bars ? "bars" : lines ? "line" : "points";
  }
  if (o.contains("points")) st.show_points = json::get_bool(o, "points", false) ? "always" : "never";
  if (auto f = json::get_number(o, "fill")) st.fill = *f / 10.0;
  if (auto w = json::get_number(o, "linewidth")) st.width = *w;
  if (auto r = json::get_number(o, "pointradius")) st.point_size = *r * 2;
  if (o.contains("steppedLine")) st.interp = json::get_bool(o, "steppedLine", false) ? "stepAfter" : "linear";
  if (o.contains("nullPointMode"))
    st.span_ms = json::get_string(o, "nullPointMode") == "connected" ? std::numeric_limits<double>::infinity() : 0;
  if (o.contains("dashes") || o.contains("dashLength") || o.contains("spaceLength")) {
    if (json::get_bool(o, "dashes", !st.dash.empty()))
      st.dash = {json::get_number(o, "dashLength", st.dash.empty() ? 10 : st.dash[0]),
                 json::get_number(o, "spaceLength", st.dash.size() < 2 ? 10 : st.dash[1])};
    else
      st.dash.clear();
  }
  if (auto g = json::get_number(o, "fillGradient"); g && *g > 0) st.gradient = "opacity";
}

void apply_axis(const panel& p, int index, axis_spec& axis) {
  axis = {};
  axis.placement = index == 0 ? "left" : "right";
  const auto* axes = json::get_array(p.raw, "yaxes");
  if (axes == nullptr || axes->size() <= static_cast<std::size_t>(index) || !axes->at(index).is_object()) {
    axis.unit = index == 0 ? panel_unit(p) : "";
    return;
  }
  const auto& y = axes->at(index).get_object();
  axis.unit = json::get_string(y, "format");
  if (axis.unit == "none") axis.unit.clear();
  if (auto d = json::get_number(y, "decimals")) axis.decimals = static_cast<int>(*d);
  axis.min = json::get_number(y, "min");
  axis.max = json::get_number(y, "max");
  axis.label = json::get_string(y, "label");
  if (auto b = json::get_number(y, "logBase"); b && *b > 1) axis.log_base = *b;
  if (!json::get_bool(y, "show", true)) axis.placement = "hidden";
}

}  // namespace

void legacy_series(const panel& p, const std::string& name, style& st, axis_spec& axis, std::optional<rgba>& color) {
  st = {};
  st.show_points = "never";
  st.fill = 0.1;
  apply_keys(p.raw, st);
  if (!p.raw.contains("lines") && !p.raw.contains("bars")) st.draw = "line";
  if (json::get_bool(p.raw, "stack", false))
    st.stack = json::get_bool(p.raw, "percentage", false) ? "percent" : "normal";
  // aliasColors: the colour picked for a series in the legend; a seriesOverride's color wins.
  if (const auto* alias = json::get_object(p.raw, "aliasColors"))
    if (const auto* c = alias->if_contains(name); c != nullptr && c->is_string())
      if (auto parsed = parse_color(c->get_string())) color = parsed;
  int yaxis = 1;
  if (const auto* list = json::get_array(p.raw, "seriesOverrides")) {
    for (const auto& ov : *list) {
      const auto* o = ov.if_object();
      if (o == nullptr || !alias_matches(json::get_string(*o, "alias"), name)) continue;
      apply_keys(*o, st);
      if (auto y = json::get_number(*o, "yaxis")) yaxis = static_cast<int>(*y);
      if (o->contains("transform")) st.negative_y = json::get_string(*o, "transform") == "negative-Y";
      if (o->contains("fillBelowTo")) st.fill_below_to = json::get_string(*o, "fillBelowTo");
      if (auto c = parse_color(json::get_string(*o, "color"))) color = c;
      if (o->contains("legend")) st.in_legend = json::get_bool(*o, "legend", true);
      if (o->contains("hiddenSeries")) st.hidden = json::get_bool(*o, "hiddenSeries", false);
      if (const auto* s = o->if_contains("stack")) {
        if (s->is_bool()) st.stack = s->get_bool() ? (st.stack == "none" ? "normal" : st.stack) : "none";
        else if (s->is_string()) st.group = std::string(s->get_string());
      }
    }
  }
  apply_axis(p, yaxis == 2 ? 1 : 0, axis);
}

}  // namespace reportd::render::timeseries
