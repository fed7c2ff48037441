#include "actors/scheduler/run.hpp"

#include <caf/all.hpp>

#include "actors/log.hpp"
#include "actors/delivery/chain.hpp"
#include "model/validation.hpp"

namespace reportd {
namespace {

const std::shared_ptr<spdlog::logger>& run_log() {
  static const auto l = named_logger("scheduler");
  return l;
}

void attempt(run_actor* self);

/// Records the outcome, tells the scheduler, quits. `lag_ms` only for a sent report.
void finish(run_actor* self, std::string status, std::string error, std::int64_t lag_ms = -1) {
  auto& st = self->state;
  model::run_outcome o{st.run_id, status, error, st.opt.now_ms() / 1000, st.rendered.attachment_bytes,
                       st.attempts, st.recipients, st.rendered.failed_panels, st.rendered.panel_errors};
  run_result result{st.job.report_id, st.job.scheduled_at, status, lag_ms};
  auto report = [=] {
    self->send(self->state.parent, run_atom::value, result);
    self->quit();
  };
  self->request(st.svc.store, st.svc.timeouts.store, put_atom::value, run_atom::value, std::move(o))
    .then([=](ok_atom) { report(); },
          [=](caf::error& e) {
            run_log()->error("report {}: recording run {} failed: {}", result.report_id,
                             self->state.run_id, to_problem(e, "report store").message);
            report();
          });
}

/// A failed attempt: retry after the back-off (doubling), or record the failure.
void failed(run_actor* self, const caf::error& e, const char* step, caf::timespan timeout) {
  auto& st = self->state;
  auto message = to_problem(e, step, timeout).message;
  run_log()->warn("report {} run at {}: attempt {} failed: {}", st.job.report_id, st.job.scheduled_at,
                  st.attempts, message);
  // A deleted report or a dashboard the renderer refuses (past a render limit, not JSON) fails
  // the same way every time: retrying would only repeat the work. A mail the SMTP server may
  // already have accepted (mail_uncertain) is not sent again blindly.
  auto permanent = e.category() == error_category &&
                   (e.code() == static_cast<std::uint8_t>(model::errc::not_found) ||
                    e.code() == static_cast<std::uint8_t>(model::errc::bad_request) ||
                    e.code() == static_cast<std::uint8_t>(model::errc::mail_uncertain));
  if (st.attempts > st.opt.retry_count || permanent)
    return finish(self, "failed", message);
  auto delay = doubling(st.opt.retry_backoff, st.attempts);
  self->delayed_send(self, delay, retry_atom::value);
}

/// One attempt: load the report fresh (its recipients may have changed), render, mail.
void attempt(run_actor* self) {
  auto& st = self->state;
  st.attempts += 1;
  self->request(st.svc.store, st.svc.timeouts.store, get_atom::value, bundle_atom::value,
                st.job.org_id, st.job.report_id)
    .then(
      [=](send_bundle& b) {
        auto& s = self->state;
        s.recipients = b.report.recipients;
        auto to = model::split_addresses(b.report.recipients);
        if (to.empty())
          return finish(self, "failed", "the report has no recipients");
        delivery::render_and_mail(
          self, s.svc, std::move(b), std::move(to), false, s.opt.now_ms(),
          caf::actor_clock::time_point::max(),  // a scheduled run has no client waiting
          [self](const delivery::rendered_report& what) {
            auto& st = self->state;
            st.rendered = what;
            finish(self, "succeeded", "", st.opt.now_ms() - st.job.scheduled_at * 1000);
          },
          [self](const delivery::hop_failure& f) {
            self->state.rendered = f.rendered;
            failed(self, f.error, f.step, f.timeout);
          });
      },
      [=](caf::error& e) { failed(self, e, "report store", self->state.svc.timeouts.store); });
}

/// Tells the scheduler how the run ended without a claim, and quits.
void unclaimed(run_actor* self, const char* status) {
  self->send(self->state.parent, run_atom::value,
             run_result{self->state.job.report_id, self->state.job.scheduled_at, status, -1});
  self->quit();
}

/// A claim the store answered with an error was not made (its transaction rolled back), so
/// it is asked again after a back-off (1 s, doubling, at most retry_backoff) for as long as
/// the run is inside the missed-run grace: a database that is briefly away, or two instances
/// deadlocking on the same runs, must not lose a run.
void claim_failed(run_actor* self, const caf::error& e, caf::timespan timeout) {
  auto& st = self->state;
  auto message = to_problem(e, "report store", timeout).message;
  st.claim_failures += 1;
  const auto late_ms = st.opt.now_ms() - st.job.scheduled_at * 1000;
  const caf::timespan first = std::chrono::seconds(1);
  auto delay = std::min(doubling(first, st.claim_failures), std::max(st.opt.retry_backoff, first));
  if (e == caf::sec::request_timeout || late_ms + ms_of(delay) > ms_of(st.opt.missed_run_grace)) {
    // A claim that timed out may still commit later: asking again could not tell this
    // process's claim from another's. Its lease runs out and the run is taken over then.
    run_log()->error("report {}: claiming the run at {} failed: {}", st.job.report_id, st.job.scheduled_at,
                     message);
    return unclaimed(self, "failed");
  }
  run_log()->warn("report {}: claiming the run at {} failed ({}); asking again in {} ms", st.job.report_id,
                  st.job.scheduled_at, message, ms_of(delay));
  self->delayed_send(self, delay, claim_atom::value);
}

/// Claims the run in the store: only the process whose claim lands works on it.
void claim(run_actor* self) {
  auto& st = self->state;
  const auto now = st.opt.now_ms() / 1000;
  // The lease outlasts the longest this run can take with every retry (abandoned_after), so
  // a live process never loses a run it is still working on.
  const auto lease = std::chrono::duration_cast<std::chrono::seconds>(st.opt.abandoned_after).count();
  model::run_claim c{st.job.report_id, st.job.scheduled_at, now, "running", {}, {}, now + lease};
  // The claim waits for the store longer than an ordinary hop: a claim that timed out here
  // may still land in the database, and then nobody sends the run until its lease is over.
  // Another instance's transaction holding the same row (or a deadlock PostgreSQL breaks
  // after a second) is worth waiting for; the lease is the longest the answer can matter.
  const auto timeout = std::max<caf::timespan>(st.svc.timeouts.store, st.opt.abandoned_after / 2);
  self->request(st.svc.store, timeout, claim_atom::value, std::move(c))
    .then(
      [=](std::int64_t id) {
        if (id == 0)  // another process (or an earlier life of this one) has it
          return unclaimed(self, "not_claimed");
        self->state.run_id = id;
        attempt(self);
      },
      [=](caf::error& e) { claim_failed(self, e, timeout); });
}

}  // namespace

caf::behavior scheduled_run(run_actor* self, run_job job, services svc, scheduler_options opt,
                            scheduler_actor parent) {
  auto& st = self->state;
  st.job = job;
  st.svc = std::move(svc);
  st.opt = std::move(opt);
  st.parent = std::move(parent);
  claim(self);
  return {
    [=](retry_atom) { attempt(self); },
    [=](claim_atom) { claim(self); },
  };
}

}  // namespace reportd
