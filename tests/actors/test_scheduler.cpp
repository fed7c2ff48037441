// The scheduler on the deterministic scheduler with a test wall clock, beside stub store,
// renderer and mailer: due reports run once, paused ones do not, an update re-plans at
// once, a failing mailer is retried with back-off and then recorded as failed, a burst
// larger than the concurrency limit all runs.
#include "catch_prelude.hpp"

#include <map>
#include <set>

#include "actor_fixture.hpp"
#include "actors/scheduler/scheduler.hpp"

using namespace reportd;
using namespace reportd::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t t0 = 1700000000;  // 2023-11-14T22:13:20Z

/// What the stubs hold and saw.
struct world {
  std::map<std::int64_t, model::schedule_entry> reports;
  std::set<std::pair<std::int64_t, std::int64_t>> claims;
  std::vector<model::run_outcome> outcomes;
  std::vector<model::run_claim> skipped;
  std::vector<mail::message> sent;
  int mail_attempts = 0;
  int fail_mail = 0;  // the next this many sends fail
  std::vector<std::string> panel_errors;  // what the renderer says failed
  int render_attempts = 0;
  std::string refuse_render;               // non-empty: the renderer answers bad_request with it
  int fail_claims = 0;  // the next this many claims fail as a database error (nothing claimed)
  int claim_attempts = 0;
};

caf::behavior store_stub(std::shared_ptr<world> w) {
  return {
    [=](delete_atom, run_atom, std::int64_t) -> std::int64_t { return 0; },
    [=](list_atom, schedule_atom) {
      std::vector<model::schedule_entry> out;
      for (auto& [id, e] : w->reports)
        if (e.state == "scheduled")
          out.push_back(e);
      return out;
    },
    [=](get_atom, schedule_atom, std::int64_t id) {
      auto it = w->reports.find(id);
      return it == w->reports.end() ? std::optional<model::schedule_entry>{} : it->second;
    },
    [=](claim_atom, const model::run_claim& c) -> caf::result<std::int64_t> {
      w->claim_attempts += 1;
      if (w->fail_claims > 0) {
        w->fail_claims -= 1;
        return to_error(model::internal_error("claim run: deadlock detected"));
      }
      auto it = w->reports.find(c.report_id);
      if (it == w->reports.end() || it->second.state != "scheduled" ||
          !w->claims.insert({c.report_id, c.scheduled_at}).second)
        return std::int64_t{0};
      if (c.status == "skipped")
        w->skipped.push_back(c);
      return static_cast<std::int64_t>(w->claims.size());
    },
    [=](get_atom, bundle_atom, std::int64_t org, std::int64_t id) -> caf::result<send_bundle> {
      if (!w->reports.count(id) || org != 1)
        return to_error(model::not_found("report not found"));
      send_bundle b;
      b.report.id = id;
      b.report.org_id = 1;
      b.report.name = "Report " + std::to_string(id);
      b.report.recipients = "ops@example.com";
      return b;
    },
    [=](put_atom, run_atom, const model::run_outcome& o) {
      w->outcomes.push_back(o);
      return ok_atom::value;
    },
  };
}

caf::behavior renderer_stub(std::shared_ptr<world> w) {
  return {[=](render_atom, const render::render_request&) -> caf::result<render::render_result> {
    w->render_attempts += 1;
    if (!w->refuse_render.empty()) return to_error(model::bad_request(w->refuse_render));
    render::render_result r;
    r.pdfs.push_back({"report.pdf", "application/pdf", std::string(100, 'x')});
    r.panel_errors = w->panel_errors;
    return r;
  }};
}

caf::behavior mailer_stub(std::shared_ptr<world> w) {
  return {[=](send_atom, mail::message& m) -> caf::result<ok_atom> {
    w->mail_attempts += 1;
    if (w->fail_mail > 0) {
      w->fail_mail -= 1;
      return to_error({model::errc::mail_failed, "SMTP server refused the message"});
    }
    w->sent.push_back(std::move(m));
    return ok_atom::value;
  }};
}

model::schedule_entry entry(std::int64_t id, const char* frequency, std::int64_t start) {
  model::schedule_entry e;
  e.report_id = id;
  e.org_id = 1;
  e.schedule.frequency = frequency;
  e.schedule.start_date = start;
  e.schedule.time_zone = "Europe/Warsaw";
  e.state = "scheduled";
  e.updated = t0;
  return e;
}

struct scheduler_fixture : fixture {
  std::shared_ptr<world> w = std::make_shared<world>();
  std::shared_ptr<std::int64_t> clock_ms = std::make_shared<std::int64_t>(t0 * 1000);
  scheduler_actor sched_actor;
  scheduler_options opt;

  scheduler_fixture() {
    opt.missed_run_grace = 1h;
    opt.retry_count = 2;
    opt.retry_backoff = 10s;
    opt.max_concurrent = 2;
    opt.max_sleep = 60s;
    opt.abandoned_after = 1h;
    auto c = clock_ms;
    opt.now_ms = [c] { return *c; };
  }

