// The failed-login limiter on a fake clock: N failures per (login, source) and window, a
// looser per-source limit, a per-login limit that never locks out a clean source, and the
// source key of the addresses the HTTP layer reports.
#include "catch_prelude.hpp"

#include "auth/login_limiter.hpp"

using namespace reportd::auth;
using namespace std::chrono_literals;

namespace {

struct clocked {
  login_limiter::time_point now{};  // any origin: only differences count
  login_limiter lim;
  explicit clocked(login_limits l) : lim(l) {}

  /// One attempt that fails (admitted and never succeeded); false when refused.
  bool fail(const std::string& login, const std::string& source) {
    return lim.admit(login, source, now).allowed;
  }
};

login_limits limits(int pair, int source, int login, std::chrono::milliseconds window = 60s) {
  login_limits l;
  l.max_failures = pair;
  l.max_failures_per_source = source;
  l.max_failures_per_login = login;
  l.window = window;
  return l;
}

}  // namespace

TEST_CASE("after N failures of one login from one source the next attempt is refused until a failure's share of the window passes") {
  clocked c(limits(3, 100, 100, 60s));
  for (int i = 0; i < 3; ++i)
    CHECK(c.fail("alice", "10.0.0.1"));
  auto v = c.lim.admit("alice", "10.0.0.1", c.now);
  CHECK_FALSE(v.allowed);
  CHECK(v.reason == "too many failed logins for this user from your address");
  CHECK(v.retry_after == 20s);  // one of 3 failures refills every 60 s / 3
  c.now += 20s - 1ms;
  CHECK_FALSE(c.lim.admit("alice", "10.0.0.1", c.now).allowed);
  c.now += 1ms;
  CHECK(c.fail("alice", "10.0.0.1"));
  CHECK_FALSE(c.lim.admit("alice", "10.0.0.1", c.now).allowed);
  c.now += 60s;  // a whole window: all of them back
  for (int i = 0; i < 3; ++i)
    CHECK(c.fail("alice", "10.0.0.1"));
}

TEST_CASE("failures from one source do not refuse the same login from another source, nor another login") {
  clocked c(limits(3, 100, 100));
  for (int i = 0; i < 3; ++i)
    CHECK(c.fail("alice", "10.0.0.1"));
  CHECK_FALSE(c.lim.admit("alice", "10.0.0.1", c.now).allowed);
  CHECK(c.lim.admit("alice", "10.0.0.2", c.now).allowed);
  CHECK(c.lim.admit("bob", "10.0.0.1", c.now).allowed);
}

TEST_CASE("a login's case variants count as one login") {
  clocked c(limits(2, 100, 100));
  CHECK(c.fail("Alice", "10.0.0.1"));
  CHECK(c.fail("ALICE", "10.0.0.1"));
  CHECK_FALSE(c.lim.admit("alice", "10.0.0.1", c.now).allowed);
}

TEST_CASE("a success gives its tokens back and clears the login's failures from that source") {
  clocked c(limits(3, 5, 100));
  CHECK(c.fail("alice", "10.0.0.1"));
  CHECK(c.fail("alice", "10.0.0.1"));
  auto ok = c.lim.admit("alice", "10.0.0.1", c.now);
  REQUIRE(ok.allowed);
  c.lim.succeeded("alice", "10.0.0.1", ok, c.now);
  // Three more failures allowed for alice (cleared), and the source has 5 - 2 left.
  for (int i = 0; i < 3; ++i)
    CHECK(c.fail("alice", "10.0.0.1"));
  CHECK_FALSE(c.lim.admit("alice", "10.0.0.1", c.now).allowed);
  CHECK(c.lim.source_debt("10.0.0.1", c.now) == Approx(5));
}

TEST_CASE("a cancelled attempt (no verdict) counts as nothing") {
  clocked c(limits(2, 100, 100));
  for (int i = 0; i < 10; ++i) {
    auto v = c.lim.admit("alice", "10.0.0.1", c.now);
    REQUIRE(v.allowed);
    c.lim.cancelled("alice", "10.0.0.1", v, c.now);
  }
  CHECK(c.lim.size() == 0);  // all buckets full again: nothing held
}

TEST_CASE("one source spraying many logins is refused by the per-source limit") {
  clocked c(limits(3, 10, 100, 60s));
  for (int i = 0; i < 10; ++i)
    CHECK(c.fail("user" + std::to_string(i), "10.0.0.9"));
  auto v = c.lim.admit("fresh", "10.0.0.9", c.now);
  CHECK_FALSE(v.allowed);
  CHECK(v.reason == "too many failed logins from your address");
  CHECK(v.retry_after == 6s);
  CHECK(c.lim.admit("fresh", "10.0.0.10", c.now).allowed);  // other addresses unaffected
  CHECK(c.lim.source_debt("10.0.0.9", c.now) == Approx(10));
  CHECK(c.lim.source_debt("10.0.0.10", c.now) == Approx(1));
  CHECK(c.lim.source_debt("10.0.0.11", c.now) == Approx(0));
}

TEST_CASE("a distributed attack exhausts the per-login limit, yet a clean source may still try, once") {
  clocked c(limits(5, 100, 4));
  for (int i = 0; i < 4; ++i)
    CHECK(c.fail("alice", "10.1.0." + std::to_string(i)));
  // The per-login bucket is dry: a source that already failed for alice is refused...
  auto v = c.lim.admit("alice", "10.1.0.0", c.now);
  CHECK_FALSE(v.allowed);
  CHECK(v.reason == "too many failed logins for this user");
  // ...an attacker's fresh address gets one guess, not five...
  CHECK(c.fail("alice", "10.1.0.99"));
  CHECK_FALSE(c.lim.admit("alice", "10.1.0.99", c.now).allowed);
  // ...and alice's own address, clean, is admitted: her right password logs her in.
  auto own = c.lim.admit("alice", "192.168.1.5", c.now);
  REQUIRE(own.allowed);
  CHECK_FALSE(own.took_login);
  c.lim.succeeded("alice", "192.168.1.5", own, c.now);
  auto again = c.lim.admit("alice", "192.168.1.5", c.now);
  CHECK(again.allowed);
}

TEST_CASE("memory stays bounded under a flood of distinct logins and sources") {
  login_limiter lim(limits(5, 5, 5), 1000);
  login_limiter::time_point now{};
  for (int i = 0; i < 20000; ++i)
    lim.admit("user" + std::to_string(i), "10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250), now);
  CHECK(lim.size() <= 3 * 1000);
}

TEST_CASE("the source of a peer is its IPv4 address, or its IPv6 /64, without the port") {
  CHECK(source_key("127.0.0.1:40312") == "127.0.0.1");
  CHECK(source_key("::ffff:192.0.2.7:443") == "192.0.2.7");
  CHECK(source_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd:5000") == "2001:db8:1:2::/64");
  CHECK(source_key("2001:db8:1:2::9:5000") == "2001:db8:1:2::/64");
  CHECK(source_key("::1:5000") == "::/64");
  CHECK(source_key("unknown") == "unknown");
}
