// Logs: one text row per log line, newest first (options.sortOrder "Descending", Grafana's
// default; "Ascending" reverses it), the time in front when options.showTime is set, a
// coloured level bar at the left (from a level field or label, else guessed from the line as
// Grafana does), long lines clipped with an ellipsis or wrapped (options.wrapLogMessage).
// Lines past the bottom of the panel are left out and counted on the last row.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/predicate.hpp>

#include "render/draw/draw_panels.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

struct log_row {
  double time = NAN;
  std::string line;
  std::string level;
};

const field* find_field(const frame& fr, std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (const auto& f : fr.fields)
      if (f.type == field_type::string && boost::algorithm::iequals(f.name, n)) return &f;
  return nullptr;
}

// Grafana's level guess: the first level word in the line, else unknown.
std::string guess_level(const std::string& line) {
  const std::string l = boost::algorithm::to_lower_copy(line);
  for (const char* w : {"critical", "crit", "emerg", "fatal", "alert"})
    if (l.find(w) != std::string::npos) return "critical";
  for (const char* w : {"error", "eror", "err"})
    if (l.find(w) != std::string::npos) return "error";
  for (const char* w : {"warning", "warn"})
    if (l.find(w) != std::string::npos) return "warning";
  for (const char* w : {"info", "information", "notice"})
    if (l.find(w) != std::string::npos) return "info";
  if (l.find("debug") != std::string::npos || l.find("dbug") != std::string::npos) return "debug";
  if (l.find("trace") != std::string::npos) return "trace";
  return "unknown";
}

rgba level_color(std::string level) {
  boost::algorithm::to_lower(level);
  auto c = [](const char* name) { return parse_color(name).value_or(rgba{0.5, 0.5, 0.5, 1}); };
  if (level == "critical" || level == "crit" || level == "fatal" || level == "emerg" || level == "alert")
    return c("purple");
  if (level == "error" || level == "err" || level == "eror") return c("red");
  if (level == "warning" || level == "warn") return c("yellow");
  if (level == "info" || level == "information" || level == "notice") return c("green");
  if (level == "debug" || level == "dbug") return c("blue");
  if (level == "trace") return c("light-blue");
  return rgba{0.6, 0.6, 0.6, 1};
}

std::vector<log_row> rows_of(const panel& p) {
  std::vector<log_row> out;
  for (const auto& fr : p.frames) {
    const field* time = nullptr;
    for (const auto& f : fr.fields)
      if (f.type == field_type::time) { time = &f; break; }
    const field* line = find_field(fr, {"line", "body", "message", "msg", "log", "content"});
    if (line == nullptr)
      for (const auto& f : fr.fields)
        if (f.type == field_type::string) { line = &f; break; }
    if (line == nullptr) continue;
    const field* level = find_field(fr, {"level", "severity", "detected_level"});
    std::string label_level;
    for (const auto& f : fr.fields)
      if (auto it = f.labels.find("level"); it != f.labels.end()) label_level = it->second;
    for (std::size_t i = 0; i < line->strings.size(); ++i) {
      log_row r;
      r.time = time != nullptr && i < time->numbers.size() ? time->numbers[i] : NAN;
      r.line = line->strings[i];
      r.level = level != nullptr && i < level->strings.size() ? level->strings[i] : label_level;
      if (r.level.empty()) r.level = guess_level(r.line);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

void draw_logs(const draw_context& ctx, const panel& p, const rect& body) {
  auto rows = rows_of(p);
  if (rows.empty()) return draw_message(ctx, body, no_data_text(p));
  const bool ascending = json::get_string(p.options, "sortOrder", "Descending") == "Ascending";
  std::stable_sort(rows.begin(), rows.end(), [&](const log_row& a, const log_row& b) {
    if (std::isnan(a.time) || std::isnan(b.time)) return false;
    return ascending ? a.time < b.time : a.time > b.time;
  });
  const bool show_time = json::get_bool(p.options, "showTime", false);
  const bool wrap = json::get_bool(p.options, "wrapLogMessage", false);
  text_style st;
  st.size = 6.5 * ctx.scale;
  st.color = ctx.th.text;
  st.family = "DejaVu Sans Mono";
  st.valign = v_align::top;
  const double line_h = st.size * 1.35;
  const double time_w = show_time ? ctx.text.measure("2006-01-02 15:04:05.000", st).width + st.size : 0;
  double y = body.y + 1;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double left = body.x + 4;
    const bool more = i + 1 < rows.size();
    if (y + line_h > body.bottom() || (more && y + 2 * line_h > body.bottom())) {
      // No room for this row and a note after it: say how many lines are not shown.
      text_style ms = st;
      ms.color = ctx.th.muted;
      ms.family.clear();
      ctx.text.draw(std::to_string(rows.size() - i) + " more log lines not shown", {left, y, body.w - 8, line_h}, ms);
      return;
    }
    const rect text_box{left + time_w, y, body.right() - left - time_w, body.bottom() - y - (more ? line_h : 0)};
    double h = line_h;
    if (wrap) {
      text_style ws = st;
      ws.wrap = true;
      h = std::clamp(ctx.text.draw(r.line, text_box, ws).height, line_h, text_box.h);
    }
    fill_rect(ctx.cr, {body.x + 0.5, y + 0.5, 1.5, h - 1}, level_color(r.level));
    if (show_time && !std::isnan(r.time)) {
      text_style ts = st;
      ts.color = ctx.th.muted;
      ctx.text.draw(format_time(static_cast<std::int64_t>(r.time), ctx.range.zone, "%Y-%m-%d %H:%M:%S"),
                    {left, y, time_w, line_h}, ts);
    }
    if (!wrap) ctx.text.draw(r.line, {text_box.x, y, text_box.w, line_h}, st);
    y += h;
  }
}

}  // namespace reportd::render
