// POST /api/reports/email through the request supervisor and the one delivery chain, with
// stub renderer and mailer on the deterministic scheduler: a renderer or mailer that fails
// or never answers becomes the documented 500 naming the step, after exactly its budget,
// and the request's deadline cuts every hop's timeout to what is left.
#include "catch_prelude.hpp"

#include "actor_fixture.hpp"
#include "actors/supervisor/supervisor.hpp"
#include "mail/engine.hpp"
#include "render/engine.hpp"

using namespace reportd;
using namespace reportd::testing;
using namespace std::chrono_literals;

namespace {

/// A store stub with report 1 of org 1 (to ops@x.org, as a PDF) and nothing else.
caf::behavior bundle_store() {
  return {
    [](get_atom, bundle_atom, std::int64_t org, std::int64_t id) -> caf::result<send_bundle> {
      if (org != 1 || id != 1)
        return to_error(model::not_found("report not found"));
      send_bundle b;
      b.report.id = 1;
      b.report.org_id = 1;
      b.report.name = "Weekly CPU";
      b.report.recipients = "ops@x.org";
      b.report.formats = {"pdf"};
      b.report.dashboards.resize(1);
      b.report.dashboards[0].dashboard.uid = "cpu";
      b.dashboards.resize(1);
      b.dashboards[0].uid = "cpu";
      b.dashboards[0].json = R"({"uid":"cpu","title":"CPU","panels":[]})";
      return b;
    },
  };
}

/// What the stubs saw.
struct seen {
  std::vector<std::string> rendered;           // report names
  std::vector<mail::message> mailed;
};

/// A renderer that answers a one-page PDF after `delay` (0: at once).
caf::behavior renderer_after(caf::event_based_actor* self, std::shared_ptr<seen> log, caf::timespan delay) {
  return {
    [=](render_atom, render::render_request& req) -> caf::result<render::render_result> {
      log->rendered.push_back(req.report_name);
      render::render_result out;
      out.pdfs.push_back({"Weekly CPU.pdf", "application/pdf", "%PDF-1.4 one page"});
      out.dashboard_titles.push_back("CPU");
      out.ranges_ms.emplace_back(0, 1);
      if (delay == caf::timespan{})
        return out;
      auto rp = self->make_response_promise<render::render_result>();
      self->delayed_send(self, delay, ok_atom::value);
      self->become(caf::keep_behavior, [=](ok_atom) mutable {
        rp.deliver(out);
        self->unbecome();
      });
      return rp;
    },
  };
}

caf::behavior failing_renderer() {
  return {[](render_atom, render::render_request&) -> caf::result<render::render_result> {
    return to_error({model::errc::render_failed, "panel \"Load\": query failed"});
  }};
}

caf::behavior silent_renderer(caf::event_based_actor* self) {
  return {[=](render_atom, render::render_request&) {
    return self->make_response_promise<render::render_result>();
  }};
}

caf::behavior accepting_mailer(std::shared_ptr<seen> log) {
  return {[=](send_atom, mail::message& m) -> caf::result<ok_atom> {
    log->mailed.push_back(std::move(m));
    return ok_atom::value;
  }};
}

caf::behavior refusing_mailer() {
  return {[](send_atom, mail::message&) -> caf::result<ok_atom> {
    return to_error({model::errc::mail_failed, "mail server refused the message: 550 mailbox unavailable"});
  }};
}

caf::behavior silent_mailer(caf::event_based_actor* self) {
  return {[=](send_atom, mail::message&) { return self->make_response_promise<ok_atom>(); }};
}

struct heavy_fixture : fixture {
  services svc;
  std::shared_ptr<client_view> client = std::make_shared<client_view>();
  std::shared_ptr<seen> log = std::make_shared<seen>();

  heavy_fixture() {
    svc.auth = caf::actor_cast<auth_actor>(stub(accepting_auth, admin_of(1)));
    svc.store = caf::actor_cast<store_actor>(stub(bundle_store));
    svc.timeouts = timeouts();  // auth 2 s, store 5 s, render 60 s, mail 60 s, deadline 120 s
  }

  void with(caf::actor renderer, caf::actor mailer) {
    svc.renderer = caf::actor_cast<renderer_actor>(renderer);
    svc.mailer = caf::actor_cast<mailer_actor>(mailer);
  }

  void send_report() {
    auto req = make_request("POST", "/api/reports/email", R"({"id":"1","useEmailsFromReport":true})");
    auto match = http::match_route(req.method, req.path);
    sys.spawn(supervisor, std::move(req), recording_responder(client), match, svc, front_actor{});
  }

  /// Advances the clock by `d` and runs what became due.
  void after(caf::timespan d) {
    sched.advance_time(d);
    sched.run();
  }

