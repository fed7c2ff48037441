#include "render/transform/frame_ops.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace reportd::render::transform {
namespace {

constexpr const char* value_field_name = "Value";

struct label_info {
  std::map<std::string, std::set<std::string>> values;  // label name -> distinct values
};

label_info labels_of(const std::vector<frame>& frames) {
  label_info info;
  for (const auto& fr : frames)
    for (const auto& f : fr.fields)
      for (const auto& [k, v] : f.labels) info.values[k].insert(v);
  return info;
}

bool frame_names_differ(const std::vector<frame>& all) {
  for (std::size_t i = 1; i < all.size(); ++i)
    if (all[i].name != all[i - 1].name) return true;
  return false;
}

// Which fields in `fr` carry the same name before `self` (Grafana numbers duplicates).
std::string unique_name(const field& self, const frame& fr) {
  int dupes = 0;
  bool found_self = false;
  for (const auto& other : fr.fields) {
    if (&other == &self) {
      found_self = true;
      if (dupes > 0) {
        ++dupes;
        break;
      }
    } else if (other.name == self.name) {
      ++dupes;
      if (found_self) break;
    }
  }
  return dupes ? self.name + " " + std::to_string(dupes) : self.name;
}

}  // namespace

std::string format_labels(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ", ") + k + "=\"" + v + "\"";
  return out.empty() ? out : "{" + out + "}";
}

std::string display_name(const field& f, const frame& fr, const std::vector<frame>& all) {
  if (f.type == field_type::time && f.labels.empty()) return f.name.empty() ? "Time" : f.name;
  // A datasource names a one-series frame by its legend (Prometheus' legendFormat): that is
  // the name Grafana shows for its Value field (displayNameFromDS), labels or not.
  if (f.name == value_field_name && !fr.name.empty() &&
      std::count_if(fr.fields.begin(), fr.fields.end(), [](const field& x) { return x.type != field_type::time; }) == 1)
    return fr.name;
  std::vector<std::string> parts;
  bool frame_added = false, labels_added = false;
  // Our datasources name a series' frame and its value field alike: said once, not twice.
  if (all.size() > 1 && frame_names_differ(all) && !fr.name.empty() && fr.name != f.name) {
    parts.push_back(fr.name);
    frame_added = true;
  }
  if (!f.name.empty() && f.name != value_field_name) parts.push_back(f.name);
  if (!f.labels.empty()) {
    const auto info = labels_of(all.empty() ? std::vector<frame>{fr} : all);
    if (info.values.size() == 1) {
      const auto it = f.labels.find(info.values.begin()->first);
      if (it != f.labels.end()) parts.push_back(it->second);
    } else {
      std::map<std::string, std::string> telling;
      for (const auto& [k, v] : f.labels)
        if (info.values.at(k).size() > 1) telling.emplace(k, v);
      if (auto text = format_labels(telling); !text.empty()) parts.push_back(text);
    }
    labels_added = true;
  }
  if (!frame_added && !labels_added && f.name == value_field_name && !fr.name.empty()) parts.push_back(fr.name);
  std::string name;
  for (const auto& p : parts) name += (name.empty() ? "" : " ") + p;
  if (name.empty()) name = f.name.empty() ? value_field_name : f.name;
  if (name == f.name) name = unique_name(f, fr);
  return name;
}

std::string frame_display_name(const frame& fr) {
  if (!fr.name.empty()) return fr.name;
  const field* labelled = nullptr;
  int count = 0;
  for (const auto& f : fr.fields)
    if (!f.labels.empty()) {
      labelled = &f;
      ++count;
    }
  if (count == 1) return format_labels(labelled->labels);
  std::string out;
  for (const auto& f : fr.fields)
    if (f.type != field_type::time) out += (out.empty() ? "" : ", ") + display_name(f, fr, {fr});
  return out;
}

