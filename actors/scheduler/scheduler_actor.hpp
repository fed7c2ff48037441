#pragma once
// The scheduler's typed interface: it runs every scheduled report at its next run time
// (model/schedule.hpp) through the same hops as POST /api/reports/email.
#include <cstdint>
#include <string>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace reportd {

/// What /metrics shows of the scheduler. Lag: due time to the mail server accepting.
struct scheduler_stats {
  std::int64_t scheduled_reports = 0;  // reports with a next run
  std::int64_t queued = 0;             // due, waiting for a free slot
  std::int64_t active = 0;             // runs in progress
  std::int64_t lag_count = 0;
  double lag_sum_seconds = 0;
  double lag_max_seconds = 0;
  double lag_last_seconds = 0;
};

/// How one run ended, reported by the run actor to the scheduler.
struct run_result {
  std::int64_t report_id = 0;
  std::int64_t scheduled_at = 0;
  std::string status;          // succeeded | failed | not_claimed
  std::int64_t lag_ms = -1;    // succeeded only
};

}  // namespace reportd

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::scheduler_stats)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::run_result)

namespace reportd {

using scheduler_actor = caf::typed_actor<
  // A report was created, updated or deleted: re-read its schedule and re-plan it now.
  caf::reacts_to<schedule_atom, std::int64_t /*report id*/>,
  // Lag and queue figures for /metrics.
  caf::replies_to<stats_atom>::with<scheduler_stats>,
  // --- internal: the wake-up timer, the start-up load, and run actors reporting back ---
  caf::reacts_to<tick_atom, std::uint64_t /*timer generation*/>,
  caf::reacts_to<load_atom>,
  caf::reacts_to<run_atom, run_result>>;

}  // namespace reportd
