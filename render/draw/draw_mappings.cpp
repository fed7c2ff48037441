// Value mappings: Grafana shows "TEN" for 10 or "OK" for 0..10 when the panel says so.
#include <cmath>
#include <regex>
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

mapping_result result_of(const boost::json::object& r) {
  return {json::get_string(r, "text"), json::get_string(r, "color")};
}

std::optional<double> number_of(std::string_view text) {
  boost::json::value v(text);
  return text.empty() ? std::nullopt : json::as_number(v);
}

// Grafana 8+: {type: value|range|regex|special, options: {...}}. `text` is the value as
// Grafana's String(value) would write it (empty for a null number).
std::optional<mapping_result> modern(const boost::json::object& m, double v, std::optional<std::string_view> text) {
  std::string type = json::get_string(m, "type");
  const auto* opts = json::get_object(m, "options");
  if (opts == nullptr) return std::nullopt;
  const bool null_value = !text && std::isnan(v);
  if (type == "value") {
    if (null_value) return std::nullopt;
    for (const auto& [key, result] : *opts) {
      if (!result.is_object()) continue;
      boost::json::value k(key);
      if (text ? key == *text : equals(&k, v)) return result_of(result.get_object());
    }
  } else if (type == "range") {
    const double x = text ? number_of(*text).value_or(nan("")) : v;
    if (std::isnan(x) || !in_range(*opts, "from", "to", x)) return std::nullopt;
    if (const auto* r = json::get_object(*opts, "result")) return result_of(*r);
  } else if (type == "regex") {
    if (!text) return std::nullopt;
    const std::string pattern = json::get_string(*opts, "pattern");
    if (pattern.empty()) return std::nullopt;
    try {
      std::regex re;
      std::smatch hit;
      std::string value(*text);
      if (pattern.size() > 2 && pattern.front() == '/' && pattern.rfind('/') > 0) {
        const auto close = pattern.rfind('/');
        const bool icase = pattern.find('i', close) != std::string::npos;
        re = std::regex(pattern.substr(1, close - 1), icase ? std::regex::ECMAScript | std::regex::icase : std::regex::ECMAScript);
      } else {
        re = std::regex("^" + pattern + "$");
      }
      if (!std::regex_search(value, hit, re)) return std::nullopt;
      const auto* r = json::get_object(*opts, "result");
      mapping_result out = r != nullptr ? result_of(*r) : mapping_result{};
      // The text may use the groups ("$1"), as JavaScript's replace would.
      if (!out.text.empty()) out.text = std::regex_replace(value, re, out.text, std::regex_constants::format_first_only);
      return out;
    } catch (const std::regex_error&) {
      return std::nullopt;
    }
  } else if (type == "special") {
    std::string match = json::get_string(*opts, "match");
    const bool nan_number = !text && std::isnan(v);
    bool hit = false;
    if (match == "null" || match == "nan" || match == "null+nan") hit = nan_number;
    else if (match == "empty") hit = text && text->empty();
    else if (match == "true") hit = text && *text == "true";
    else if (match == "false") hit = text && *text == "false";
    if (!hit) return std::nullopt;
    if (const auto* r = json::get_object(*opts, "result")) return result_of(*r);
    return mapping_result{};
  }
  return std::nullopt;
}

// Grafana 6/7: {type: 1, value, text} or {type: 2, from, to, text}.
std::optional<mapping_result> legacy(const boost::json::object& m, double v, std::optional<std::string_view> text) {
  double type = json::get_number(m, "type", 1);
  const std::string shown = json::get_string(m, "text");
  if (type == 1) {
    const auto* key = json::find(m, "value");
    if (text && key != nullptr && key->is_string() && key->get_string() == *text) return mapping_result{shown, {}};
    const double x = text ? number_of(*text).value_or(nan("")) : v;
    if (!(text && std::isnan(x)) && equals(key, x)) return mapping_result{shown, {}};
  }
  if (type == 2) {
    const double x = text ? number_of(*text).value_or(nan("")) : v;
    if (!std::isnan(x) && in_range(m, "from", "to", x)) return mapping_result{shown, {}};
  }
  return std::nullopt;
}

std::optional<mapping_result> first_match(const boost::json::array& maps, double v, std::optional<std::string_view> text) {
  for (const auto& entry : maps) {
    const auto* m = entry.if_object();
    if (m == nullptr) continue;
    const auto* type = json::find(*m, "type");
    auto hit = type != nullptr && type->is_string() ? modern(*m, v, text) : legacy(*m, v, text);
    if (hit) return hit;
  }
  return std::nullopt;
}

}  // namespace

const boost::json::array* panel_mappings(const panel& p) {
  for (const auto* d : field_defaults_chain(p))  // Grafana 6.2-6.4 kept them in options.fieldOptions.mappings
    if (const auto* m = json::get_array(*d, "mappings"); m != nullptr && !m->empty()) return m;
  if (const auto* m = json::get_array(p.raw, "options-gauge.valueMappings"); m != nullptr && !m->empty()) return m;
  return json::get_array(p.raw, "valueMaps");
}

std::optional<std::string> mapped_text(const panel& p, double value) {
  const auto* maps = panel_mappings(p);
  if (maps == nullptr) return std::nullopt;
  return mapped_text(*maps, value);
}

std::optional<std::string> mapped_text(const boost::json::array& maps, double value) {
  auto hit = first_match(maps, value, std::nullopt);
  if (!hit || hit->text.empty()) return std::nullopt;  // a colour-only mapping shows the value itself
  return hit->text;
}

std::optional<mapping_result> mapped_result(const boost::json::array& maps, double value) {
  return first_match(maps, value, std::nullopt);
}

std::optional<mapping_result> mapped_result(const boost::json::array& maps, std::string_view value) {
  return first_match(maps, nan(""), value);
}

std::string display_value(const panel& p, double value) {
  if (auto text = mapped_text(p, value)) return *text;
  return format_value(value, panel_unit(p), panel_decimals(p));
}

}  // namespace reportd::render
