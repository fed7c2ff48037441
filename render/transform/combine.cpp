// Transformations that make one frame of many: merge, joinByField (and Grafana 7's
// seriesToColumns), seriesToRows.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "render/transform/frame_ops.hpp"
#include "render/transform/transformers.hpp"

namespace reportd::render::transform {
namespace {

// One cell of a merged row: absent (the frame has no such field), null, or a value.
struct cell {
  bool present = false;
  bool null = true;
  double num = std::nan("");
  std::string str;
};

cell cell_of(const field& f, std::size_t row) {
  cell c;
  c.present = true;
  c.null = is_null(f, row);
  if (!c.null) {
    c.str = cell_text(f, row);
    c.num = cell_number(f, row);
  }
  return c;
}

bool same(const cell& a, const cell& b) {
  return a.null == b.null && a.str == b.str;
}

// Grafana merges a row into an earlier one with the same key when no value they both have
// differs.
bool mergeable(const std::vector<cell>& existing, const std::vector<cell>& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].present || !existing[i].present || existing[i].null) continue;
    if (!same(existing[i], value[i])) return false;
  }
  return true;
}

}  // namespace

std::vector<frame> merge(const options&, std::vector<frame> frames) {
  if (frames.size() <= 1) return frames;
  std::vector<const frame*> data;
  for (const auto& fr : frames)
    if (!fr.fields.empty()) data.push_back(&fr);
  if (data.empty()) return {frames.front()};
  // Output columns: every field name once, first occurrence's type, labels left behind.
  std::vector<field> columns;
  std::vector<std::vector<int>> index_in(data.size());  // [frame][column] -> field index or -1
  for (std::size_t d = 0; d < data.size(); ++d)
    for (std::size_t i = 0; i < data[d]->fields.size(); ++i) {
      const auto& f = data[d]->fields[i];
      auto it = std::find_if(columns.begin(), columns.end(), [&](const field& c) { return c.name == f.name; });
      if (it == columns.end()) {
        columns.push_back({f.name, f.type, {}, {}, {}});
        it = columns.end() - 1;
      }
      const auto col = static_cast<std::size_t>(it - columns.begin());
      for (auto& idx : index_in) idx.resize(columns.size(), -1);
      if (index_in[d][col] < 0) index_in[d][col] = static_cast<int>(i);
    }
  std::vector<std::size_t> key_columns;
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (std::all_of(index_in.begin(), index_in.end(), [&](const std::vector<int>& idx) { return idx[c] >= 0; }))
      key_columns.push_back(c);
  if (key_columns.empty()) return frames;
  std::vector<std::vector<cell>> rows;                               // in first-seen order
  std::unordered_map<std::string, std::vector<std::size_t>> rows_of;  // key -> rows with it
  for (std::size_t d = 0; d < data.size(); ++d) {
    for (std::size_t r = 0; r < data[d]->length(); ++r) {
      std::vector<cell> value(columns.size());
      for (std::size_t c = 0; c < columns.size(); ++c)
        if (index_in[d][c] >= 0) value[c] = cell_of(data[d]->fields[static_cast<std::size_t>(index_in[d][c])], r);
      std::string key;
      for (auto c : key_columns) key += (value[c].null ? "null" : value[c].str) + '\x1f';
      bool merged = false;
      auto& same_key = rows_of[key];
      for (auto r : same_key) {
        auto& existing = rows[r];
        if (!mergeable(existing, value)) continue;
        for (std::size_t c = 0; c < value.size(); ++c)
          if (value[c].present) existing[c] = value[c];
        merged = true;
      }
      if (!merged) {
        same_key.push_back(rows.size());
        rows.push_back(std::move(value));
      }
    }
  }
  frame out;
  for (auto& col : columns) {
    const auto c = static_cast<std::size_t>(&col - columns.data());
    for (const auto& cells : rows) {
      const auto& v = cells[c];
      if (col.type == field_type::string) col.strings.push_back(v.null ? std::string{} : v.str);
      else col.numbers.push_back(v.null ? std::nan("") : v.num);
    }
  }
  out.fields = std::move(columns);
  return {std::move(out)};
}

std::vector<frame> join_by_field(const options& o, std::vector<frame> frames) {
  const auto by = opt_string(o, "byField");
  const auto mode = opt_string(o, "mode", "outer") == "inner" ? join_mode::inner : join_mode::outer;
  if (frames.size() == 1) {
    // One frame: the join field moves first and the rows stay as they are.
    auto& fr = frames.front();
    for (std::size_t i = 0; i < fr.fields.size(); ++i) {
      const auto& f = fr.fields[i];
      if (by.empty() ? f.type == field_type::time : (f.name == by || display_name(f, fr, frames) == by)) {
        std::rotate(fr.fields.begin(), fr.fields.begin() + static_cast<std::ptrdiff_t>(i),
                    fr.fields.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        break;
      }
    }
    return frames;
  }
  auto joined = join_frames(frames, by, mode);
  if (!joined) return frames;
  return {std::move(*joined)};
}

std::vector<frame> series_to_rows(const options&, std::vector<frame> frames) {
  if (frames.size() <= 1) return frames;
  struct source {
    const frame* fr;
    std::size_t time, value;
  };
  std::vector<source> sources;
  for (const auto& fr : frames) {
    const auto* t = first_time_field(fr);
    if (t == nullptr || fr.fields.size() < 2) return frames;  // not time series: unchanged
    const auto ti = static_cast<std::size_t>(t - fr.fields.data());
    sources.push_back({&fr, ti, ti == 0 ? 1u : 0u});
  }
  const auto& first_value = sources.front().fr->fields[sources.front().value];
  field time{"Time", field_type::time, {}, {}, {}};
  field metric{"Metric", field_type::string, {}, {}, {}};
  field value{"Value", first_value.type, {}, {}, {}};
  for (const auto& s : sources) {
    const auto name = frame_display_name(*s.fr);
    const auto& tf = s.fr->fields[s.time];
    for (std::size_t r = 0; r < s.fr->length(); ++r) {
      push_cell(time, tf, r);
      metric.strings.push_back(name);
      if (r < s.fr->fields[s.value].size()) push_cell(value, s.fr->fields[s.value], r);
      else push_null(value);
    }
  }
  frame out;
  out.fields = {std::move(time), std::move(metric), std::move(value)};
  // Newest first: Grafana sorts ascending by time and reverses.
  std::vector<std::size_t> order(out.length());
  std::iota(order.begin(), order.end(), 0);
  const auto& t = out.fields[0].numbers;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
  std::reverse(order.begin(), order.end());
  take_rows(out, order);
  return {std::move(out)};
}

}  // namespace reportd::render::transform
