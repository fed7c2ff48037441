#pragma once
// A pool in front of blocking workers (renderer, mailer): the pool has the workers'
// interface, hands each job to the worker with the fewest jobs outstanding, and relays
// the answer. Tracking completions (rather than round-robin) keeps a long render from
// queueing work behind it while another worker idles.
#include <cstddef>
#include <vector>

#include <caf/all.hpp>

namespace reportd {

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
      self->request(st.workers[i], caf::infinite, atom, std::move(job))
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
