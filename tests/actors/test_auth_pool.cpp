// The auth actor under a login flood, on the deterministic scheduler with stub workers:
// password checks run on their own bounded pool (a full queue is a 503 with Retry-After at
// once, the cleanest source first), tokens never wait behind them, failed logins are limited
// per login and source (429 without a check), and the supervisor turns both into answers
// with Retry-After, never a 500.
#include "catch_prelude.hpp"

#include "actor_fixture.hpp"
#include "actors/auth/auth.hpp"
#include "actors/supervisor/supervisor.hpp"
#include "auth/encoding.hpp"
#include "auth/token.hpp"
#include "http/router.hpp"

using namespace reportd;
using namespace reportd::testing;
using namespace std::chrono_literals;

namespace {

std::string basic(const std::string& login, const std::string& password) {
  return "Basic " + auth::detail::base64_encode(login + ":" + password);
}

/// Password checks the stub workers hold until the test answers them.
struct held_checks {
  struct call {
    credentials creds;
    caf::typed_response_promise<model::principal> rp;
    caf::actor worker;
  };
  std::vector<call> calls;
  std::size_t answered = 0;
};

/// A password worker that holds each check until told (ok_atom, index) to answer it: a
/// principal for the password "right", else 401. A promise is delivered by the actor that
/// made it, inside its own handler.
caf::behavior holding_worker(caf::event_based_actor* self, std::shared_ptr<held_checks> h) {
  return {
    [=](authenticate_atom, credentials& c) {
      auto rp = self->make_response_promise<model::principal>();
      h->calls.push_back({std::move(c), rp, caf::actor_cast<caf::actor>(self)});
      return rp;
    },
    [=](ok_atom, std::size_t i) {
      auto& [c, rp, worker] = h->calls[i];
      auto b = auth::parse_basic(c.authorization);
      if (b && b->password == "right") {
        auto who = admin_of(1);
        who.login = b->login;
        rp.deliver(who);
      } else {
        rp.deliver(to_error({model::errc::unauthenticated, "invalid username or password"}));
      }
    },
  };
}

/// The token worker: "Bearer good" is an admin, anything else a 401; counts its calls.
auth_actor::behavior_type token_worker(auth_actor::pointer, std::shared_ptr<int> calls) {
  return {[=](authenticate_atom, const credentials& c) -> caf::result<model::principal> {
    *calls += 1;
    if (c.authorization != "Bearer good")
      return to_error({model::errc::unauthenticated, "invalid API key"});
    return admin_of(1);
  }};
}

/// What one client got from the auth actor.
struct outcome {
  bool done = false;
  bool ok = false;
  std::string login;
  caf::error error;
  std::optional<auth_refusal> refusal() const { return auth_refusal_of(error); }
};

auth_options small_pool() {
  auth_options o;
  o.password_queue = 2;
  o.max_wait = 1s;
  o.limits = {3, 100, 100, 60s};
  return o;
}

struct pool_fixture : fixture {
  std::shared_ptr<held_checks> checks = std::make_shared<held_checks>();
  std::shared_ptr<int> token_calls = std::make_shared<int>(0);
  auth_actor front;

  explicit pool_fixture(auth_options opt = small_pool()) {
    auto tokens = sys.spawn(token_worker, token_calls);
    std::vector<auth_actor> passwords{caf::actor_cast<auth_actor>(sys.spawn(holding_worker, checks)),
                                      caf::actor_cast<auth_actor>(sys.spawn(holding_worker, checks))};
    front = sys.spawn(authenticator, tokens, passwords, opt);
    spawned.push_back(caf::actor_cast<caf::actor>(front));
  }

  /// Sends one request and runs the scheduler; the outcome fills in when answered.
  std::shared_ptr<outcome> ask(std::string authorization, std::string source = "10.0.0.1:5000") {
    auto out = std::make_shared<outcome>();
    sys.spawn([=](caf::event_based_actor* self) {
      self->request(front, caf::infinite, authenticate_atom::value,
                    credentials{authorization, {}, source})
        .then(
          [=](const model::principal& who) {
            out->done = out->ok = true;
            out->login = who.login;
          },
          [=](const caf::error& e) {
            out->done = true;
            out->error = e;
          });
    });
    sched.run();
    return out;
  }

