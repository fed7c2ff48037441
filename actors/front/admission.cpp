#include "actors/front/admission.hpp"

#include <algorithm>
#include <cmath>

namespace reportd {
namespace {

// A fifth of the budget is kept free: job times vary around their average, and the hops
// after the render (mail) need time inside the same request.
constexpr double headroom = 0.8;
constexpr double weight = 0.25;          // of a new observation in the average
constexpr double shortest_job_s = 0.001;  // a floor, so the division stays finite
constexpr double rounding = 1e-6;        // an average a hair off a whole number counts as it

}  // namespace

heavy_admission::heavy_admission(params p) : p_(p), job_s_(0) {
  p_.workers = std::max(1, p_.workers);
  p_.budget_s = std::max(p_.budget_s, shortest_job_s);
  p_.max_in_flight = std::max<std::int64_t>(1, p_.max_in_flight);
  job_s_ = p_.budget_s / 8;
}

std::int64_t heavy_admission::limit() const {
  const double per_worker = std::floor(p_.budget_s * headroom / job_s_ + rounding);
  const double fits = p_.workers * std::max(1.0, per_worker);
  return std::min<std::int64_t>(p_.max_in_flight, static_cast<std::int64_t>(std::min(fits, 1e12)));
}

void heavy_admission::observe(double seconds, std::int64_t in_flight_at_admission) {
  const auto n = std::max<std::int64_t>(1, in_flight_at_admission);
  const auto rounds = (n + p_.workers - 1) / p_.workers;
  const double own = std::max(shortest_job_s, seconds / static_cast<double>(rounds));
  // The first measurement replaces the start-up guess outright: averaging it in would keep a
  // freshly started server refusing most of a burst for a dozen answers.
  job_s_ = measured_ ? job_s_ + weight * (own - job_s_) : own;
  measured_ = true;
}

std::int64_t heavy_admission::refuse(std::int64_t in_flight, double now_s) {
  const double rate = p_.workers / job_s_;  // jobs finished per second
  backlog_ = std::max(0.0, backlog_ - std::max(0.0, now_s - backlog_at_) * rate);
  backlog_at_ = now_s;
  backlog_ += 1;
  const double ahead = static_cast<double>(std::max<std::int64_t>(0, in_flight)) + backlog_;
  const double wait = std::ceil(ahead / rate - rounding);
  return static_cast<std::int64_t>(std::clamp(wait, 1.0, std::max(1.0, std::ceil(10 * p_.budget_s))));
}

}  // namespace reportd
