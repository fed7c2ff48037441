// Transformations that pick, order and name fields: organize, filterFieldsByName,
// renameByRegex, labelsToFields. Fields are matched by the name Grafana shows.
#include <algorithm>
#include <climits>
#include <set>

#include "render/transform/frame_ops.hpp"
#include "render/transform/transformers.hpp"

namespace reportd::render::transform {
namespace {

// A name → value map of the options (excludeByName, indexByName, renameByName).
const json::object* map_of(const options& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

// Renaming replaces what Grafana shows (its config.displayName): labels no longer add to
// the name, and a frame named like the field follows it (the legend reads the frame name).
void rename(field& f, frame& fr, const std::string& shown, const std::string& to) {
  if (fr.name == shown || fr.name == f.name) fr.name = to;
  f.name = to;
  f.labels.clear();
}

struct name_matcher {
  std::set<std::string> names;
  std::optional<std::regex> pattern;
  bool empty() const { return names.empty() && !pattern; }
  bool matches(const std::string& name) const {
    return names.count(name) > 0 || (pattern && std::regex_search(name, *pattern));
  }
};

name_matcher matcher_of(const options& o, std::string_view key) {
  name_matcher m;
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_object()) return m;
  for (auto& n : opt_strings(v->get_object(), "names")) m.names.insert(n);
  if (auto p = opt_string(v->get_object(), "pattern"); !p.empty()) m.pattern = js_regex(p);
  return m;
}

std::vector<frame> keep_fields(std::vector<frame> frames, const name_matcher& include, const name_matcher& exclude) {
  if (include.empty() && exclude.empty()) return frames;
  std::vector<frame> out;
  for (auto& fr : frames) {
    std::vector<field> kept;
    for (auto& f : fr.fields) {
      const auto name = display_name(f, fr, frames);
      if (!include.empty() && !include.matches(name)) continue;
      if (exclude.matches(name)) continue;
      kept.push_back(f);
    }
    if (kept.empty()) continue;  // Grafana drops a frame left without fields
    frame copy = fr;
    copy.fields = std::move(kept);
    out.push_back(std::move(copy));
  }
  return out;
}

void order_manual(std::vector<frame>& frames, const json::object& index) {
  if (index.empty()) return;
  const auto snapshot = frames;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::vector<std::pair<long long, std::size_t>> keys;
    for (std::size_t k = 0; k < snapshot[i].fields.size(); ++k) {
      const auto name = display_name(snapshot[i].fields[k], snapshot[i], snapshot);
      long long at = LLONG_MAX;
      if (const auto* v = index.if_contains(name); v && v->is_number()) at = v->to_number<long long>();
      keys.emplace_back(at, k);
    }
    std::stable_sort(keys.begin(), keys.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<field> sorted;
    for (auto& [at, k] : keys) sorted.push_back(snapshot[i].fields[k]);
    frames[i].fields = std::move(sorted);
  }
}

// fieldOrder "auto": by field name or by a label, ascending or descending, in option order.
void order_auto(std::vector<frame>& frames, const json::array& sorts_in) {
  struct sort_key {
    std::string label;  // empty: the field name
    bool asc;
    double index;
  };
  std::vector<sort_key> sorts;
  for (const auto& s : sorts_in) {
    if (!s.is_object()) continue;
    const auto& so = s.get_object();
    const auto order = opt_string(so, "order", "off");
    if (order == "off") continue;
    sorts.push_back({opt_string(so, "labelName"), order == "asc", opt_number(so, "index").value_or(0)});
  }
  std::stable_sort(sorts.begin(), sorts.end(), [](auto& a, auto& b) { return a.index < b.index; });
  if (sorts.empty()) return;
  for (auto& fr : frames)
    std::stable_sort(fr.fields.begin(), fr.fields.end(), [&](const field& a, const field& b) {
      for (const auto& s : sorts) {
        const auto ia = s.label.empty() ? std::optional<std::string>(a.name) : std::optional<std::string>{};
        std::optional<std::string> va = ia, vb = s.label.empty() ? std::optional<std::string>(b.name) : std::nullopt;
        if (!s.label.empty()) {
          if (auto it = a.labels.find(s.label); it != a.labels.end()) va = it->second;
          if (auto it = b.labels.find(s.label); it != b.labels.end()) vb = it->second;
        }
        if (va == vb) continue;
        if (!va) return true;
        if (!vb) return false;
        return s.asc ? *va < *vb : *va > *vb;
      }
      return false;
    });
}

void rename_by_name(std::vector<frame>& frames, const json::object* renames) {
  if (renames == nullptr || renames->empty()) return;
  const auto snapshot = frames;
  for (std::size_t i = 0; i < frames.size(); ++i)
    for (std::size_t k = 0; k < frames[i].fields.size(); ++k) {
      const auto shown = display_name(snapshot[i].fields[k], snapshot[i], snapshot);
      const auto* v = renames->if_contains(shown);
      if (v && v->is_string() && !v->get_string().empty())
        rename(frames[i].fields[k], frames[i], shown, std::string(v->get_string()));
    }
}

}  // namespace

std::vector<frame> organize(const options& o, std::vector<frame> frames) {
  name_matcher include, exclude;
  if (const auto* ex = map_of(o, "excludeByName"))
    for (const auto& m : *ex)
      if (m.value().is_bool() && m.value().get_bool()) exclude.names.insert(std::string(m.key()));
  if (const auto* in = map_of(o, "includeByName"))
    for (const auto& m : *in)
      if (m.value().is_bool() && m.value().get_bool()) include.names.insert(std::string(m.key()));
  frames = keep_fields(std::move(frames), include, exclude);
  if (opt_string(o, "fieldOrder") == "auto") {
    if (const auto* a = o.if_contains("autoSortOptions"); a && a->is_array()) order_auto(frames, a->get_array());
  } else if (const auto* index = map_of(o, "indexByName")) {
    order_manual(frames, *index);
  }
  rename_by_name(frames, map_of(o, "renameByName"));
  return frames;
}

std::vector<frame> filter_fields_by_name(const options& o, std::vector<frame> frames) {
  return keep_fields(std::move(frames), matcher_of(o, "include"), matcher_of(o, "exclude"));
}

std::vector<frame> rename_by_regex(const options& o, std::vector<frame> frames) {
  const auto text = opt_string(o, "regex");
  const auto pattern = opt_string(o, "renamePattern");
  auto re = js_regex(text);
  if (text.empty() || !re) return frames;
  // Without the g flag a JavaScript replace changes the first match only.
  const bool global = text.size() > 2 && text.front() == '/' && text.find('g', text.rfind('/')) != std::string::npos;
  const auto flags = global ? std::regex_constants::format_default : std::regex_constants::format_first_only;
  const auto snapshot = frames;
  for (std::size_t i = 0; i < frames.size(); ++i)
    for (std::size_t k = 0; k < frames[i].fields.size(); ++k) {
      const auto shown = display_name(snapshot[i].fields[k], snapshot[i], snapshot);
      if (!std::regex_search(shown, *re)) continue;
      rename(frames[i].fields[k], frames[i], shown, std::regex_replace(shown, *re, pattern, flags));
    }
  return frames;
}

std::vector<frame> labels_to_fields(const options& o, std::vector<frame> frames) {
  const auto keep_list = opt_strings(o, "keepLabels");
  const std::set<std::string> keep(keep_list.begin(), keep_list.end());
  if (opt_string(o, "mode") == "rows") {
    std::vector<frame> out;
    for (const auto& fr : frames)
      for (const auto& f : fr.fields) {
        if (f.labels.empty()) continue;
        frame rows;
        rows.ref_id = fr.ref_id;
        rows.name = display_name(f, fr, frames);
        field keys{"label", field_type::string, {}, {}, {}}, values{"value", field_type::string, {}, {}, {}};
        if (!keep_list.empty()) {
          for (const auto& k : keep_list) {
            keys.strings.push_back(k);
            auto it = f.labels.find(k);
            values.strings.push_back(it == f.labels.end() ? "" : it->second);
          }
        } else {
          for (const auto& [k, v] : f.labels) {
            keys.strings.push_back(k);
            values.strings.push_back(v);
          }
        }
        if (values.strings.empty()) continue;
        rows.fields = {std::move(keys), std::move(values)};
        out.push_back(std::move(rows));
      }
    return out;
  }
  const auto value_label = opt_string(o, "valueLabel");
  for (auto& fr : frames) {
    const auto length = fr.length();
    std::vector<field> fields;
    std::vector<std::pair<std::string, std::vector<std::string>>> label_values;  // in first-seen order
    for (auto& f : fr.fields) {
      // Grafana drops the datasource's display name with the labels: the frame's legend goes.
      if (f.name == "Value" && !f.labels.empty()) fr.name.clear();
      field bare = f;
      bare.labels.clear();
      for (const auto& [k, v] : f.labels) {
        if (!keep.empty() && !keep.count(k)) continue;
        if (k == value_label) {
          bare.name = v;
          continue;
        }
        auto it = std::find_if(label_values.begin(), label_values.end(), [&](auto& p) { return p.first == k; });
        if (it == label_values.end()) it = label_values.insert(label_values.end(), {k, {}});
        if (std::find(it->second.begin(), it->second.end(), v) == it->second.end()) it->second.push_back(v);
      }
      fields.push_back(std::move(bare));
    }
    for (const auto& [k, values] : label_values)
      for (const auto& v : values) fields.push_back({k, field_type::string, {}, std::vector<std::string>(length, v), {}});
    fr.fields = std::move(fields);
  }
  return frames;
}

}  // namespace reportd::render::transform