std::optional<std::regex> js_regex(const std::string& text) {
  auto flags = std::regex::ECMAScript;
  std::string pattern = text;
  if (text.size() >= 2 && text.front() == '/') {
    const auto end = text.rfind('/');
    if (end > 0) {
      pattern = text.substr(1, end - 1);
      if (text.find('i', end) != std::string::npos) flags |= std::regex::icase;
    }
  }
  try {
    return std::regex(pattern, flags);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

bool is_null(const field& f, std::size_t row) {
  if (f.type == field_type::string) return row >= f.strings.size();
  return row >= f.numbers.size() || std::isnan(f.numbers[row]);
}

std::string cell_text(const field& f, std::size_t row) {
  if (f.type == field_type::string) return row < f.strings.size() ? f.strings[row] : std::string{};
  if (is_null(f, row)) return {};
  if (f.type == field_type::boolean) return f.numbers[row] != 0 ? "true" : "false";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, f.numbers[row]);
  return std::string(buf, r.ptr);
}

double cell_number(const field& f, std::size_t row) {
  if (f.type != field_type::string) return row < f.numbers.size() ? f.numbers[row] : std::nan("");
  if (row >= f.strings.size()) return std::nan("");
  const auto& s = f.strings[row];
  double d = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty() ? d : std::nan("");
}

field empty_like(const field& f) { return field{f.name, f.type, {}, {}, f.labels}; }

void push_cell(field& dst, const field& src, std::size_t row) {
  if (dst.type == field_type::string) dst.strings.push_back(cell_text(src, row));
  else dst.numbers.push_back(cell_number(src, row));
}

void push_null(field& dst) {
  if (dst.type == field_type::string) dst.strings.emplace_back();
  else dst.numbers.push_back(std::nan(""));
}

void take_rows(frame& fr, const std::vector<std::size_t>& rows) {
  for (auto& f : fr.fields) {
    field out = empty_like(f);
    for (auto r : rows) {
      if (r < f.size()) push_cell(out, f, r);
      else push_null(out);
    }
    f = std::move(out);
  }
}

const field* first_time_field(const frame& fr) {
  for (const auto& f : fr.fields)
    if (f.type == field_type::time) return &f;
  return nullptr;
}

std::optional<frame> join_frames(const std::vector<frame>& frames, const std::string& by, join_mode mode) {
  struct joined {
    const frame* fr;
    std::size_t key_index;
    std::map<std::string, std::size_t> row_of;  // key text -> first row with it
  };
  std::vector<joined> parts;
  std::vector<std::string> order;  // keys in first-seen order
  std::map<std::string, double> numeric;  // key text -> value, for numeric join fields
  std::set<std::string> seen;
  const field* key_model = nullptr;
  for (const auto& fr : frames) {
    std::size_t idx = fr.fields.size();
    for (std::size_t i = 0; i < fr.fields.size() && idx == fr.fields.size(); ++i) {
      const auto& f = fr.fields[i];
      if (by.empty() ? f.type == field_type::time : (f.name == by || display_name(f, fr, frames) == by)) idx = i;
    }
    if (idx == fr.fields.size()) continue;
    joined j{&fr, idx, {}};
    const auto& kf = fr.fields[idx];
    if (key_model == nullptr) key_model = &kf;
    for (std::size_t r = 0; r < kf.size(); ++r) {
      if (is_null(kf, r)) continue;
      auto key = cell_text(kf, r);
      j.row_of.emplace(key, r);
      if (seen.insert(key).second) {
        order.push_back(key);
        if (kf.type != field_type::string) numeric[key] = kf.numbers[r];
      }
    }
    parts.push_back(std::move(j));
  }
  if (parts.empty()) return std::nullopt;
  std::vector<std::string> keys;
  if (mode == join_mode::inner) {
    for (const auto& k : order)
      if (std::all_of(parts.begin(), parts.end(), [&](const joined& j) { return j.row_of.count(k) > 0; }))
        keys.push_back(k);
  } else {
    keys = order;
  }
  // Numeric keys (time above all) come out ascending, as Grafana's aligned join gives them.
  if (key_model->type != field_type::string)
    std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
      return numeric[a] < numeric[b];
    });
  frame out;
  field key_field = empty_like(*key_model);
  for (const auto& k : keys) {
    const auto& j = parts[0].row_of.count(k) ? parts[0] : *std::find_if(parts.begin(), parts.end(), [&](const joined& p) {
      return p.row_of.count(k) > 0;
    });
    push_cell(key_field, j.fr->fields[j.key_index], j.row_of.at(k));
  }
  out.fields.push_back(std::move(key_field));
  for (const auto& j : parts) {
    for (std::size_t i = 0; i < j.fr->fields.size(); ++i) {
      if (i == j.key_index) continue;
      const auto& src = j.fr->fields[i];
      field col = empty_like(src);
      if (!j.fr->name.empty()) {
        if (src.name == value_field_name) {
          col.name = j.fr->name;  // the legend, which stays the whole name after the join
          col.labels.clear();
        }
        else if (!col.labels.count("name") && j.fr->name != src.name && frames.size() > 1) col.labels["name"] = j.fr->name;
      }
      for (const auto& k : keys) {
        const auto it = j.row_of.find(k);
        if (it == j.row_of.end()) push_null(col);
        else push_cell(col, src, it->second);
      }
      out.fields.push_back(std::move(col));
    }
  }
  return out;
}

std::string opt_string(const json::object& o, std::string_view key, std::string fallback) {
  const auto* v = o.if_contains(key);
  if (v && v->is_string()) return std::string(v->get_string());
  return fallback;
}

std::optional<double> opt_number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) return v->to_number<double>();
  if (v->is_string()) {
    const auto s = v->get_string();
    double d = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec == std::errc() && !s.empty()) return d;
  }
  return std::nullopt;
}

bool opt_bool(const json::object& o, std::string_view key, bool fallback) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() ? v->get_bool() : fallback;
}

std::vector<std::string> opt_strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& item : v->get_array())
      if (item.is_string()) out.emplace_back(item.get_string());
  return out;
}

}  // namespace reportd::render::transform
