// Transformations that compute values: reduce (seriesToRows, reduceFields) and
// calculateField (reduceRow, binary, cumulative, index).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "render/reduce.hpp"
#include "render/transform/frame_ops.hpp"
#include "render/transform/transformers.hpp"

namespace reportd::render::transform {
namespace {

// A reduced value: a number, or text when the field holds strings.
struct reduced_value {
  bool text = false;
  double num = std::nan("");
  std::string str;
  bool null() const { return text ? false : std::isnan(num); }
};

reduced_value reduce_strings(const std::vector<std::string>& v, const std::string& calc) {
  reduced_value out;
  auto text = [&](const std::string& s) {
    out.text = true;
    out.str = s;
    return out;
  };
  if (calc == "count" || calc == "countAll") {
    out.num = static_cast<double>(v.size());
    return out;
  }
  if (calc == "distinctCount") {
    out.num = static_cast<double>(std::set<std::string>(v.begin(), v.end()).size());
    return out;
  }
  if (v.empty()) return out;
  if (calc == "last") return text(v.back());
  if (calc == "first") return text(v.front());
  if (calc == "lastNotNull" || calc == "current")
    for (auto it = v.rbegin(); it != v.rend(); ++it)
      if (!it->empty()) return text(*it);
  if (calc == "firstNotNull")
    for (const auto& s : v)
      if (!s.empty()) return text(s);
  return out;  // numeric calcs of text: null, as in Grafana
}

reduced_value reduce_field(const field& f, const std::string& calc) {
  if (f.type == field_type::string) return reduce_strings(f.strings, calc);
  reduced_value out;
  out.num = render::reduce(f.numbers, calc);
  return out;
}

// A column of reduced values: numbers, unless any value is text.
field column_of(const std::string& name, const std::vector<reduced_value>& values) {
  bool any_text = false;
  for (const auto& v : values) any_text = any_text || v.text;
  field f{name, any_text ? field_type::string : field_type::number, {}, {}, {}};
  for (const auto& v : values) {
    if (!any_text) f.numbers.push_back(v.num);
    else if (v.text) f.strings.push_back(v.str);
    else f.strings.push_back(cell_text(field{"", field_type::number, {v.num}, {}, {}}, 0));
  }
  return f;
}

std::vector<std::string> reducers_of(const options& o) {
  std::vector<std::string> out;
  for (auto& r : opt_strings(o, "reducers"))
    if (known_reducer(r)) out.push_back(r);
  return out;
}

std::vector<frame> series_to_rows_mode(const options& o, const std::vector<std::string>& calcs,
                                       const std::vector<frame>& frames) {
  const bool labels_as_fields = opt_bool(o, "labelsToFields", false);
  std::vector<std::string> label_keys;
  if (labels_as_fields)
    for (const auto& fr : frames)
      for (const auto& f : fr.fields)
        for (const auto& [k, v] : f.labels)
          if (std::find(label_keys.begin(), label_keys.end(), k) == label_keys.end()) label_keys.push_back(k);
  field names{"Field", field_type::string, {}, {}, {}};
  std::vector<field> labels;
  for (const auto& k : label_keys) labels.push_back({k, field_type::string, {}, {}, {}});
  std::vector<std::vector<reduced_value>> values(calcs.size());
  for (const auto& fr : frames)
    for (const auto& f : fr.fields) {
      if (f.type == field_type::time) continue;
      names.strings.push_back(labels_as_fields ? f.name : display_name(f, fr, frames));
      for (std::size_t k = 0; k < label_keys.size(); ++k) {
        auto it = f.labels.find(label_keys[k]);
        labels[k].strings.push_back(it == f.labels.end() ? std::string{} : it->second);
      }
      for (std::size_t c = 0; c < calcs.size(); ++c) values[c].push_back(reduce_field(f, calcs[c]));
    }
  frame out;
  out.ref_id = frames.empty() ? std::string{} : frames.front().ref_id;
  out.fields.push_back(std::move(names));
  for (auto& l : labels) out.fields.push_back(std::move(l));
  for (std::size_t c = 0; c < calcs.size(); ++c) out.fields.push_back(column_of(reducer_name(calcs[c]), values[c]));
  return {std::move(out)};
}

std::vector<frame> reduce_fields_mode(const options& o, const std::vector<std::string>& calcs,
                                      std::vector<frame> frames) {
  const bool with_time = opt_bool(o, "includeTimeField", false);
  std::vector<frame> out;
  for (auto& fr : frames) {
    std::vector<field> fields;
    for (const auto& f : fr.fields) {
      if (f.type == field_type::time && !with_time) continue;
      for (const auto& calc : calcs) {
        field one = column_of(f.name, {reduce_field(f, calc)});
        one.labels = f.labels;
        if (one.type == field_type::number && f.type == field_type::time && calc != "count") one.type = field_type::time;
        if (calcs.size() > 1) one.labels["reducer"] = reducer_name(calc);
        fields.push_back(std::move(one));
      }
    }
    if (fields.empty()) continue;
    fr.fields = std::move(fields);
    out.push_back(std::move(fr));
  }
  return out;
}

// A binary operand: a field's values (by display name) or a constant.
std::optional<std::vector<double>> operand(const json::value* v, const frame& fr, const std::vector<frame>& all) {
  if (v == nullptr) return std::nullopt;
  std::string name, fixed;
  if (v->is_string()) {
    name = std::string(v->get_string());
  } else if (v->is_number()) {
    fixed = std::to_string(v->to_number<double>());
  } else if (v->is_object()) {
    const auto& o = v->get_object();
    if (const auto* m = o.if_contains("matcher"); m && m->is_object()) name = opt_string(m->get_object(), "options");
    if (const auto* f = o.if_contains("fixed"); f && f->is_string()) fixed = std::string(f->get_string());
    if (const auto* f = o.if_contains("fixed"); f && f->is_number()) fixed = std::to_string(f->to_number<double>());
  }
  if (!name.empty())
    for (const auto& f : fr.fields)
      if (display_name(f, fr, all) == name && f.type != field_type::string) return f.numbers;
  const auto& text = fixed.empty() ? name : fixed;
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);  // parseFloat: a numeric prefix counts
  if (end == text.c_str()) return std::nullopt;
  return std::vector<double>(fr.length(), d);
}

std::string operand_text(const json::value* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_object()) {
    const auto& o = v->get_object();
    if (const auto* m = o.if_contains("matcher"); m && m->is_object()) return opt_string(m->get_object(), "options");
    return opt_string(o, "fixed");
  }
  return {};
}

