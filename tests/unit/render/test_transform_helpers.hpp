#pragma once
// Frames built by hand for the transformation tests, and reads of what a table would show.
#include <cmath>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "render/panel.hpp"
#include "render/transform/transform.hpp"

namespace reportd::render::testing {

using strings = std::vector<std::string>;
using numbers = std::vector<double>;
/// A null number in a frame (Grafana's null is NaN here).
inline const double null = std::nan("");

inline field num(std::string name, std::vector<double> v, std::map<std::string, std::string> labels = {}) {
  return field{std::move(name), field_type::number, std::move(v), {}, std::move(labels)};
}
inline field str(std::string name, std::vector<std::string> v) {
  return field{std::move(name), field_type::string, {}, std::move(v), {}};
}
inline field times(std::vector<double> v) { return field{"Time", field_type::time, std::move(v), {}, {}}; }

inline frame make_frame(std::string name, std::vector<field> fields) {
  frame f;
  f.name = std::move(name);
  f.fields = std::move(fields);
  return f;
}

/// Runs one transformation given as JSON text ({"id": ..., "options": ...}).
inline std::vector<frame> run(const std::string& transformation, std::vector<frame> frames,
                              std::vector<std::string>* notes_out = nullptr) {
  boost::json::array list;
  list.push_back(boost::json::parse(transformation));
  std::vector<std::string> notes;
  auto out = apply_transformations(list, std::move(frames), notes);
  if (notes_out) *notes_out = notes;
  return out;
}

inline std::vector<std::string> names(const frame& f) {
  std::vector<std::string> out;
  for (const auto& fl : f.fields) out.push_back(fl.name);
  return out;
}

inline const field& col(const frame& f, const std::string& name) {
  for (const auto& fl : f.fields)
    if (fl.name == name) return fl;
  throw std::runtime_error("no column " + name);
}

/// Numbers with NaN compared equal to NaN (a null cell).
inline bool same_numbers(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

}  // namespace reportd::render::testing