  /// Answers the oldest unanswered password check.
  void answer_next() {
    REQUIRE(checks->answered < checks->calls.size());
    auto i = checks->answered++;
    caf::anon_send(checks->calls[i].worker, ok_atom::value, i);
    sched.run();
  }
};

bool is_401(const outcome& o) {
  return o.done && !o.ok && o.error.category() == error_category &&
         o.error.code() == static_cast<std::uint8_t>(model::errc::unauthenticated);
}

}  // namespace

TEST_CASE_METHOD(pool_fixture, "a token is answered while every password worker is busy and checks are queued") {
  auto a = ask(basic("u1", "x"));
  auto b = ask(basic("u2", "x"));
  auto c = ask(basic("u3", "x"));
  CHECK(checks->calls.size() == 2);  // two workers busy, one check queued
  auto t = ask("Bearer good");
  CHECK(t->ok);
  CHECK(*token_calls == 1);
  CHECK_FALSE(a->done);
  CHECK_FALSE(c->done);
  auto bad = ask("Bearer bad");
  CHECK(is_401(*bad));
  auto none = ask("");  // no credentials at all: the token worker says why, no password check
  CHECK(is_401(*none));
  CHECK(checks->calls.size() == 2);
}

TEST_CASE_METHOD(pool_fixture, "with every worker busy and the queue full, a check is refused 503 at once with Retry-After") {
  std::vector<std::shared_ptr<outcome>> admitted;
  for (int i = 0; i < 4; ++i)  // 2 running, 2 queued
    admitted.push_back(ask(basic("user" + std::to_string(i), "x")));
  auto refused = ask(basic("user4", "x"));
  REQUIRE(refused->done);
  auto r = refused->refusal();
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(r->retry_after_s >= 1);
  CHECK(r->message.find("too many logins are being checked") != std::string::npos);
  CHECK(checks->calls.size() == 2);
  // A worker frees: the first queued check runs.
  answer_next();
  CHECK(is_401(*admitted[0]));
  CHECK(checks->calls.size() == 3);
  CHECK(checks->calls[2].creds.authorization == basic("user2", "x"));
}

TEST_CASE_METHOD(pool_fixture, "a login from a clean source takes a queued place from a flooding source and is checked first") {
  std::vector<std::shared_ptr<outcome>> flood;
  for (int i = 0; i < 4; ++i)
    flood.push_back(ask(basic("user" + std::to_string(i), "x"), "10.9.9.9:1000"));
  auto legit = ask(basic("alice", "right"), "192.168.1.5:2000");
  // The most indebted queued check (the flood's latest) gave up its place.
  REQUIRE(flood[3]->done);
  REQUIRE(flood[3]->refusal());
  CHECK(flood[3]->refusal()->status == 503);
  CHECK_FALSE(legit->done);
  answer_next();  // a worker frees: alice goes before the flood's queued user2
  CHECK(checks->calls.size() == 3);
  CHECK(checks->calls[2].creds.authorization == basic("alice", "right"));
  answer_next();
  answer_next();
  CHECK(legit->ok);
  CHECK(legit->login == "alice");
}

TEST_CASE_METHOD(pool_fixture, "after N wrong passwords from one source the next is a 429 without a check, until its share of the window passed") {
  for (int i = 0; i < 3; ++i) {
    auto o = ask(basic("victim", "guess" + std::to_string(i)));
    answer_next();
    CHECK(is_401(*o));
  }
  auto refused = ask(basic("victim", "right"));
  REQUIRE(refused->done);
  REQUIRE(refused->refusal());
  CHECK(refused->refusal()->status == 429);
  CHECK(refused->refusal()->retry_after_s == 20);  // 60 s window / 3 failures
  CHECK(refused->refusal()->message ==
        "too many failed logins for this user from your address; try again in 20 s");
  CHECK(checks->calls.size() == 3);  // no PBKDF2 for a refused attempt
  // The same login from another address, and another login from this one, are checked.
  auto elsewhere = ask(basic("victim", "right"), "10.0.0.2:5000");
  answer_next();
  CHECK(elsewhere->ok);
  auto other = ask(basic("alice", "right"));
  answer_next();
  CHECK(other->ok);
  sched.advance_time(20s);
  auto later = ask(basic("victim", "right"));
  answer_next();
  CHECK(later->ok);
}