double apply_operator(const std::string& op, double a, double b) {
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  if (op == "%") return std::fmod(a, b);
  if (op == "^") return std::pow(a, b);
  throw std::runtime_error("binary operator \"" + op + "\" is not supported");
}

std::vector<double> combine(const std::string& op, const std::vector<double>& l, const std::vector<double>& r) {
  std::vector<double> out(l.size(), std::nan(""));
  for (std::size_t i = 0; i < l.size() && i < r.size(); ++i) out[i] = apply_operator(op, l[i], r[i]);
  return out;
}

using creator = std::optional<std::vector<double>> (*)(const options&, const frame&, const std::vector<frame>&);

std::optional<std::vector<double>> reduce_row(const options& o, const frame& fr, const std::vector<frame>& all) {
  json::object r;
  if (const auto* v = o.if_contains("reduce"); v && v->is_object()) r = v->get_object();
  const auto calc = opt_string(r, "reducer", "sum");
  const auto include = opt_strings(r, "include");
  std::vector<const field*> columns;
  for (const auto& f : fr.fields) {
    if (include.empty() ? f.type == field_type::number
                        : std::find(include.begin(), include.end(), display_name(f, fr, all)) != include.end())
      if (f.type != field_type::string) columns.push_back(&f);
  }
  std::vector<double> out;
  std::vector<double> row(columns.size());
  for (std::size_t i = 0; i < fr.length(); ++i) {
    for (std::size_t c = 0; c < columns.size(); ++c)
      row[c] = i < columns[c]->numbers.size() ? columns[c]->numbers[i] : std::nan("");
    out.push_back(render::reduce(row, calc));
  }
  return out;
}

