// Value mappings: Grafana shows "TEN" for 10 or "OK" for 0..10 when the panel says so.
#include <cmath>
#include <string>

#include "render/draw/draw_common.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

bool in_range(const boost::json::object& o, const char* from_key, const char* to_key, double v) {
  auto from = json::get_number(o, from_key);
  auto to = json::get_number(o, to_key);
  if (!from && !to) return false;
  return (!from || v >= *from) && (!to || v <= *to);
}

bool equals(const boost::json::value* key, double v) {
  if (key == nullptr) return false;
  if (key->is_string() && (key->get_string() == "null" || key->get_string() == "NaN")) return std::isnan(v);
  auto n = json::as_number(*key);
  return n && !std::isnan(v) && *n == v;
}

// Grafana 8+: {type: value|range|special, options: {...}}.
std::optional<std::string> modern(const boost::json::object& m, double v) {
  std::string type = json::get_string(m, "type");
  const auto* opts = json::get_object(m, "options");
  if (opts == nullptr) return std::nullopt;
  if (type == "value") {
    for (const auto& [key, result] : *opts) {
      boost::json::value k(key);
      if (equals(&k, v) && result.is_object()) return json::get_string(result.get_object(), "text");
    }
  } else if (type == "range") {
    if (in_range(*opts, "from", "to", v)) return json::get_string(*opts, "result.text");
  } else if (type == "special") {
    std::string match = json::get_string(*opts, "match");
    if ((match == "null" || match == "nan" || match == "null+nan") && std::isnan(v))
      return json::get_string(*opts, "result.text");
  }
  return std::nullopt;
}

// Grafana 6/7: {type: 1, value, text} or {type: 2, from, to, text}.
std::optional<std::string> legacy(const boost::json::object& m, double v) {
  double type = json::get_number(m, "type", 1);
  if (type == 1 && equals(json::find(m, "value"), v)) return json::get_string(m, "text");
  if (type == 2 && !std::isnan(v) && in_range(m, "from", "to", v)) return json::get_string(m, "text");
  return std::nullopt;
}

}  // namespace

const boost::json::array* panel_mappings(const panel& p) {
  if (const auto* m = json::get_array(p.field_config, "defaults.mappings"); m != nullptr && !m->empty()) return m;
  if (const auto* m = json::get_array(p.options, "fieldOptions.defaults.mappings"); m != nullptr && !m->empty()) return m;
  if (const auto* m = json::get_array(p.raw, "options-gauge.valueMappings"); m != nullptr && !m->empty()) return m;
  return json::get_array(p.raw, "valueMaps");
}

std::optional<std::string> mapped_text(const panel& p, double value) {
  const auto* maps = panel_mappings(p);
  if (maps == nullptr) return std::nullopt;
  return mapped_text(*maps, value);
}

std::optional<std::string> mapped_text(const boost::json::array& maps, double value) {
  for (const auto& entry : maps) {
    const auto* m = entry.if_object();
    if (m == nullptr) continue;
    const auto* type = json::find(*m, "type");
    auto hit = type != nullptr && type->is_string() ? modern(*m, value) : legacy(*m, value);
    if (hit && !hit->empty()) return hit;
  }
  return std::nullopt;
}

std::string display_value(const panel& p, double value) {
  if (auto text = mapped_text(p, value)) return *text;
  return format_value(value, panel_unit(p), panel_decimals(p));
}

}  // namespace reportd::render