TEST_CASE_METHOD(pool_fixture, "a check that waited in the queue longer than max_wait is answered 503 instead of run") {
  ask(basic("u1", "x"));
  ask(basic("u2", "x"));
  auto queued = ask(basic("u3", "x"));
  sched.advance_time(1s + 1ms);
  answer_next();
  REQUIRE(queued->done);
  REQUIRE(queued->refusal());
  CHECK(queued->refusal()->status == 503);
  CHECK(checks->calls.size() == 2);
}

TEST_CASE("a verified Basic credential is served from the cache until the TTL passes; a refusal is not cached") {
  auto opt = small_pool();
  opt.cache_ttl = 10s;
  pool_fixture f(opt);
  auto first = f.ask(basic("alice", "right"));
  f.answer_next();
  CHECK(first->ok);
  CHECK(f.ask(basic("alice", "right"))->ok);
  CHECK(f.checks->calls.size() == 1);
  auto wrong = f.ask(basic("alice", "wrong"));
  f.answer_next();
  CHECK(is_401(*wrong));
  f.ask(basic("alice", "wrong"));
  CHECK(f.checks->calls.size() == 3);
  f.sched.advance_time(10s);
  f.ask(basic("alice", "right"));
  CHECK(f.checks->calls.size() == 4);
}

// --- the supervisor's answers ---

namespace {

caf::behavior refusing_with(auth_refusal r) {
  return {[=](authenticate_atom, const credentials&) -> caf::result<model::principal> {
    return to_error(r);
  }};
}

caf::behavior silent_auth(caf::event_based_actor* self) {
  return {[=](authenticate_atom, const credentials&) {
    return self->make_response_promise<model::principal>();
  }};
}

struct answering_fixture : fixture {
  std::shared_ptr<client_view> client = std::make_shared<client_view>();

  void start(caf::actor auth) {
    services svc;
    svc.auth = caf::actor_cast<auth_actor>(auth);
    svc.timeouts = timeouts();
    auto req = make_request("GET", "/api/reports", {}, basic("victim", "x"));
    auto match = http::match_route(req.method, req.path);
    sys.spawn(supervisor, std::move(req), recording_responder(client), match, svc, front_actor{});
    sched.run();
  }

  std::string retry_after() const {
    for (const auto& [k, v] : client->answer->headers)
      if (k == "Retry-After")
        return v;
    return {};
  }
};

}  // namespace

TEST_CASE_METHOD(answering_fixture, "too many failed logins is a 429 with Retry-After and the reason") {
  start(stub(refusing_with, auth_refusal{429, 20, "too many failed logins for this user from your address; try again in 20 s"}));
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 429);
  CHECK(retry_after() == "20");
  CHECK(client->answer->body ==
        R"({"message":"too many failed logins for this user from your address; try again in 20 s"})");
}

TEST_CASE_METHOD(answering_fixture, "busy password workers are a 503 with Retry-After") {
  start(stub(refusing_with, auth_refusal{503, 3, "too many logins are being checked; try again in 3 s"}));
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 503);
  CHECK(retry_after() == "3");
}

TEST_CASE_METHOD(answering_fixture, "an auth hop that times out is a 503 with Retry-After, not a 500") {
  start(stub(silent_auth));
  CHECK(client->answers == 0);
  sched.advance_time(2s);
  sched.run();
  REQUIRE(client->answers == 1);
  CHECK(client->answer->status == 503);
  CHECK(retry_after() == "1");
  CHECK(client->answer->body == R"({"message":"authentication timed out after 2 s"})");
}
