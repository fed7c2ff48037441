#pragma once
// Admission of heavy requests (sends and renders), sized to what the render workers can
// finish inside a request's render budget. CAF-free, owned by the front actor (one writer).
//
// With W workers each taking about S seconds per job, the request admitted with N heavy
// requests in flight (itself included) finishes after about ceil(N / W) * S; it finishes
// inside the budget D while N <= W * D / S. S is learnt from answered requests: a request
// that took L seconds with N in flight when it was admitted took about L / ceil(N / W)
// itself (its share of the queue wait removed), averaged (EWMA). Until a first answer S is
// assumed to be D / 8, so a burst right after start is admitted 8 deep per worker rather than
// at the configured bound; the first answer replaces that guess.
#include <cstdint>

namespace reportd {

class heavy_admission {
public:
  struct params {
    int workers = 2;               // [reporting] render_workers
    double budget_s = 60;          // [reporting] render_timeout, seconds
    std::int64_t max_in_flight = 256;  // [server] max_inflight_heavy: never more, whatever S is
  };

  explicit heavy_admission(params p);

  /// How many heavy requests may be in flight: W * D * headroom / S, at least W (every worker
  /// may always try one) and at most max_in_flight.
  std::int64_t limit() const;

  /// Whether one more request may start with `in_flight` already in flight.
  bool admit(std::int64_t in_flight) const { return in_flight < limit(); }

  /// A heavy request admitted with `in_flight_at_admission` in flight (itself included) was
  /// answered after `seconds`.
  void observe(double seconds, std::int64_t in_flight_at_admission);

  /// Refuses one request at `now_s` (any steady clock, seconds) and says in whole seconds
  /// when to come back: about when the `in_flight` requests and the clients already told to
  /// come back (a backlog that drains at the rate the workers finish jobs) are through. So
  /// the answer grows with the queue and spreads the retries (at least 1 s, at most ten
  /// budgets).
  std::int64_t refuse(std::int64_t in_flight, double now_s);

  /// The render workers there are now (remote workers join and leave); at least 1.
  void set_workers(int workers) { p_.workers = workers > 0 ? workers : 1; }

  /// The learnt time of one job, seconds.
  double typical_job_s() const { return job_s_; }

private:
  params p_;
  double job_s_;
  bool measured_ = false;   // job_s_ is still the start-up guess
  double backlog_ = 0;      // refused clients due back, as of backlog_at_
  double backlog_at_ = 0;
};

}  // namespace reportd
