// The auth actor's cache in front of its look-up worker, on the deterministic clock: a hit
// is answered without the database until the TTL passes; the same token for another org is
// never served from the cache; a TTL of 0 caches nothing.
#include "catch_prelude.hpp"

#include "actor_fixture.hpp"
#include "actors/auth/auth.hpp"

using namespace reportd;
using namespace reportd::testing;
using namespace std::chrono_literals;

namespace {

/// A look-up stub: every call is counted; the principal is of the org the header names.
auth_actor::behavior_type counting_lookup(auth_actor::pointer, std::shared_ptr<int> calls) {
  return {[=](authenticate_atom, const credentials& c) -> caf::result<model::principal> {
    *calls += 1;
    if (c.authorization != "Bearer good")
      return to_error({model::errc::unauthenticated, "invalid API key"});
    return admin_of(c.org_id_header.empty() ? 1 : std::stoll(c.org_id_header));
  }};
}

struct auth_fixture : fixture {
  std::shared_ptr<int> calls = std::make_shared<int>(0);
  auth_actor cache;

  explicit auth_fixture(std::chrono::milliseconds ttl = 10s) {
    auto lookup = sys.spawn(counting_lookup, calls);
    auth_options opt;
    opt.cache_ttl = ttl;
    cache = sys.spawn(authenticator, lookup, std::vector<auth_actor>{lookup}, opt);
    spawned.push_back(caf::actor_cast<caf::actor>(cache));
  }

  /// The org the cache answers for these credentials, or -1 for an error.
  std::int64_t ask(std::string authorization, std::string org = {}) {
    std::int64_t answer = 0;
    auto client = sys.spawn([&](caf::event_based_actor* self) {
      self->request(cache, caf::infinite, authenticate_atom::value,
                    credentials{std::move(authorization), std::move(org)})
        .then([&](const model::principal& who) { answer = who.org_id; },
              [&](const caf::error&) { answer = -1; });
    });
    sched.run();
    return answer;
  }
};

}  // namespace

TEST_CASE_METHOD(auth_fixture, "a cached principal is answered without a look-up until the TTL passes") {
  CHECK(ask("Bearer good") == 1);
  CHECK(*calls == 1);
  sched.advance_time(10s - 1ms);
  CHECK(ask("Bearer good") == 1);
  CHECK(*calls == 1);  // served from the cache
  sched.advance_time(1ms);
  CHECK(ask("Bearer good") == 1);
  CHECK(*calls == 2);  // expired: looked up again (a revoked token stops working after the TTL)
}

TEST_CASE_METHOD(auth_fixture, "the same token for another org is looked up, not served from the cache") {
  CHECK(ask("Bearer good", "1") == 1);
  CHECK(ask("Bearer good", "2") == 2);
  CHECK(*calls == 2);
  CHECK(ask("Bearer good", "2") == 2);
  CHECK(ask("Bearer good", "1") == 1);
  CHECK(*calls == 2);
}

TEST_CASE_METHOD(auth_fixture, "a refusal is not cached") {
  CHECK(ask("Bearer bad") == -1);
  CHECK(ask("Bearer bad") == -1);
  CHECK(*calls == 2);
}

TEST_CASE("a TTL of 0 caches nothing") {
  auth_fixture f(0ms);
  CHECK(f.ask("Bearer good") == 1);
  CHECK(f.ask("Bearer good") == 1);
  CHECK(*f.calls == 2);
}
