#include "render/json_access.hpp"

#include <cstdlib>

namespace reportd::render::json {

const boost::json::value* find(const boost::json::object& obj, std::string_view path) {
  const boost::json::object* cur = &obj;
  while (true) {
    auto dot = path.find('.');
    auto key = path.substr(0, dot);
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    if (dot == std::string_view::npos) return &it->value();
    cur = it->value().if_object();
    if (cur == nullptr) return nullptr;
    path.remove_prefix(dot + 1);
  }
}

std::optional<double> as_number(const boost::json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_string()) {
    std::string s(v.get_string());
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return d;
  }
  return std::nullopt;
}

std::string get_string(const boost::json::object& obj, std::string_view path,
                       std::string_view fallback) {
  const auto* v = find(obj, path);
  if (v != nullptr && v->is_string()) return std::string(v->get_string());
  return std::string(fallback);
}

std::optional<double> get_number(const boost::json::object& obj, std::string_view path) {
  const auto* v = find(obj, path);
  if (v == nullptr) return std::nullopt;
  return as_number(*v);
}

double get_number(const boost::json::object& obj, std::string_view path, double fallback) {
  return get_number(obj, path).value_or(fallback);
}

bool get_bool(const boost::json::object& obj, std::string_view path, bool fallback) {
  const auto* v = find(obj, path);
  if (v != nullptr && v->is_bool()) return v->get_bool();
  return fallback;
}

const boost::json::object* get_object(const boost::json::object& obj, std::string_view path) {
  const auto* v = find(obj, path);
  return v != nullptr ? v->if_object() : nullptr;
}

const boost::json::array* get_array(const boost::json::object& obj, std::string_view path) {
  const auto* v = find(obj, path);
  return v != nullptr ? v->if_array() : nullptr;
}

}  // namespace reportd::render::json
