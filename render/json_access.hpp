#pragma once
// Safe reads from panel options / field config: Grafana omits keys freely and changes types
// between schema versions, so every read has a default and never throws.
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace reportd::render::json {

/// The value at a dotted path ("legend.displayMode"), or nullptr when any step is missing.
const boost::json::value* find(const boost::json::object& obj, std::string_view path);

std::string get_string(const boost::json::object& obj, std::string_view path,
                       std::string_view fallback = {});
/// Numbers given as JSON strings ("80") are accepted too: older dashboards store them so.
std::optional<double> get_number(const boost::json::object& obj, std::string_view path);
double get_number(const boost::json::object& obj, std::string_view path, double fallback);
bool get_bool(const boost::json::object& obj, std::string_view path, bool fallback);
const boost::json::object* get_object(const boost::json::object& obj, std::string_view path);
const boost::json::array* get_array(const boost::json::object& obj, std::string_view path);

/// Converts a JSON value to a number when it is one (or a numeric string).
std::optional<double> as_number(const boost::json::value& v);

}  // namespace reportd::render::json