  void start() {
    services svc;
    svc.store = caf::actor_cast<store_actor>(stub(store_stub, w));
    svc.renderer = caf::actor_cast<renderer_actor>(stub(renderer_stub, w));
    svc.mailer = caf::actor_cast<mailer_actor>(stub(mailer_stub, w));
    svc.timeouts = timeouts();
    sched_actor = sys.spawn(scheduler, svc, opt);
    spawned.push_back(caf::actor_cast<caf::actor>(sched_actor));
    sched.run();
  }

  /// Moves the wall clock and CAF's clock together, then runs what became due.
  void advance(caf::timespan d) {
    *clock_ms += std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    sched.advance_time(d);
    sched.run();
  }

  void advance_in_steps(caf::timespan total, caf::timespan step = 1s) {
    for (caf::timespan done{0}; done < total; done += step)
      advance(step);
  }
};

}  // namespace

TEST_CASE_METHOD(scheduler_fixture, "a due report runs once, at its time, and is recorded") {
  w->reports[1] = entry(1, "once", t0 + 10);
  start();
  advance_in_steps(9s);
  CHECK(w->sent.empty());
  advance(1s);
  REQUIRE(w->sent.size() == 1);
  CHECK(w->sent[0].to == std::vector<std::string>{"ops@example.com"});
  REQUIRE(w->outcomes.size() == 1);
  CHECK(w->outcomes[0].status == "succeeded");
  CHECK(w->outcomes[0].attachment_bytes == 100);
  CHECK(w->outcomes[0].recipients == "ops@example.com");
  advance_in_steps(10min, 30s);
  CHECK(w->sent.size() == 1);
}

TEST_CASE_METHOD(scheduler_fixture, "a report with failed panels is sent and its run says which") {
  w->reports[1] = entry(1, "once", t0 + 10);
  w->panel_errors = {"panel 'CPU' (id 3): datasource \"nope\" is not configured",
                     "Other dashboard: panel 'Load' (id 1): query A failed: connection refused",
                     "variable 'job': connection refused"};
  start();
  advance_in_steps(10s);
  REQUIRE(w->sent.size() == 1);
  REQUIRE(w->outcomes.size() == 1);
  CHECK(w->outcomes[0].status == "succeeded");
  CHECK(w->outcomes[0].error.empty());
  CHECK(w->outcomes[0].failed_panels == 2);  // the variable's line is not a panel
  CHECK(w->outcomes[0].panel_errors == w->panel_errors);
}

TEST_CASE_METHOD(scheduler_fixture, "a daily report runs each day, once") {
  w->reports[1] = entry(1, "daily", t0 + 5);
  start();
  advance_in_steps(2h * 24 + 10s, 30min);
  CHECK(w->sent.size() == 3);  // t0+5, one day later, two days later
  CHECK(w->claims.size() == 3);
}

TEST_CASE_METHOD(scheduler_fixture, "a paused report does not run") {
  w->reports[1] = entry(1, "hourly", t0 + 5);
  w->reports[1].state = "paused";
  start();
  advance_in_steps(3h, 5min);
  CHECK(w->sent.empty());
  CHECK(w->claims.empty());
}

TEST_CASE_METHOD(scheduler_fixture, "an update reschedules at once, and pausing stops it") {
  w->reports[1] = entry(1, "daily", t0 + 3600);
  start();
  advance_in_steps(10s);
  CHECK(w->sent.empty());
  // PUT moved the start to 20 s from now: the supervisor tells the scheduler.
  w->reports[1].schedule.start_date = t0 + 30;
  w->reports[1].updated = t0 + 10;
  caf::anon_send(sched_actor, schedule_atom::value, std::int64_t{1});
  sched.run();
  advance_in_steps(20s);
  CHECK(w->sent.size() == 1);
  // Paused through PUT: the next day's run does not happen.
  w->reports[1].state = "paused";
  caf::anon_send(sched_actor, schedule_atom::value, std::int64_t{1});
  sched.run();
  advance_in_steps(25h, 30min);
  CHECK(w->sent.size() == 1);
}

TEST_CASE_METHOD(scheduler_fixture, "a failing mailer yields retries with back-off, then a failed run") {
  w->reports[1] = entry(1, "once", t0 + 5);
  w->fail_mail = 100;
  start();
  advance_in_steps(5s);
  CHECK(w->mail_attempts == 1);
  advance_in_steps(9s);
  CHECK(w->mail_attempts == 1);
  advance(1s);  // first back-off: 10 s
  CHECK(w->mail_attempts == 2);
  advance_in_steps(19s);
  CHECK(w->mail_attempts == 2);
  advance(1s);  // then 20 s
  CHECK(w->mail_attempts == 3);
  REQUIRE(w->outcomes.size() == 1);
  CHECK(w->outcomes[0].status == "failed");
  CHECK(w->outcomes[0].attempts == 3);
  CHECK(w->outcomes[0].error.find("SMTP server refused the message") != std::string::npos);
  advance_in_steps(5min, 30s);
  CHECK(w->mail_attempts == 3);
}

