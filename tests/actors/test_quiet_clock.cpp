// The quiet clock (actors/quiet_clock.hpp) on a real actor system, not the deterministic
// test scheduler: the clock it replaces is what fires every hop's timeout, so request
// timeouts must still fire, answered requests must not time out, and behaviour timeouts
// (`after`) must still come, with thousands of short-lived actors ending around them, some
// with timeouts still pending when they quit.
#include "catch_prelude.hpp"

#include <atomic>
#include <chrono>

#include <caf/all.hpp>

#include "actors/quiet_clock.hpp"

using namespace std::chrono_literals;

namespace {

using ask_atom = caf::atom_constant<caf::atom("qcask")>;
using done_atom = caf::atom_constant<caf::atom("qcdone")>;

struct clock_config : caf::actor_system_config {
  clock_config() {
    set("logger.verbosity", caf::atom("quiet"));
    set("scheduler.max-threads", size_t{2});
    reportd::use_quiet_clock(*this);
  }
};

/// Answers ask_atom with the number it was given, plus one.
caf::behavior echo() {
  return {[](ask_atom, int x) { return x + 1; }};
}

/// Never answers: the response promise is kept, never delivered.
caf::behavior silent(caf::event_based_actor* self) {
  auto kept = std::make_shared<std::vector<caf::response_promise>>();
  return {[=](ask_atom, int) -> caf::result<int> {
    kept->push_back(self->make_response_promise());
    return caf::delegated<int>{};
  }};
}

/// Asks `target` with a timeout and reports to `report` what came back: 1 for an answer,
/// 2 for a timeout, 3 for another error; quits after.
void asker(caf::event_based_actor* self, caf::actor target, caf::timespan timeout, caf::actor report) {
  self->request(target, timeout, ask_atom::value, 41)
    .then([=](int x) { self->send(report, done_atom::value, x == 42 ? 1 : 3); self->quit(); },
          [=](caf::error& e) {
            self->send(report, done_atom::value, e == caf::sec::request_timeout ? 2 : 3);
            self->quit();
          });
}

/// Counts the asker reports that reach `self` within `wait`, by kind.
std::array<int, 4> collect(caf::scoped_actor& self, int n, caf::timespan wait) {
  std::array<int, 4> kinds{};
  for (int i = 0; i < n; ++i) {
    bool got = false;
    self->receive([&](done_atom, int kind) { kinds[kind] += 1; got = true; },
                  caf::after(wait) >> [] {});
    if (!got)
      break;
  }
  return kinds;
}

}  // namespace

TEST_CASE("quiet clock: request timeouts fire and answered requests do not time out") {
  clock_config cfg;
  caf::actor_system sys{cfg};
  REQUIRE(reportd::uses_quiet_clock(sys));
  caf::scoped_actor self{sys};
  auto answering = sys.spawn(echo);
  auto mute = sys.spawn(silent);
  // Interleaved: actors that end with no timeout at all (the case the clock skips), actors
  // whose request was answered, and actors whose request times out.
  for (int i = 0; i < 2000; ++i) {
    sys.spawn([](caf::event_based_actor* s) { s->quit(); });
    sys.spawn(asker, answering, caf::timespan{10s}, caf::actor{self});
    if (i % 100 == 0)
      sys.spawn(asker, mute, caf::timespan{50ms}, caf::actor{self});
  }
  auto kinds = collect(self, 2020, 5s);
  CHECK(kinds[1] == 2000);  // every answered request got its answer
  CHECK(kinds[2] == 20);    // every unanswered one timed out
  CHECK(kinds[3] == 0);
  self->send_exit(answering, caf::exit_reason::user_shutdown);
  self->send_exit(mute, caf::exit_reason::user_shutdown);
}

TEST_CASE("quiet clock: an actor that quits with its request timeout pending, and behaviour timeouts") {
  clock_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto mute = sys.spawn(silent);
  for (int i = 0; i < 500; ++i)
    sys.spawn([mute](caf::event_based_actor* s) {
      s->request(mute, 10s, ask_atom::value, 1).then([](int) {}, [](caf::error&) {});
      s->quit();  // its timeout is still with the clock: cancelled at its end
    });
  // A behaviour timeout set after all of that still fires.
  auto report = caf::actor{self};
  sys.spawn([report](caf::event_based_actor* s) -> caf::behavior {
    return {caf::after(100ms) >> [=] {
      s->send(report, done_atom::value, 1);
      s->quit();
    }};
  });
  auto kinds = collect(self, 1, 5s);
  CHECK(kinds[1] == 1);
  self->send_exit(mute, caf::exit_reason::user_shutdown);
}
