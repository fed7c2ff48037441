// Transformations that pick and order rows: filterByValue, sortBy, limit.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "render/transform/frame_ops.hpp"
#include "render/transform/transformers.hpp"

namespace reportd::render::transform {
namespace {

struct value_filter {
  int field = -1;  // index in the frame, -1: the frame lacks it and the filter never matches
  std::string id;
  json::object opts;
  std::optional<std::regex> re;
};

double number_opt(const json::object& o, std::string_view key) {
  return opt_number(o, key).value_or(std::nan(""));
}

std::string text_opt(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_number()) return cell_text(field{"", field_type::number, {v->to_number<double>()}, {}, {}}, 0);
  if (v->is_bool()) return v->get_bool() ? "true" : "false";
  return {};
}

// Grafana's value matchers; comparisons on a null or non-number cell do not match.
bool matches(const value_filter& vf, const field& f, std::size_t row) {
  const auto& id = vf.id;
  if (id == "isNull") return is_null(f, row);
  if (id == "isNotNull") return !is_null(f, row);
  if (id == "regex") return vf.re && std::regex_search(is_null(f, row) ? std::string("null") : cell_text(f, row), *vf.re);
  if (id == "equal" || id == "notEqual") {
    bool eq;
    const double want = number_opt(vf.opts, "value");
    if (f.type != field_type::string && !std::isnan(want)) eq = cell_number(f, row) == want;
    else eq = !is_null(f, row) && cell_text(f, row) == text_opt(vf.opts, "value");
    return id == "equal" ? eq : !eq;
  }
  if (id == "substring" || id == "notSubstring") {
    const bool has = cell_text(f, row).find(text_opt(vf.opts, "value")) != std::string::npos;
    return id == "substring" ? has : !has;
  }
  const double v = cell_number(f, row);
  if (std::isnan(v)) return false;
  if (id == "between" || id == "range") return v > number_opt(vf.opts, "from") && v < number_opt(vf.opts, "to");
  const double want = number_opt(vf.opts, "value");
  if (id == "greater") return v > want;
  if (id == "greaterOrEqual") return v >= want;
  if (id == "lower") return v < want;
  if (id == "lowerOrEqual") return v <= want;
  return false;
}

int field_index(const frame& fr, const std::vector<frame>& all, const std::string& name) {
  for (std::size_t i = 0; i < fr.fields.size(); ++i)
    if (display_name(fr.fields[i], fr, all) == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::vector<frame> filter_by_value(const options& o, std::vector<frame> frames) {
  const auto* filters = o.if_contains("filters");
  if (filters == nullptr || !filters->is_array() || filters->get_array().empty()) return frames;
  const bool include = opt_string(o, "type", "include") != "exclude";
  const bool any = opt_string(o, "match", "any") != "all";
  const auto all = frames;
  for (auto& fr : frames) {
    std::vector<value_filter> active;
    for (const auto& fv : filters->get_array()) {
      if (!fv.is_object()) continue;
      value_filter vf;
      vf.field = field_index(fr, all, opt_string(fv.get_object(), "fieldName"));
      if (const auto* c = fv.get_object().if_contains("config"); c && c->is_object()) {
        vf.id = opt_string(c->get_object(), "id");
        if (const auto* op = c->get_object().if_contains("options"); op && op->is_object()) vf.opts = op->get_object();
      }
      if (vf.id == "regex") vf.re = js_regex(text_opt(vf.opts, "value"));
      active.push_back(std::move(vf));
    }
    if (active.empty()) continue;
    std::vector<std::size_t> kept;
    for (std::size_t r = 0; r < fr.length(); ++r) {
      bool matching = !any;
      for (const auto& vf : active) {
        const bool m = vf.field >= 0 && matches(vf, fr.fields[static_cast<std::size_t>(vf.field)], r);
        if (any && m) {
          matching = true;
          break;
        }
        if (!any && !m) {
          matching = false;
          break;
        }
      }
      if (matching == include) kept.push_back(r);
    }
    take_rows(fr, kept);
  }
  return frames;
}

std::vector<frame> sort_by(const options& o, std::vector<frame> frames) {
  const auto* sort = o.if_contains("sort");
  if (sort == nullptr || !sort->is_array() || sort->get_array().empty() || !sort->get_array()[0].is_object())
    return frames;
  const auto& s = sort->get_array()[0].get_object();
  const auto name = opt_string(s, "field");
  const bool desc = opt_bool(s, "desc", false);
  const auto all = frames;
  for (auto& fr : frames) {
    const int idx = field_index(fr, all, name);
    if (idx < 0) continue;
    const auto& f = fr.fields[static_cast<std::size_t>(idx)];
    std::vector<std::size_t> order(fr.length());
    std::iota(order.begin(), order.end(), 0);
    // Ascending with nulls last; descending is that order reversed, as Grafana does it.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const bool na = is_null(f, a), nb = is_null(f, b);
      if (na || nb) return !na && nb;
      if (f.type == field_type::string) return f.strings[a] < f.strings[b];
      return f.numbers[a] < f.numbers[b];
    });
    if (desc) std::reverse(order.begin(), order.end());
    take_rows(fr, order);
  }
  return frames;
}

std::vector<frame> limit(const options& o, std::vector<frame> frames) {
  const double n = opt_number(o, "limitField").value_or(10);
  if (std::isnan(n) || n < 0) return frames;
  for (auto& fr : frames) {
    const auto keep = std::min(fr.length(), static_cast<std::size_t>(n));
    std::vector<std::size_t> rows(keep);
    std::iota(rows.begin(), rows.end(), 0);
    take_rows(fr, rows);
  }
  return frames;
}

}  // namespace reportd::render::transform
