// The request supervisor against stub peers on the deterministic scheduler: every failure
// of a peer becomes the documented status, exactly once, after exactly its timeout.
#include "catch_prelude.hpp"

#include "actor_fixture.hpp"
#include "actors/front/front.hpp"
#include "actors/supervisor/supervisor.hpp"
#include "auth/principal_cache.hpp"

using namespace reportd;
using namespace reportd::testing;
using namespace std::chrono_literals;

namespace {

caf::behavior refusing_auth() {
  return {[](authenticate_atom, const credentials&) -> caf::result<model::principal> {
    return to_error({model::errc::unauthenticated, "invalid API key"});
  }};
}

/// A store stub holding one report (id 1, org 1).
caf::behavior one_report_store() {
  return {
    [](get_atom, report_atom, std::int64_t org, std::int64_t id) -> caf::result<model::report> {
      if (org != 1 || id != 1)
        return to_error(model::not_found("report not found"));
      model::report r;
      r.id = 1;
      r.org_id = 1;
      r.name = "Weekly CPU";
      return r;
    },
  };
}

/// A store stub that accepts requests and never answers them.
caf::behavior silent_store(caf::event_based_actor* self) {
  return {
    [=](get_atom, report_atom, std::int64_t, std::int64_t) {
      return self->make_response_promise<model::report>();
    },
    [=](create_atom, model::report&) { return self->make_response_promise<std::int64_t>(); },
  };
}

struct supervisor_fixture : fixture {
  services svc;
  std::shared_ptr<client_view> client = std::make_shared<client_view>();

  void with(caf::actor auth, caf::actor store) {
    svc.auth = caf::actor_cast<auth_actor>(auth);
    svc.store = caf::actor_cast<store_actor>(store);
    svc.timeouts = timeouts();
  }

  void start(http::request req) {
    auto match = http::match_route(req.method, req.path);
    sys.spawn(supervisor, std::move(req), recording_responder(client), match, svc, front_actor{});
  }
};

}  // namespace

TEST_CASE_METHOD(supervisor_fixture, "a known report is answered 200 with its JSON") {
  with(stub(accepting_auth, admin_of(1)), stub(one_report_store));
  start(make_request("GET", "/api/reports/1"));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 200);
  CHECK(client->answer->body.find("\"name\":\"Weekly CPU\"") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "another org's report is a 404") {
  with(stub(accepting_auth, admin_of(2)), stub(one_report_store));
  start(make_request("GET", "/api/reports/1"));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 404);
  CHECK(client->answer->body == R"({"message":"report not found"})");
}

TEST_CASE_METHOD(supervisor_fixture, "auth refusing is a 401 with its message") {
  with(stub(refusing_auth), stub(one_report_store));
  start(make_request("GET", "/api/reports/1"));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 401);
  CHECK(client->answer->body == R"({"message":"invalid API key"})");
}

TEST_CASE_METHOD(supervisor_fixture, "a viewer creating a report is a 403 in the access-denied shape") {
  with(stub(accepting_auth, admin_of(1, model::role::viewer)), stub(silent_store));
  start(make_request("POST", "/api/reports", R"({"name":"x","state":"draft"})"));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 403);
  CHECK(client->answer->body.find("\"accessErrorId\":\"ACE") != std::string::npos);
  CHECK(client->answer->body.find("Permissions needed: reports:create") != std::string::npos);
  CHECK(client->answer->body.find("\"title\":\"Access denied\"") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "a store that never answers is a 500 naming the step after exactly its timeout") {
  with(stub(accepting_auth, admin_of(1)), stub(silent_store));
  start(make_request("GET", "/api/reports/1"));
  sched.run();
  CHECK(client->answers == 0);
  sched.advance_time(5s - 1ms);
  sched.run();
  CHECK(client->answers == 0);
  sched.advance_time(1ms);
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 500);
  CHECK(client->answer->body.find("report store timed out after 5 s") != std::string::npos);
  CHECK(client->answer->body.find("\"traceID\":\"req-1\"") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "a dead store is a 500, not a hang") {
  auto store = stub(one_report_store);
  caf::anon_send_exit(store, caf::exit_reason::kill);
  sched.run();
  with(stub(accepting_auth, admin_of(1)), store);
  start(make_request("GET", "/api/reports/1"));
  sched.run();
  sched.trigger_timeouts();
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 500);
  CHECK(client->answer->body.find("report store") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "a supervisor killed mid-request still answers 500 through its dropped responder") {
  with(stub(accepting_auth, admin_of(1)), stub(silent_store));
  auto req = make_request("GET", "/api/reports/1");
  auto match = http::match_route(req.method, req.path);
  auto sup = sys.spawn(supervisor, std::move(req), recording_responder(client), match, svc, front_actor{});
  sched.run();
  CHECK(client->answers == 0);
  caf::anon_send_exit(sup, caf::exit_reason::kill);
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 500);
  CHECK(client->answer->body.find("\"traceID\":\"req-1\"") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "a malformed body is a 400 and the store is never asked") {
  with(stub(accepting_auth, admin_of(1)), stub(silent_store));
  start(make_request("POST", "/api/reports", R"({"name": "x", )"));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 400);
  CHECK(client->answer->body.find("JSON") != std::string::npos);
}

