#pragma once
// Rate limits on failed password logins (CAF-free; the auth actor owns one and is its only
// user, so it is not thread-safe). Time is passed in, so tests drive it with a fake clock.
//
// Three token buckets, each refilling continuously over one window:
//  - per (login, source): `max_failures` failures per window. The tight limit: it stops one
//    client guessing one user's password, and it is the only one a typo-prone user meets.
//  - per source: `max_failures_per_source` failures per window over all logins. Stops one
//    address spraying passwords across many logins (loose, because many users may share
//    one NAT address).
//  - per login: `max_failures_per_login` failures per window over all sources, looser still.
//    It is NOT a lockout: when it runs dry, a source that has no recent failure for that
//    login may still try (and a correct password still logs in); only sources that already
//    failed for it are refused. So an attacker spread over many addresses gets one guess per
//    fresh address instead of `max_failures`, and cannot lock the real user out by failing
//    on purpose: the user's own address stays clean until the user fails.
// A source is the client's IP address; an IPv6 address counts by its /64 (one host usually
// owns a whole /64, so per-address limits would be trivial to dodge).
//
// Each attempt takes its tokens when it is admitted (before the password is checked), so
// concurrent attempts cannot overshoot the limit; a success gives them back and clears the
// (login, source) bucket; an attempt that got no verdict (overload) gives them back too.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reportd::auth {

struct login_limits {
  int max_failures = 5;               // per login and source ([security] login_max_failures)
  int max_failures_per_source = 100;  // per source, all logins
  int max_failures_per_login = 50;    // per login, all sources (see above: not a lockout)
  std::chrono::milliseconds window = std::chrono::minutes(5);  // login_failure_window
};

/// The source key of a peer address as the HTTP layer writes it ("1.2.3.4:5678",
/// "::1:5678", "::ffff:1.2.3.4:5678"): the IPv4 address, or the /64 prefix of an IPv6
/// address ("2001:db8:1:2::/64"). Unparseable text is used as it is.
std::string source_key(std::string_view remote);

class login_limiter {
public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;

  struct verdict {
    bool allowed = true;
    std::chrono::milliseconds retry_after{0};  // when refused: until the attempt may succeed
    std::string reason;                        // when refused: a sentence for the client
    bool took_login = false;  // when allowed: whether the per-login bucket gave a token
  };

  explicit login_limiter(login_limits limits, std::size_t max_entries = 100'000);

  /// Admits an attempt (taking its tokens) or refuses it without checking the password.
  verdict admit(std::string_view login, std::string_view source, time_point now);
  /// The admitted attempt logged in: its tokens back, the (login, source) record cleared.
  void succeeded(std::string_view login, std::string_view source, const verdict& admitted,
                 time_point now);
  /// The admitted attempt got no verdict (queue full, worker down): its tokens back.
  void cancelled(std::string_view login, std::string_view source, const verdict& admitted,
                 time_point now);
  // A failed attempt needs no call: its tokens stay taken.

  /// Recent failures (or attempts in flight) of a source, 0 for a clean one: the auth
  /// actor serves clean sources and logins first when password checks queue up.
  double source_debt(std::string_view source, time_point now) const;
  /// The same for a login, over all sources (a flood's target has a high one).
  double login_debt(std::string_view login, time_point now) const;

  /// Records held (for tests and the memory bound).
  std::size_t size() const { return pairs_.size() + sources_.size() + logins_.size(); }

private:
  struct bucket {
    double tokens = 0;  // failures still allowed
    time_point updated;
  };
  using table = std::unordered_map<std::string, bucket>;

  double level(const table& t, const std::string& key, double capacity, time_point now) const;
  void set(table& t, const std::string& key, double capacity, double tokens, time_point now);
  std::chrono::milliseconds until(double level, double wanted, double capacity) const;
  void refund(std::string_view login, std::string_view source, const verdict& admitted,
              time_point now, bool clear_pair);
  void make_room(table& t, double capacity, time_point now);

  login_limits limits_;
  std::size_t max_entries_;  // per table; past it the fullest buckets go first, then any
  table pairs_;    // lowercased login + '\n' + source
  table sources_;
  table logins_;   // lowercased login
};

}  // namespace reportd::auth
