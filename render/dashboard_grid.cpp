#include "render/dashboard_grid.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include <boost/json.hpp>

namespace reportd::render {
namespace {

namespace json = boost::json;

constexpr int grid_columns = 24;
constexpr int grid_cell_px = 30;
constexpr int default_row_px = 250;

int int_of(const json::value* v, int fallback) {
  if (v == nullptr) return fallback;
  if (v->is_int64()) return static_cast<int>(v->get_int64());
  if (v->is_uint64()) return static_cast<int>(v->get_uint64());
  if (v->is_double()) return static_cast<int>(v->get_double());
  if (v->is_string()) {
    try {
      return std::stoi(std::string(v->get_string()));  // "250px" reads as 250
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

std::string str_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

bool flag(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

bool is_row(const json::object& p) { return str_of(p, "type") == "row"; }

bool present(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && !v->is_null();
}

// A copy Grafana saved from an earlier repeat: regenerated from its source instead.
bool is_stale_copy(const json::object& p) {
  return present(p, "repeatPanelId") || present(p, "repeatIteration");
}

void write_pos(json::object& p, const grid_pos& g) {
  p["gridPos"] = json::object{{"x", g.x}, {"y", g.y}, {"w", g.w}, {"h", g.h}};
}

json::array panels_of(const json::object& o) {
  const auto* v = o.if_contains("panels");
  return v && v->is_array() ? v->get_array() : json::array{};
}

// schemaVersion < 16: rows of `span`-wide panels become row panels and grid positions.
json::array convert_rows(const json::array& rows) {
  json::array out;
  int y = 0;
  for (const auto& r : rows) {
    if (!r.is_object()) continue;
    const auto& row = r.get_object();
    const int height = std::max(1, (int_of(row.if_contains("height"), default_row_px) + grid_cell_px - 1) / grid_cell_px);
    if (flag(row, "showTitle") || flag(row, "collapse") || present(row, "repeat")) {
      json::object rp{{"type", "row"}, {"title", str_of(row, "title")}, {"id", 100000 + y}};
      if (present(row, "repeat")) rp["repeat"] = row.at("repeat");
      write_pos(rp, {0, y++, grid_columns, 1});
      out.push_back(std::move(rp));
    }
    int x = 0, line_y = y;
    for (const auto& pv : panels_of(row)) {
      if (!pv.is_object()) continue;
      auto p = pv.get_object();
      const int w = std::clamp(int_of(p.if_contains("span"), 12) * 2, 1, grid_columns);
      if (x + w > grid_columns) {
        x = 0;
        line_y += height;
      }
      write_pos(p, {x, line_y, w, height});
      x += w;
      out.push_back(std::move(p));
    }
    y = line_y + height;
  }
  return out;
}

struct section {
  std::optional<json::object> row;
  std::vector<json::object> panels;
};

bool before(const json::object& a, const json::object& b) {
  const auto pa = read_grid_pos(a), pb = read_grid_pos(b);
  return pa.y != pb.y ? pa.y < pb.y : pa.x < pb.x;
}

std::vector<section> split_sections(const json::object& dashboard) {
  const auto* rows = dashboard.if_contains("rows");
  json::array top = rows && rows->is_array() && !dashboard.contains("panels") ? convert_rows(rows->get_array())
                                                                             : panels_of(dashboard);
  std::vector<json::object> sorted;
  for (auto& v : top)
    if (v.is_object()) sorted.push_back(v.get_object());
  std::stable_sort(sorted.begin(), sorted.end(), before);
  std::vector<section> out(1);
  for (auto& p : sorted) {
    if (!is_row(p)) {
      out.back().panels.push_back(std::move(p));
      continue;
    }
    section s;
    for (auto& child : panels_of(p))
      if (child.is_object()) s.panels.push_back(child.get_object());
    std::stable_sort(s.panels.begin(), s.panels.end(), before);
    p.erase("panels");
    s.row = std::move(p);
    out.push_back(std::move(s));
  }
  for (auto& s : out)
    s.panels.erase(std::remove_if(s.panels.begin(), s.panels.end(), is_stale_copy), s.panels.end());
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const section& s) { return s.row && is_stale_copy(*s.row); }),
            out.end());
  return out;
}

class arranger {
public:
  arranger(const std::vector<section>& sections, std::size_t max_panels) : max_panels_(max_panels) {
    for (const auto& s : sections) {
      if (s.row) max_id_ = std::max(max_id_, int_of(s.row->if_contains("id"), 0));
      for (const auto& p : s.panels) max_id_ = std::max(max_id_, int_of(p.if_contains("id"), 0));
    }
  }

  void add_section(const section& s, const variable_set& vars) {
    if (full_) return;
    if (!s.row) {
      place_panels(s.panels, vars, 0);
      return;
    }
    const auto var = str_of(*s.row, "repeat");
    const auto values = var.empty() ? std::vector<std::string>{} : vars.repeat_values(var);
    if (values.empty()) {
      add_row_copy(s, vars);
      return;
    }
    note_repeat(var);
    for (const auto& value : values) {
      if (full_) return;
      auto scope = vars;
      scope.narrow(var, value);
      add_row_copy(s, scope);
    }
  }

  std::vector<placed_panel> take() { return std::move(out_); }
  /// Whether unrolling stopped because one more panel would have passed the limit.
  bool full() const { return full_; }
  /// The repeat variables unrolled so far, "$server x $pod".
  std::string repeats() const {
    std::string out;
    for (const auto& v : repeat_vars_) out += (out.empty() ? "$" : " x $") + v;
    return out;
  }

private:
  void add_row_copy(const section& s, const variable_set& scope) {
    const auto row_pos = read_grid_pos(*s.row);
    emit(*s.row, {0, cursor_, grid_columns, 1}, scope, flag(*s.row, "collapsed"));
    cursor_ += 1;
    place_panels(s.panels, scope, cursor_ - (row_pos.y + 1));
  }

  // Places a section's panels `offset` rows lower, unrolling repeated panels; panels below a
  // repeat move down by the height it grew.
  void place_panels(const std::vector<json::object>& panels, const variable_set& scope, int offset) {
    std::vector<grid_pos> pos;
    for (const auto& p : panels) {
      auto g = read_grid_pos(p);
      g.y = std::max(0, g.y + offset);
      pos.push_back(g);
    }
    for (std::size_t i = 0; i < panels.size() && !full_; ++i) {
      const int grown = place_panel(panels[i], pos[i], scope);
      for (std::size_t j = i + 1; j < panels.size() && grown > 0; ++j)
        if (pos[j].y >= pos[i].y + pos[i].h) pos[j].y += grown;
    }
  }

  // Returns how many grid rows the repeat added below the panel's original bottom.
  int place_panel(const json::object& p, const grid_pos& g, const variable_set& scope) {
    const auto var = str_of(p, "repeat");
    const auto values = var.empty() ? std::vector<std::string>{} : scope.repeat_values(var);
    if (values.empty()) {
      emit(p, g, scope, false);
      return 0;
    }
    const bool vertical = str_of(p, "repeatDirection") == "v";
    const int n = static_cast<int>(values.size());
    const int max_per_row = std::max(1, int_of(p.if_contains("maxPerRow"), 4));
    const int w = vertical ? g.w : std::max(grid_columns / n, grid_columns / max_per_row);
    int x = vertical ? g.x : 0, y = g.y, bottom = g.y + g.h;
    note_repeat(var);
    for (const auto& value : values) {
      if (full_) break;
      auto copy_scope = scope;
      copy_scope.narrow(var, value);
      emit(p, {x, y, w, g.h}, copy_scope, false);
      bottom = std::max(bottom, y + g.h);
      if (vertical) {
        y += g.h;
      } else if ((x += w) + w > grid_columns) {
        x = 0;
        y += g.h;
      }
    }
    return bottom - (g.y + g.h);
  }

  void note_repeat(const std::string& var) {
    if (std::find(repeat_vars_.begin(), repeat_vars_.end(), var) == repeat_vars_.end()) repeat_vars_.push_back(var);
  }

  void emit(const json::object& p, const grid_pos& g, const variable_set& scope, bool collapsed) {
    if (max_panels_ != 0 && out_.size() >= max_panels_) {
      full_ = true;  // stop here: the rest would only be thrown away
      return;
    }
    int id = int_of(p.if_contains("id"), 0);
    if (id == 0 || !used_ids_.insert(id).second) id = ++max_id_;  // a copy needs its own id
    used_ids_.insert(id);
    out_.push_back({p, g, id, collapsed, scope});
    cursor_ = std::max(cursor_, g.y + g.h);
  }

  std::vector<placed_panel> out_;
  std::vector<std::string> repeat_vars_;
  std::size_t max_panels_ = 0;
  bool full_ = false;
  std::set<int> used_ids_;
  int max_id_ = 0;
  int cursor_ = 0;
};

bool overlaps(const grid_pos& a, const grid_pos& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// Grafana's grid floats every panel up as far as it goes, then pushes collisions down.
void compact(std::vector<placed_panel>& panels) {
  std::stable_sort(panels.begin(), panels.end(), [](const placed_panel& a, const placed_panel& b) {
    return a.pos.y != b.pos.y ? a.pos.y < b.pos.y : a.pos.x < b.pos.x;
  });
  for (std::size_t i = 0; i < panels.size(); ++i) {
    auto collides = [&](const grid_pos& g) {
      for (std::size_t j = 0; j < i; ++j)
        if (overlaps(g, panels[j].pos)) return true;
      return false;
    };
    auto& g = panels[i].pos;
    while (g.y > 0 && !collides({g.x, g.y - 1, g.w, g.h})) --g.y;
    while (collides(g)) ++g.y;
  }
  std::stable_sort(panels.begin(), panels.end(), [](const placed_panel& a, const placed_panel& b) {
    return a.pos.y != b.pos.y ? a.pos.y < b.pos.y : a.pos.x < b.pos.x;
  });
}

}  // namespace

grid_pos read_grid_pos(const json::object& panel) {
  grid_pos g;
  const auto* v = panel.if_contains("gridPos");
  if (v == nullptr || !v->is_object()) return g;
  const auto& o = v->get_object();
  g.x = std::clamp(int_of(o.if_contains("x"), g.x), 0, grid_columns - 1);
  g.y = std::max(0, int_of(o.if_contains("y"), g.y));
  g.w = std::clamp(int_of(o.if_contains("w"), g.w), 1, grid_columns - g.x);
  g.h = std::max(1, int_of(o.if_contains("h"), g.h));
  return g;
}

model::checked<std::vector<placed_panel>> arrange_panels(const json::object& dashboard, const variable_set& vars,
                                                         std::size_t max_panels) {
  const auto sections = split_sections(dashboard);
  arranger a(sections, max_panels);
  for (const auto& s : sections) a.add_section(s, vars);
  if (a.full()) {
    const auto repeats = a.repeats();
    return model::bad_request("expands to more than " + std::to_string(max_panels) + " panels" +
                              (repeats.empty() ? std::string() : " (repeats over " + repeats + ")"));
  }
  auto panels = a.take();
  compact(panels);
  return panels;
}

}  // namespace reportd::render
