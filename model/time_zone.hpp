#pragma once
// Which zone names mean UTC, and the zone a name stands for: the one rule the schedule,
// time expressions, run history and the renderer's labels all use.
#include <string_view>

namespace date {
class time_zone;
}  // namespace date

namespace reportd::model {

/// Grafana's clients send "", "browser", "UTC"/"utc" or "GMT"/"gmt" for "no particular
/// zone"; all of them mean UTC.
bool means_utc(std::string_view zone);

/// The zone named `zone` (Etc/UTC for a name that means UTC); nullptr when unknown.
const date::time_zone* find_zone(std::string_view zone);

/// find_zone, or Etc/UTC for an unknown name; nullptr only when there is no tz database.
const date::time_zone* zone_or_utc(std::string_view zone);

}  // namespace reportd::model
