#pragma once
// One scheduled run: claim it in the store, load the report, render, compose, mail (the
// hops of POST /api/reports/email, with the same timeouts), retry with back-off on
// failure, record the outcome, and report it to the scheduler. Then quit.
#include <cstdint>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "actors/delivery/chain.hpp"
#include "actors/scheduler/scheduler.hpp"

namespace reportd {

struct run_state {
  static inline const char* name = "scheduled-run";
  services svc;
  scheduler_options opt;
  scheduler_actor parent;
  run_job job;
  std::int64_t run_id = 0;
  int attempts = 0;
  int claim_failures = 0;  // claims the store answered with an error (asked again)
  delivery::rendered_report rendered;  // of the latest attempt that rendered
  std::string recipients;
};

using run_actor = caf::stateful_actor<run_state>;

caf::behavior scheduled_run(run_actor* self, run_job job, services svc, scheduler_options opt,
                            scheduler_actor parent);

}  // namespace reportd