std::optional<std::vector<double>> binary(const options& o, const frame& fr, const std::vector<frame>& all) {
  json::object b;
  if (const auto* v = o.if_contains("binary"); v && v->is_object()) b = v->get_object();
  auto left = operand(b.if_contains("left"), fr, all);
  auto right = operand(b.if_contains("right"), fr, all);
  if (!left || !right) return std::nullopt;
  return combine(opt_string(b, "operator", "+"), *left, *right);
}

std::optional<std::vector<double>> cumulative(const options& o, const frame& fr, const std::vector<frame>& all) {
  json::object c;
  if (const auto* v = o.if_contains("cumulative"); v && v->is_object()) c = v->get_object();
  const auto name = opt_string(c, "field");
  const auto calc = opt_string(c, "reducer", "sum");
  if (calc != "sum" && calc != "mean") throw std::runtime_error("cumulative " + calc + " is not supported");
  const field* f = nullptr;
  for (const auto& x : fr.fields)
    if (f == nullptr && (name.empty() ? x.type == field_type::number : display_name(x, fr, all) == name)) f = &x;
  if (f == nullptr || f->type == field_type::string) return std::nullopt;
  std::vector<double> out;
  double total = 0;
  for (std::size_t i = 0; i < f->numbers.size(); ++i) {
    if (!std::isnan(f->numbers[i])) total += f->numbers[i];
    out.push_back(calc == "sum" ? total : total / static_cast<double>(i + 1));
  }
  return out;
}

std::optional<std::vector<double>> row_index(const options& o, const frame& fr, const std::vector<frame>&) {
  const bool pct = o.if_contains("index") && o.at("index").is_object() && opt_bool(o.at("index").get_object(), "asPercentile", false);
  std::vector<double> out;
  for (std::size_t i = 0; i < fr.length(); ++i)
    out.push_back(pct ? static_cast<double>(i) / static_cast<double>(fr.length()) : static_cast<double>(i));
  return out;
}

std::string default_name(const options& o, const std::string& mode) {
  if (mode == "binary") {
    json::object b;
    if (const auto* v = o.if_contains("binary"); v && v->is_object()) b = v->get_object();
    auto name = operand_text(b.if_contains("left")) + " " + opt_string(b, "operator", "+") + " " +
                operand_text(b.if_contains("right"));
    name.erase(std::remove(name.begin(), name.end(), '$'), name.end());
    return name;
  }
  if (mode == "index") return "Row";
  if (mode == "cumulative") {
    const auto& c = o.if_contains("cumulative") && o.at("cumulative").is_object() ? o.at("cumulative").get_object() : json::object{};
    const auto f = opt_string(c, "field");
    return "cumulative " + opt_string(c, "reducer", "sum") + (f.empty() ? "" : "(" + f + ")");
  }
  std::string calc = "sum";
  if (const auto* v = o.if_contains("reduce"); v && v->is_object()) calc = opt_string(v->get_object(), "reducer", "sum");
  return known_reducer(calc) ? reducer_name(calc) : "math";
}

// ensureColumns: several time series become one table on time before a row calculation.
std::vector<frame> single_frame(std::vector<frame> frames) {
  if (frames.size() < 2) return frames;
  for (const auto& fr : frames)
    if (first_time_field(fr) == nullptr) return frames;
  auto joined = join_frames(frames, "", join_mode::outer);
  if (!joined) return frames;
  return {std::move(*joined)};
}

