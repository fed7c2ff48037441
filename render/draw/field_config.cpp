// fieldConfig resolution: defaults, then the overrides whose matcher picks the field.
#include "render/draw/field_config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>

#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

std::string type_name(field_type t) {
  switch (t) {
    case field_type::time: return "time";
    case field_type::number: return "number";
    case field_type::string: return "string";
    case field_type::boolean: return "boolean";
  }
  return "other";
}

// The name a field has before displayName rules: the one override matchers compare with.
std::string base_name(const frame& fr, const field& f) {
  std::size_t numbers = 0;
  for (const auto& fl : fr.fields)
    if (fl.type == field_type::number) ++numbers;
  if (f.type == field_type::number && numbers == 1 && !fr.name.empty()) return fr.name;
  if (!f.name.empty()) return f.name;
  return fr.ref_id.empty() ? "Value" : fr.ref_id;
}

bool regex_matches(const std::string& pattern, const std::string& name) {
  try {
    return std::regex_match(name, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error&) {
    return false;  // a pattern Grafana's JavaScript accepts but std::regex does not: no match
  }
}

bool matches(const boost::json::object& matcher, const frame& fr, const field& f, const std::string& name) {
  const std::string id = json::get_string(matcher, "id");
  const auto* options = json::find(matcher, "options");
  auto option_string = [&] { return options != nullptr && options->is_string() ? std::string(options->get_string()) : std::string(); };
  if (id == "byName") return option_string() == name || (!f.name.empty() && option_string() == f.name);
  if (id == "byRegexp") return regex_matches(option_string(), name);
  if (id == "byType") return option_string() == type_name(f.type);
  if (id == "byFrameRefID") return option_string() == fr.ref_id;
  if (id == "byNames" && options != nullptr && options->is_object()) {
    if (const auto* names = json::get_array(options->get_object(), "names"))
      for (const auto& n : *names)
        if (n.is_string() && n.get_string() == name) return true;
  }
  return false;
}

void apply(field_display& d, const std::string& id, const boost::json::value& v) {
  if (id == "displayName" && v.is_string()) d.name = std::string(v.get_string());
  else if (id == "displayNameFromDS" && v.is_string()) d.name = std::string(v.get_string());
  else if (id == "unit" && v.is_string()) d.unit = std::string(v.get_string());
  else if (id == "decimals") {
    if (auto n = json::as_number(v); n && std::isfinite(*n)) d.decimals = std::clamp(static_cast<int>(*n), 0, 10);
  } else if (id == "min") d.min = json::as_number(v);
  else if (id == "max") d.max = json::as_number(v);
  else if (id == "noValue" && v.is_string()) d.no_value = std::string(v.get_string());
  else if (id == "mappings" && v.is_array()) d.mappings = v.get_array();
  else if (id == "color" && v.is_object()) {
    const auto& o = v.get_object();
    if (auto mode = json::get_string(o, "mode"); !mode.empty()) d.color.mode = mode;
    if (auto c = parse_color(json::get_string(o, "fixedColor"))) d.color.fixed = c;
    if (auto by = json::get_string(o, "seriesBy"); !by.empty()) d.color.series_by = by;
  } else if (id == "thresholds" && v.is_object()) {
    const auto& o = v.get_object();
    d.thresholds.percentage = json::get_string(o, "mode") == "percentage";
    d.thresholds.steps.clear();
    if (const auto* steps = json::get_array(o, "steps"))
      for (const auto& s : *steps)
        if (const auto* so = s.if_object())
          d.thresholds.steps.push_back({json::get_number(*so, "value"),
                                        parse_color(json::get_string(*so, "color")).value_or(rgba{0.45, 0.75, 0.41, 1})});
    if (d.thresholds.steps.empty() || d.thresholds.steps.front().value)
      d.thresholds.steps.insert(d.thresholds.steps.begin(), {std::nullopt, rgba{0.45, 0.75, 0.41, 1}});
  } else if (id.rfind("custom.", 0) == 0) {
    d.custom[id.substr(7)] = v;
    if (id == "custom.hideFrom" && v.is_object()) d.hidden_in_viz = json::get_bool(v.get_object(), "viz", false);
  }
}

// The panel-wide defaults, read through the legacy-aware helpers of draw_common.
field_display defaults(const panel& p) {
  field_display d;
  d.unit = panel_unit(p);
  d.decimals = panel_decimals(p);
  d.min = panel_min(p);
  d.max = panel_max(p);
  d.thresholds.steps = panel_thresholds(p);
  if (const auto* maps = panel_mappings(p)) d.mappings = *maps;
  const auto* defs = json::get_object(p.field_config, "defaults");
  if (defs == nullptr) return d;
  d.thresholds.percentage = json::get_string(*defs, "thresholds.mode") == "percentage";
  if (auto nv = json::get_string(*defs, "noValue"); !nv.empty()) d.no_value = nv;
  if (const auto* c = json::find(*defs, "color")) apply(d, "color", *c);
  if (auto dn = json::get_string(*defs, "displayName"); !dn.empty()) d.name = dn;
  if (const auto* custom = json::get_object(*defs, "custom"))
    for (const auto& [k, v] : *custom) apply(d, "custom." + std::string(k), v);
  return d;
}

}  // namespace

