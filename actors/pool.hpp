#pragma once
// A pool in front of blocking workers (renderer, mailer): the pool has the workers'
// interface, hands each job to the worker with the fewest jobs outstanding, and relays
// the answer. Tracking completions (rather than round-robin) keeps a long render from
// queueing work behind it while another worker idles.
//
// A job may carry the time its requester stops waiting (see job_deadline): the pool then
// asks the worker with the time left instead of caf::infinite, and a worker that reaches
// such a job after its deadline drops it (drop_if_expired) rather than doing work nobody
// will read.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <caf/all.hpp>

#include "actors/type_ids.hpp"
#include "model/clock.hpp"
#include "model/problem.hpp"

namespace reportd {

/// When the requester of a job stops waiting, in epoch ms (0: never). A job type opts in by
/// having a member `std::int64_t answer_by_ms` (render::render_request has one; a mail job
/// plugs in the same way); other job types have no deadline.
template <class Job, class = void>
struct job_deadline {
  static std::int64_t of(const Job&) { return 0; }
};

template <class Job>
struct job_deadline<Job, std::void_t<decltype(std::declval<const Job&>().answer_by_ms)>> {
  static std::int64_t of(const Job& job) { return job.answer_by_ms; }
};

/// The error a worker answers instead of starting `job` whose deadline has passed (it waited
/// in a queue too long), or nothing when the job is still wanted. `what` names the work
/// ("report rendering").
template <class Job>
std::optional<caf::error> drop_if_expired(const Job& job, const char* what,
                                          std::int64_t now_ms = model::epoch_ms()) {
  const auto by = job_deadline<Job>::of(job);
  if (by == 0 || now_ms < by)
    return std::nullopt;
  return to_error({model::errc::timeout, std::string(what) + " was not started: the request waited " +
                                           std::to_string(now_ms - by) +
                                           " ms past its deadline in the queue; try again shortly"});
}

/// How long to wait for a worker's answer to `job`: the time left until its deadline (at
/// least 1 ms), caf::infinite for a job without one.
template <class Job>
caf::duration time_left(const Job& job, std::int64_t now_ms = model::epoch_ms()) {
  const auto by = job_deadline<Job>::of(job);
  if (by == 0)
    return caf::infinite;
  return caf::duration{std::chrono::milliseconds(std::max<std::int64_t>(by - now_ms, 1))};
}

template <class Handle>
struct pool_state {
  static inline const char* name = "pool";
  std::vector<Handle> workers;
  std::vector<std::size_t> outstanding;

  std::size_t least_loaded() const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < outstanding.size(); ++i)
      if (outstanding[i] < outstanding[best])
        best = i;
    return best;
  }
};

/// Behaviour of a pool for a worker interface with one handler (Atom, In) -> Out.
template <class Handle, class Atom, class In, class Out>
typename Handle::behavior_type
pool(typename Handle::template stateful_pointer<pool_state<Handle>> self, std::vector<Handle> workers) {
  self->state.outstanding.assign(workers.size(), 0);
  self->state.workers = std::move(workers);
  // Workers are linked: when the pool goes down (shutdown), so do they.
  for (auto& w : self->state.workers)
    self->link_to(w);
  return {
    [=](Atom atom, In& job) -> caf::result<Out> {
      auto& st = self->state;
      auto i = st.least_loaded();
      st.outstanding[i] += 1;
      auto rp = self->template make_response_promise<Out>();
      // The worker's own drop_if_expired answers a job that expires in its mailbox; this
      // timeout frees the slot of one that expires while being worked on.
      const auto timeout = time_left(job);
      self->request(st.workers[i], timeout, atom, std::move(job))
        .then(
          [=](Out& out) mutable {
            self->state.outstanding[i] -= 1;
            rp.deliver(std::move(out));
          },
          [=](caf::error& e) mutable {
            self->state.outstanding[i] -= 1;
            rp.deliver(std::move(e));
          });
      return rp;
    },
  };
}

}  // namespace reportd