// Binary mode with "all number fields" on the left (matcher byType): one new field beside
// each field of the type, named "<field> <op> <right>".
std::optional<std::vector<frame>> binary_by_type(const options& o, std::vector<frame> frames, bool time_series,
                                                 bool replace) {
  const auto* b = o.if_contains("binary");
  if (b == nullptr || !b->is_object()) return std::nullopt;
  const auto* left = b->get_object().if_contains("left");
  if (left == nullptr || !left->is_object()) return std::nullopt;
  const auto* m = left->get_object().if_contains("matcher");
  if (m == nullptr || !m->is_object() || opt_string(m->get_object(), "id") != "byType") return std::nullopt;
  const auto type_name = opt_string(m->get_object(), "options", "number");
  const auto op = opt_string(b->get_object(), "operator", "+");
  const auto* right = b->get_object().if_contains("right");
  const auto all = frames;
  std::vector<frame> out;
  for (auto& fr : frames) {
    std::vector<field> fields;
    if (const auto* t = first_time_field(fr); t != nullptr && time_series && replace) fields.push_back(*t);
    bool added = false;
    for (const auto& f : fr.fields) {
      if (!replace) fields.push_back(f);
      const bool typed = (type_name == "number" && f.type == field_type::number) ||
                         (type_name == "time" && f.type == field_type::time) ||
                         (type_name == "boolean" && f.type == field_type::boolean);
      if (!typed) continue;
      auto r = operand(right, fr, all);
      if (!r) continue;
      fields.push_back({f.name + " " + op + " " + operand_text(right), field_type::number, combine(op, f.numbers, *r), {}, {}});
      added = true;
    }
    if (replace && !added) continue;
    fr.fields = std::move(fields);
    out.push_back(std::move(fr));
  }
  return out;
}

}  // namespace

std::vector<frame> reduce(const options& o, std::vector<frame> frames) {
  const auto calcs = reducers_of(o);
  if (calcs.empty()) return frames;
  if (opt_string(o, "mode") == "reduceFields") return reduce_fields_mode(o, calcs, std::move(frames));
  return series_to_rows_mode(o, calcs, frames);
}

std::vector<frame> calculate_field(const options& o, std::vector<frame> frames) {
  const auto mode = opt_string(o, "mode", "reduceRow");
  const bool time_series = opt_bool(o, "timeSeries", true);
  const bool replace = opt_bool(o, "replaceFields", false);
  creator make = nullptr;
  if (mode == "reduceRow") make = reduce_row;
  else if (mode == "binary") make = binary;
  else if (mode == "cumulativeFunctions") make = cumulative;
  else if (mode == "index") make = row_index;
  else throw std::runtime_error("mode \"" + mode + "\" is not supported");
  bool right_fixed = false;
  if (mode == "binary")
    if (const auto* b = o.if_contains("binary"); b && b->is_object())
      if (const auto* r = b->get_object().if_contains("right"); r && r->is_object()) right_fixed = r->get_object().contains("fixed");
  if (time_series && !right_fixed) frames = single_frame(std::move(frames));
  if (mode == "binary")
    if (auto by_type = binary_by_type(o, frames, time_series, replace)) return std::move(*by_type);
  auto name = opt_string(o, "alias");
  if (name.empty()) name = default_name(o, mode == "cumulativeFunctions" ? "cumulative" : mode);
  std::vector<frame> out;
  const auto all = frames;
  for (auto& fr : frames) {
    auto values = make(o, fr, all);
    if (!values) {
      if (!replace) out.push_back(std::move(fr));
      continue;
    }
    field f{name, field_type::number, std::move(*values), {}, {}};
    if (replace) {
      const auto* t = first_time_field(fr);
      std::vector<field> fields;
      if (t != nullptr && time_series) fields.push_back(*t);
      fields.push_back(std::move(f));
      fr.fields = std::move(fields);
    } else {
      fr.fields.push_back(std::move(f));
    }
    out.push_back(std::move(fr));
  }
  return out;
}

}  // namespace reportd::render::transform