field_display resolve_field(const panel& p, const frame& fr, const field& f) {
  field_display d = defaults(p);
  const std::string name = base_name(fr, f);
  const bool named_by_default = d.name.empty();
  if (named_by_default) d.name = name;
  if (const auto* overrides = json::get_array(p.field_config, "overrides")) {
    for (const auto& ov : *overrides) {
      const auto* o = ov.if_object();
      const auto* matcher = o != nullptr ? json::get_object(*o, "matcher") : nullptr;
      if (matcher == nullptr || !matches(*matcher, fr, f, name)) continue;
      if (const auto* props = json::get_array(*o, "properties"))
        for (const auto& pr : *props)
          if (const auto* po = pr.if_object(); po != nullptr && po->contains("value"))
            apply(d, json::get_string(*po, "id"), po->at("value"));
    }
  }
  return d;
}

field_display resolve_series(const panel& p, const series& s) {
  if (s.source != nullptr)
    for (const auto& fr : p.frames)
      for (const auto& f : fr.fields)
        if (&f == s.source) return resolve_field(p, fr, f);
  field_display d = defaults(p);
  if (d.name.empty()) d.name = s.name;
  return d;
}

rgba threshold_color(const threshold_set& t, double value, double lo, double hi) {
  if (t.percentage && std::isfinite(lo) && std::isfinite(hi) && hi > lo) value = (value - lo) / (hi - lo) * 100;
  return threshold_color(t.steps, value);
}

rgba field_value_color(const field_display& d, double value, double lo, double hi, std::size_t palette_index) {
  const std::string& mode = d.color.mode;
  if ((mode == "fixed" || mode == "shades") && d.color.fixed) return *d.color.fixed;
  if (mode == "thresholds") return threshold_color(d.thresholds, value, lo, hi);
  return palette_color(palette_index);
}

rgba field_series_color(const field_display& d, const series& s, std::size_t palette_index) {
  double last = std::numeric_limits<double>::quiet_NaN();
  for (auto it = s.values.rbegin(); it != s.values.rend(); ++it)
    if (!std::isnan(*it)) { last = *it; break; }
  return field_value_color(d, last, d.min.value_or(0), d.max.value_or(100), palette_index);
}

std::optional<std::string> field_mapped_text(const field_display& d, double value) {
  return mapped_text(d.mappings, value);
}

std::string field_display_value(const field_display& d, double value) {
  if (auto text = field_mapped_text(d, value)) return *text;
  return format_value(value, d.unit, d.decimals);
}

}  // namespace reportd::render
