#pragma once
// The scheduler: loads every scheduled report's next run at start, sleeps until the
// earliest, and hands due runs to run actors (run.hpp), at most `max_concurrent` at once
// so that queued work never waits long enough for a hop timeout to fire.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/scheduler/scheduler_actor.hpp"
#include "actors/services.hpp"
#include "model/records.hpp"

namespace reportd {

/// A CAF timespan in whole milliseconds.
inline std::int64_t ms_of(caf::timespan t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
}

/// The back-off after the `tries`-th failure: `base`, doubled for each failure after the
/// first (at most 2^16 times).
inline caf::timespan doubling(caf::timespan base, int tries) {
  return base * (1 << std::min(tries - 1, 16));
}

struct scheduler_options {
  caf::timespan missed_run_grace;  // a run later than this after downtime is skipped
  int retry_count = 2;             // retries after a failed attempt
  caf::timespan retry_backoff;     // before the first retry; doubles each time
  std::size_t max_concurrent = 4;  // runs in progress at once
  caf::timespan max_sleep;         // re-check the clock and re-read schedules this often
  caf::timespan abandoned_after;   // a "running" row older than this has no live process
  std::function<std::int64_t()> now_ms;  // wall clock, epoch ms (a test clock in tests)
};

/// One due run, waiting for a slot.
struct run_job {
  std::int64_t report_id = 0;
  std::int64_t org_id = 0;
  std::int64_t scheduled_at = 0;
  bool skip = false;  // missed beyond the grace window: recorded, not sent
};

struct scheduler_state {
  static inline const char* name = "scheduler";
  services svc;
  scheduler_options opt;
  std::map<std::int64_t, model::schedule_entry> entries;  // by report id
  std::map<std::int64_t, std::int64_t> due;                // report id -> next run (s)
  std::set<std::pair<std::int64_t, std::int64_t>> timeline;  // (next run, report id)
  std::deque<run_job> queue;
  std::size_t active = 0;
  std::set<caf::actor_addr> runs;  // run actors in progress (linked)
  // (report id, scheduled time) of abandoned runs queued for takeover, so a reload while one
  // waits for a slot does not queue it again.
  std::set<std::pair<std::int64_t, std::int64_t>> taking_over;
  std::uint64_t timer = 0;  // generation of the one tick that counts
  scheduler_stats stats;
};

scheduler_actor::behavior_type scheduler(scheduler_actor::stateful_pointer<scheduler_state> self,
                                         services svc, scheduler_options opt);

/// The options a real server uses: the system clock, limits from the services' pools.
scheduler_options default_scheduler_options();

}  // namespace reportd