  std::string answer() const { return client->answer ? client->answer->body : std::string("<none>"); }

  /// Nothing is answered until exactly `t` from now; then a 500 whose message holds `says`.
  void expect_500_after(caf::timespan t, const std::string& says) {
    after(t - std::chrono::milliseconds(1));
    CHECK(client->answers == 0);
    after(std::chrono::milliseconds(1));
    REQUIRE(client->answers == 1);
    CHECK(client->answer->status == 500);
    CHECK(answer().find(says) != std::string::npos);
  }
};

}  // namespace

TEST_CASE_METHOD(heavy_fixture, "a report rendered and accepted by the mailer is 200 Report was sent") {
  with(stub(renderer_after, log, caf::timespan{}), stub(accepting_mailer, log));
  send_report();
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 200);
  CHECK(answer() == R"({"message":"Report was sent"})");
  CHECK(log->rendered == std::vector<std::string>{"Weekly CPU"});
  REQUIRE(log->mailed.size() == 1);
  CHECK(log->mailed[0].to == std::vector<std::string>{"ops@x.org"});
  REQUIRE(log->mailed[0].attachments.size() == 1);
  CHECK(log->mailed[0].attachments[0].filename == "Weekly CPU.pdf");
}

TEST_CASE_METHOD(heavy_fixture, "a failing render is a 500 with the renderer's message, and nothing is mailed") {
  with(stub(failing_renderer), stub(accepting_mailer, log));
  send_report();
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 500);
  CHECK(answer().find(R"("message":"panel \"Load\": query failed")") != std::string::npos);
  CHECK(answer().find(R"("traceID":"req-1")") != std::string::npos);
  CHECK(log->mailed.empty());
}

TEST_CASE_METHOD(heavy_fixture, "a render that never ends is a 500 after exactly the render timeout") {
  with(stub(silent_renderer), stub(accepting_mailer, log));
  send_report();
  sched.run();
  expect_500_after(60s, "report rendering timed out after 60 s");
  CHECK(log->mailed.empty());
}

TEST_CASE_METHOD(heavy_fixture, "a mail server refusing is a 500 with its reply") {
  with(stub(renderer_after, log, caf::timespan{}), stub(refusing_mailer));
  send_report();
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 500);
  CHECK(answer().find("mail server refused the message: 550 mailbox unavailable") != std::string::npos);
}

TEST_CASE_METHOD(heavy_fixture, "a mailer that never answers is a 500 after exactly the mail timeout") {
  with(stub(renderer_after, log, caf::timespan{}), stub(silent_mailer));
  send_report();
  sched.run();
  expect_500_after(60s, "mail delivery timed out after 60 s");
}

TEST_CASE_METHOD(heavy_fixture, "the deadline cuts the mail hop to what the render left") {
  svc.timeouts.deadline = 90s;
  with(stub(renderer_after, log, caf::timespan{50s}), stub(silent_mailer));
  send_report();
  sched.run();
  after(50s);  // the render answers; 40 s of the deadline are left for the mail hop
  REQUIRE(log->rendered.size() == 1);
  CHECK(client->answers == 0);
  expect_500_after(40s, "mail delivery timed out after 40 s");
}

TEST_CASE_METHOD(heavy_fixture, "the deadline cuts the render hop") {
  svc.timeouts.deadline = 30s;
  with(stub(silent_renderer), stub(accepting_mailer, log));
  send_report();
  sched.run();
  expect_500_after(30s, "report rendering timed out after 30 s");
}

TEST_CASE_METHOD(heavy_fixture, "the deadline cuts the store and auth hops") {
  caf::actor silent = stub([](caf::event_based_actor* self) -> caf::behavior {
    return {
      [=](get_atom, bundle_atom, std::int64_t, std::int64_t) { return self->make_response_promise<send_bundle>(); },
      [=](authenticate_atom, const credentials&) { return self->make_response_promise<model::principal>(); },
    };
  });
  with(stub(silent_renderer), stub(silent_mailer));
  SECTION("store") {
    svc.store = caf::actor_cast<store_actor>(silent);
    svc.timeouts.deadline = 3s;  // less than the store's 5 s
    send_report();
    sched.run();
    after(3s);
    CHECK(answer().find("report store timed out after 3 s") != std::string::npos);
  }
  SECTION("auth") {
    svc.auth = caf::actor_cast<auth_actor>(silent);
    svc.timeouts.deadline = 1500ms;  // less than auth's 2 s
    send_report();
    sched.run();
    after(1500ms);
    CHECK(answer().find("authentication timed out after 1500 ms") != std::string::npos);
  }
  CHECK(client->answers == 1);
}
