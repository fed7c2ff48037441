#pragma once
// A panel's own time range, as Grafana's panel "Query options" set it: timeFrom replaces a
// relative dashboard range with "the last N" ("2h": now-2h to now), timeShift moves the range
// back ("1h": an hour earlier), hideTimeOverride hides the note Grafana shows beside the title
// ("Last 2 hours timeshift -1h").
#include <cstdint>
#include <string>
#include <string_view>

#include "render/panel.hpp"

namespace reportd::render {

struct panel_time {
  time_window range;
  std::string info;      // the note beside the title; empty when none or hidden
  bool changed = false;  // range differs from the dashboard's
};

/// Applies `time_from` and `time_shift` (variables already substituted; empty: unset) to the
/// dashboard's `range`. `now_ms` is the render's "now". Invalid text leaves the range alone and
/// says so in the note ("invalid time override", "invalid timeshift"), as Grafana does.
panel_time apply_time_overrides(std::string_view time_from, std::string_view time_shift, bool hide_note,
                                const time_window& range, std::int64_t now_ms);

/// Grafana's words for a relative range "now-2h" to "now": "Last 2 hours"; empty when the
/// expression is not one it describes.
std::string describe_relative(std::string_view expr);

}  // namespace reportd::render