TEST_CASE_METHOD(scheduler_fixture, "a report the renderer refuses as bad input fails at once, without retries") {
  w->reports[1] = entry(1, "once", t0 + 5);
  w->refuse_render = "dashboard 'Fleet' expands to more than 500 panels";
  start();
  advance_in_steps(2min, 5s);
  CHECK(w->render_attempts == 1);
  CHECK(w->mail_attempts == 0);
  REQUIRE(w->outcomes.size() == 1);
  CHECK(w->outcomes[0].status == "failed");
  CHECK(w->outcomes[0].attempts == 1);
  CHECK(w->outcomes[0].error.find("expands to more than 500 panels") != std::string::npos);
}

TEST_CASE_METHOD(scheduler_fixture, "a retry that succeeds records one succeeded run") {
  w->reports[1] = entry(1, "once", t0 + 5);
  w->fail_mail = 1;
  start();
  advance_in_steps(20s);
  CHECK(w->sent.size() == 1);
  REQUIRE(w->outcomes.size() == 1);
  CHECK(w->outcomes[0].status == "succeeded");
  CHECK(w->outcomes[0].attempts == 2);
}

TEST_CASE_METHOD(scheduler_fixture, "more reports due at the same second than run slots all run, each once") {
  for (std::int64_t id = 1; id <= 25; ++id)
    w->reports[id] = entry(id, "once", t0 + 5);
  start();
  advance_in_steps(6s);
  CHECK(w->sent.size() == 25);
  CHECK(w->outcomes.size() == 25);
}

TEST_CASE_METHOD(scheduler_fixture, "a claim the store fails is asked again with back-off, and the run is sent once") {
  // A database error on the claim (a deadlock between two instances, a restart) claimed
  // nothing: the run is not lost, it is claimed again 1 s, then 2 s later.
  w->reports[1] = entry(1, "once", t0 + 5);
  w->fail_claims = 2;
  start();
  advance_in_steps(5s);
  CHECK(w->claim_attempts == 1);
  CHECK(w->sent.empty());
  advance(1s);
  CHECK(w->claim_attempts == 2);
  advance(1s);
  CHECK(w->claim_attempts == 2);
  advance(1s);
  CHECK(w->claim_attempts == 3);
  REQUIRE(w->sent.size() == 1);
  REQUIRE(w->outcomes.size() == 1);
  CHECK(w->outcomes[0].status == "succeeded");
  advance_in_steps(2min, 10s);
  CHECK(w->sent.size() == 1);
  CHECK(w->claim_attempts == 3);
}

TEST_CASE_METHOD(scheduler_fixture, "a claim that keeps failing is given up once the run is past the grace window") {
  w->reports[1] = entry(1, "once", t0 + 5);
  w->fail_claims = 1000000;
  start();
  advance_in_steps(2h, 5s);
  CHECK(w->sent.empty());
  const auto tries = w->claim_attempts;
  CHECK(tries > 300);  // 1, 2, 4, 8 s, then every retry_backoff (10 s) for the 1 h grace
  CHECK(tries < 400);
  advance_in_steps(1h, 1min);
  CHECK(w->claim_attempts == tries);
}

TEST_CASE_METHOD(scheduler_fixture, "a run claimed elsewhere is not sent again") {
  w->reports[1] = entry(1, "once", t0 + 5);
  w->claims.insert({1, t0 + 5});  // another process got it first
  start();
  advance_in_steps(10s);
  CHECK(w->sent.empty());
}

TEST_CASE_METHOD(scheduler_fixture, "after downtime: within the grace window sent once, beyond it recorded as skipped") {
  // Hourly since long ago, last run 3 h ago: the one latest tick is sent, not three.
  w->reports[1] = entry(1, "hourly", t0 - 10 * 3600 + 60);
  w->reports[1].last_run = t0 - 3 * 3600 + 60;
  w->reports[1].updated = t0 - 10 * 3600;
  // Once, due 2 h ago: beyond the 1 h grace.
  w->reports[2] = entry(2, "once", t0 - 2 * 3600);
  w->reports[2].updated = t0 - 3 * 3600;
  start();
  CHECK(w->sent.size() == 1);
  CHECK(w->claims.count({1, t0 - 3600 + 60}) == 1);
  REQUIRE(w->skipped.size() == 1);
  CHECK(w->skipped[0].report_id == 2);
  CHECK(w->skipped[0].error.find("missed") != std::string::npos);
}

TEST_CASE_METHOD(scheduler_fixture, "a report saved by another process is picked up within max_sleep") {
  start();
  // No message: another reportd on the same database created it.
  w->reports[1] = entry(1, "once", t0 + 90);
  advance_in_steps(89s);
  CHECK(w->sent.empty());
  advance_in_steps(2s);
  CHECK(w->sent.size() == 1);
  // ...and deleted one there: it no longer runs here either.
  w->reports[2] = entry(2, "daily", t0 + 150);
  advance_in_steps(40s);
  w->reports.erase(2);
  advance_in_steps(60s);
  CHECK(w->sent.size() == 1);
}