TEST_CASE_METHOD(supervisor_fixture, "past the admission limit the front answers 503 with Retry-After at once") {
  with(stub(accepting_auth, admin_of(1)), stub(silent_store));
  auto front_handle = sys.spawn(front, svc, admission_limits{1, 1});
  spawned.push_back(caf::actor_cast<caf::actor>(front_handle));
  auto first = std::make_shared<client_view>();
  auto second = std::make_shared<client_view>();
  caf::anon_send(front_handle, make_request("GET", "/api/reports/1"), recording_responder(first));
  sched.run();
  caf::anon_send(front_handle, make_request("GET", "/api/reports/1"), recording_responder(second, "req-2"));
  sched.run();
  CHECK(first->answers == 0);
  REQUIRE(second->answers == 1);
  CHECK(second->answer->status == 503);
  bool retry_after = false;
  for (auto& h : second->answer->headers)
    retry_after |= h.first == "Retry-After";
  CHECK(retry_after);
  // Once the first one finishes (its store hop times out), a new request is admitted.
  sched.advance_time(5s);
  sched.run();
  CHECK(first->answers == 1);
  auto third = std::make_shared<client_view>();
  caf::anon_send(front_handle, make_request("GET", "/api/reports/1"), recording_responder(third, "req-3"));
  sched.run();
  CHECK(third->answers == 0);  // admitted: waiting on the silent store, not refused
}

TEST_CASE_METHOD(supervisor_fixture, "unknown routes are 404 and unknown methods 405, without auth") {
  with(stub(refusing_auth), stub(silent_store));
  auto front_handle = sys.spawn(front, svc, admission_limits{});
  spawned.push_back(caf::actor_cast<caf::actor>(front_handle));
  auto a = std::make_shared<client_view>();
  auto b = std::make_shared<client_view>();
  caf::anon_send(front_handle, make_request("GET", "/api/nothing"), recording_responder(a));
  caf::anon_send(front_handle, make_request("PATCH", "/api/reports/1"), recording_responder(b));
  sched.run();
  REQUIRE(a->answers == 1);
  CHECK(a->answer->status == 404);
  REQUIRE(b->answers == 1);
  CHECK(b->answer->status == 405);
}

namespace {

/// An auth stub that counts the requests it is asked, accepting each as org 1's admin.
caf::behavior counting_auth(std::shared_ptr<int> asked) {
  return {[=](authenticate_atom, const credentials&) -> caf::result<model::principal> {
    *asked += 1;
    return admin_of(1);
  }};
}

}  // namespace

TEST_CASE_METHOD(supervisor_fixture, "malformed credentials are a 401 without asking the auth actor") {
  auto asked = std::make_shared<int>(0);
  with(stub(counting_auth, asked), stub(one_report_store));
  start(make_request("GET", "/api/reports/1", {}, "Bearer glsa_not-a-token"));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 401);
  CHECK(client->answer->body == R"({"message":"invalid service account token"})");
  CHECK(*asked == 0);
}

TEST_CASE_METHOD(supervisor_fixture, "credentials in the auth cache are answered without asking the auth actor") {
  auto asked = std::make_shared<int>(0);
  with(stub(counting_auth, asked), stub(one_report_store));
  svc.auth_cache = std::make_shared<auth::principal_cache>(10s);
  auto token = "Bearer " + test_token();
  svc.auth_cache->put(svc.auth_cache->key(token, ""), admin_of(1), sys.clock().now());
  start(make_request("GET", "/api/reports/1", {}, token));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 200);
  CHECK(*asked == 0);
  // Another token, or the same one for another org, is not in the cache: the actor is asked.
  client = std::make_shared<client_view>();
  auto other = make_request("GET", "/api/reports/1", {}, token);
  other.org_id_header = "1";
  start(std::move(other));
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 200);
  CHECK(*asked == 1);
}
