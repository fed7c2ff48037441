#pragma once
// When a report runs: the pure next-run rule the scheduler, the schedule preview and the
// tests share (spec/API.md, "Schedule"). Times are epoch seconds; the wall-clock arithmetic
// happens in the schedule's IANA zone (date/tz over the system tz database).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/report.hpp"

namespace reportd::model {

/// The next run of a report that has not run yet, or nullopt when it will not run again.
///
/// - Only state "scheduled" runs; frequency "never" never does.
/// - `last_run` is the scheduled time of the latest run already claimed (nullopt: none).
///   The answer is the first occurrence after it, or, without one, the first at or after
///   `now` (pass the time the schedule was saved to catch up on a run missed since then).
/// - `once` runs at startDate (or `now` without one), once: after a run at or past its
///   startDate it answers nullopt.
/// - Wall-clock times are kept across DST: a time in a spring-forward gap runs just after
///   the gap; a time repeated by a fall-back runs once, at its first occurrence.
/// - monthly skips months without the day; dayOfMonth "last" (and frequency "last") is the
///   last day of each month. workdaysOnly skips Saturday and Sunday in the zone (hourly,
///   daily, custom). No answer is before startDate or after endDate.
std::optional<std::int64_t> next_run(const schedule& s, std::string_view state,
                                     std::optional<std::int64_t> last_run, std::int64_t now);

/// Up to `count` run times at or after `from`, by the same rule (no run recorded yet).
std::vector<std::int64_t> next_runs(const schedule& s, std::string_view state, std::int64_t from,
                                    int count);

/// The latest run time at or before `now`, starting from `due` (a run time): the one run to
/// send after downtime instead of one per missed tick. `due` itself when the next is later.
std::int64_t latest_due(const schedule& s, std::int64_t due, std::int64_t now);

}  // namespace reportd::model
