#include "actors/scheduler/scheduler.hpp"

#include <algorithm>
#include <chrono>

#include <caf/all.hpp>

#include "actors/log.hpp"
#include "actors/scheduler/run.hpp"
#include "model/clock.hpp"
#include "model/schedule.hpp"

namespace reportd {
namespace {

using self_ptr = scheduler_actor::stateful_pointer<scheduler_state>;

const std::shared_ptr<spdlog::logger>& log() {
  static const auto l = named_logger("scheduler");
  return l;
}

/// The next run of an entry. Runs already claimed and times before the schedule was saved
/// do not count: saving a schedule never sends a run that was due before the save.
std::optional<std::int64_t> next_due(const model::schedule_entry& e) {
  auto after = std::max(e.last_run.value_or(e.updated - 1), e.updated - 1);
  return model::next_run(e.schedule, e.state, after, e.updated);
}

void unplan(self_ptr self, std::int64_t id) {
  auto& st = self->state;
  if (auto it = st.due.find(id); it != st.due.end()) {
    st.timeline.erase({it->second, id});
    st.due.erase(it);
  }
}

void plan(self_ptr self, std::int64_t id, std::optional<std::int64_t> at) {
  unplan(self, id);
  if (!at)
    return;
  self->state.due[id] = *at;
  self->state.timeline.insert({*at, id});
}

/// Sets the one timer that counts for the earliest next run (at most max_sleep away).
void arm(self_ptr self) {
  auto& st = self->state;
  st.stats.scheduled_reports = static_cast<std::int64_t>(st.timeline.size());
  if (st.timeline.empty())
    return;
  auto wait_ms = st.timeline.begin()->first * 1000 - st.opt.now_ms();
  // Clamped in milliseconds first: a run centuries away overflows a timespan (nanoseconds).
  wait_ms = std::clamp<std::int64_t>(wait_ms, 0, ms_of(st.opt.max_sleep));
  caf::timespan wait = std::chrono::milliseconds(wait_ms);
  self->delayed_send(self, wait, tick_atom::value, ++st.timer);
}

/// Starts queued runs while there are free slots.
void pump(self_ptr self) {
  auto& st = self->state;
  while (st.active < st.opt.max_concurrent && !st.queue.empty()) {
    auto job = st.queue.front();
    st.queue.pop_front();
    if (job.skip) {
      st.taking_over.erase({job.report_id, job.scheduled_at});
      auto grace_s = ms_of(st.opt.missed_run_grace) / 1000;
      model::run_claim c{job.report_id, job.scheduled_at, st.opt.now_ms() / 1000, "skipped", {},
                         "missed while the server was down (more than " + std::to_string(grace_s) + " s late)"};
      self->request(st.svc.store, st.svc.timeouts.store, claim_atom::value, std::move(c))
        .then([](std::int64_t) {},
              [=](caf::error& e) { log()->error("recording a skipped run failed: {}", caf::to_string(e)); });
      continue;
    }
    st.active += 1;
    auto run = self->spawn<caf::linked>(scheduled_run, job, st.svc, st.opt,
                                        caf::actor_cast<scheduler_actor>(self));
    st.runs.insert(run.address());
  }
  st.stats.queued = static_cast<std::int64_t>(st.queue.size());
  st.stats.active = static_cast<std::int64_t>(st.active);
}

/// Queues every run that is due, and plans each report's following run.
void fire_due(self_ptr self) {
  auto& st = self->state;
  const auto now_ms = st.opt.now_ms();
  const auto now = now_ms / 1000;
  while (!st.timeline.empty() && st.timeline.begin()->first * 1000 <= now_ms) {
    auto [at, id] = *st.timeline.begin();
    auto& e = st.entries[id];
    // After downtime: one run for the latest missed tick, not one per tick.
    auto latest = model::latest_due(e.schedule, at, now);
    bool skip = now_ms - latest * 1000 > ms_of(st.opt.missed_run_grace);
    st.queue.push_back({id, e.org_id, latest, skip});
    e.last_run = latest;
    plan(self, id, next_due(e));
  }
  pump(self);
  arm(self);
}

/// A run claimed by a process that died (its lease ran out while it was running) is queued
/// again here; its claim takes it over, so it is sent once — or recorded skipped when it is
/// now later than the grace window.
void take_over_abandoned(self_ptr self, const model::schedule_entry& e) {
  auto& st = self->state;
  if (!e.abandoned_run || !st.taking_over.insert({e.report_id, *e.abandoned_run}).second)
    return;
  const auto at = *e.abandoned_run;
  const bool skip = st.opt.now_ms() - at * 1000 > ms_of(st.opt.missed_run_grace);
  log()->warn("scheduler: report {}: the run due at {} was claimed by a process that stopped; taking it over",
              e.report_id, at);
  st.queue.push_back({e.report_id, e.org_id, at, skip});
}

/// Takes a report's entry as stored. A run queued here but not claimed yet is not in the
/// store's last_run: the later of the two counts, so it is not queued twice.
void adopt(self_ptr self, model::schedule_entry e) {
  auto& st = self->state;
  const auto id = e.report_id;
  if (auto it = st.entries.find(id); it != st.entries.end() && it->second.last_run &&
                                     (!e.last_run || *e.last_run < *it->second.last_run))
    e.last_run = it->second.last_run;
  take_over_abandoned(self, e);
  st.entries[id] = std::move(e);
  plan(self, id, next_due(st.entries[id]));
}

void forget(self_ptr self, std::int64_t id) {
  self->state.entries.erase(id);
  unplan(self, id);
}

/// Reads every schedule at start and then every max_sleep, so that changes made by another
/// process on the same database (or missed messages) are picked up too.
void load(self_ptr self) {
  auto& st = self->state;
  self->request(st.svc.store, st.svc.timeouts.store, list_atom::value, schedule_atom::value)
    .then(
      [=](std::vector<model::schedule_entry>& entries) {
        std::set<std::int64_t> seen;
        for (auto& e : entries) {
          seen.insert(e.report_id);
          adopt(self, std::move(e));
        }
        std::vector<std::int64_t> gone;
        for (const auto& [id, e] : self->state.entries)
          if (seen.count(id) == 0)
            gone.push_back(id);
        for (auto id : gone)
          forget(self, id);
        log()->debug("scheduler: {} scheduled reports", self->state.timeline.size());
        fire_due(self);
        self->delayed_send(self, self->state.opt.max_sleep, load_atom::value);
      },
      [=](caf::error& e) {
        log()->error("scheduler: loading schedules failed ({}); retrying in 5 s", caf::to_string(e));
        self->delayed_send(self, std::chrono::seconds(5), load_atom::value);
      });
}

void reschedule(self_ptr self, std::int64_t id) {
  auto& st = self->state;
  self->request(st.svc.store, st.svc.timeouts.store, get_atom::value, schedule_atom::value, id)
    .then(
      [=](std::optional<model::schedule_entry>& e) {
        if (!e || e->state != "scheduled")
          forget(self, id);
        else
          adopt(self, std::move(*e));
        fire_due(self);
      },
      [=](caf::error& e) { log()->error("scheduler: re-reading report {} failed: {}", id, caf::to_string(e)); });
}

void record(self_ptr self, const run_result& r) {
  auto& st = self->state;
  st.runs.erase(caf::actor_cast<caf::actor_addr>(self->current_sender()));
  st.taking_over.erase({r.report_id, r.scheduled_at});
  st.active -= 1;
  if (r.status == "succeeded" && r.lag_ms >= 0) {
    double lag = static_cast<double>(r.lag_ms) / 1000.0;
    st.stats.lag_count += 1;
    st.stats.lag_sum_seconds += lag;
    st.stats.lag_max_seconds = std::max(st.stats.lag_max_seconds, lag);
    st.stats.lag_last_seconds = lag;
  }
  pump(self);
}

}  // namespace

scheduler_actor::behavior_type scheduler(scheduler_actor::stateful_pointer<scheduler_state> self,
                                         services svc, scheduler_options opt) {
  self->state.svc = std::move(svc);
  self->state.opt = std::move(opt);
  // Runs left "running" by a process that died cannot still be going after this long.
  auto before = (self->state.opt.now_ms() - ms_of(self->state.opt.abandoned_after)) / 1000;
  self->request(self->state.svc.store, self->state.svc.timeouts.store, delete_atom::value,
                run_atom::value, before)
    .then([](std::int64_t n) { if (n > 0) log()->warn("scheduler: {} interrupted runs marked failed", n); },
          [](caf::error&) {});
  // Run actors are linked so that they stop with the scheduler; one that dies on its own
  // (a bug) frees its slot instead of taking the scheduler down with it.
  self->set_exit_handler([=](caf::exit_msg& m) {
    auto& st = self->state;
    if (st.runs.erase(m.source) > 0) {
      if (m.reason) {
        log()->error("scheduler: a run died: {}", caf::to_string(m.reason));
        st.active -= 1;
        pump(self);
      }
      return;
    }
    if (m.reason)
      self->quit(m.reason);
  });
  load(self);
  return {
    [=](schedule_atom, std::int64_t id) { reschedule(self, id); },
    [=](stats_atom) { return self->state.stats; },
    [=](tick_atom, std::uint64_t generation) {
      if (generation == self->state.timer)
        fire_due(self);
    },
    [=](load_atom) { load(self); },
    [=](run_atom, run_result& r) { record(self, r); },
  };
}

scheduler_options default_scheduler_options() {
  using namespace std::chrono_literals;
  scheduler_options o;
  o.missed_run_grace = std::chrono::duration_cast<caf::timespan>(1h);
  o.retry_backoff = std::chrono::duration_cast<caf::timespan>(30s);
  o.max_sleep = std::chrono::duration_cast<caf::timespan>(60s);
  o.abandoned_after = std::chrono::duration_cast<caf::timespan>(1h);
  o.now_ms = model::epoch_ms;
  return o;
}

}  // namespace reportd
