#pragma once
// A pool in front of blocking workers (renderer, mailer): the pool has the workers'
// interface, hands each job to the worker with the fewest jobs outstanding, and relays
// the answer. Tracking completions (rather than round-robin) keeps a long render from
// queueing work behind it while another worker idles.
//
// Workers are the process's own (spawned with the pool, linked to it) and, with [cluster]
// listen, remote ones that joined later (reportd worker, actors/cluster): a joined worker is
// monitored, and when it goes away its jobs are retried on another worker (render) or
// answered as uncertain (mail: it may have reached the SMTP server) — see pool_options.
//
// A job may carry the time its requester stops waiting (see job_deadline): the pool then
// asks the worker with the time left instead of caf::infinite, and a worker that reaches
// such a job after its deadline drops it (drop_if_expired) rather than doing work nobody
// will read.
#include <cstddef>
#include <atomic>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

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

/// Whether the client that asked for `job` has gone. A job type opts in by having a member
/// `client_gone` (a shared atomic flag the HTTP connection sets); others never are.
template <class Job, class = void>
struct job_abandoned {
  static bool of(const Job&) { return false; }
};

template <class Job>
struct job_abandoned<Job, std::void_t<decltype(std::declval<const Job&>().client_gone)>> {
  static bool of(const Job& job) { return job.client_gone && job.client_gone->load(std::memory_order_relaxed); }
};

/// The error a worker answers instead of starting `job` whose deadline has passed (it waited
/// in a queue too long) or whose client has gone, or nothing when the job is still wanted.
/// `what` names the work ("report rendering").
template <class Job>
std::optional<caf::error> drop_if_expired(const Job& job, const char* what,
                                          std::int64_t now_ms = model::epoch_ms()) {
  if (job_abandoned<Job>::of(job))
    return to_error({model::errc::timeout, std::string(what) + " was not started: the client closed its "
                                                               "connection while the request waited"});
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

/// What a pool does, and how it names its work in messages.
struct pool_options {
  std::string what = "the job";  // "report rendering": "<what> failed: ..."
  /// A job whose worker went away mid-job goes to another worker (at most max_tries in all,
  /// and only while its deadline allows). False: it is answered with lost_code — for mail,
  /// which the worker may already have handed to the SMTP server.
  bool retry_lost = false;
  model::errc lost_code = model::errc::internal;
  int max_tries = 3;
  /// Jobs a joined worker holds at most while another worker can take one (0: no cap). Mail
  /// uses 1: what a remote worker holds when it dies is answered "may have been sent", so it
  /// holds no queue of them; the rest wait for the pool's own workers.
  std::size_t joined_cap = 0;
  /// Kept equal to the number of workers (own and joined), for whoever sizes work to them
  /// (the front's heavy admission); may be null.
  std::shared_ptr<std::atomic<int>> size;
};

/// A pool's handle: the workers' interface plus join, by which a remote worker process
/// (actors/cluster) adds a worker (its actor and a name for logs). Converts to the plain
/// worker interface, which is what supervisors hold.
template <class Handle>
using pool_actor = typename Handle::template extend<caf::reacts_to<join_atom, caf::actor, std::string>>;

template <class Handle, class In, class Out>
struct pool_state {
  static inline const char* name = "pool";
  struct worker {
    Handle handle;
    std::string name;
    bool joined = false;  // joined later (monitored), not spawned with the pool (linked)
    std::size_t outstanding = 0;
  };
  struct job {
    caf::typed_response_promise<Out> promise;
    /// A copy kept while a joined worker has it (retry_lost), so it can go elsewhere if that
    /// worker goes away; empty once handed over for good.
    std::optional<In> kept;
    std::int64_t answer_by_ms = 0;
    caf::actor_addr worker;
    std::uint64_t attempt = 0;  // answers of earlier attempts are stale
    int tries = 0;
  };
  std::vector<worker> workers;
  std::map<std::uint64_t, job> jobs;
  std::uint64_t next_id = 0;
  pool_options opts;

  /// The worker with the fewest jobs outstanding; a joined worker at opts.joined_cap only
  /// when every worker is (own workers take no cap).
  std::size_t least_loaded() const {
    auto capped = [&](const worker& w) {
      return w.joined && opts.joined_cap > 0 && w.outstanding >= opts.joined_cap;
    };
    std::size_t best = 0;
    for (std::size_t i = 1; i < workers.size(); ++i) {
      const bool better = capped(workers[best]) != capped(workers[i]) ? capped(workers[best])
                                                                      : workers[i].outstanding < workers[best].outstanding;
      if (better)
        best = i;
    }
    return best;
  }

  void publish_size() const {
    if (opts.size)
      opts.size->store(static_cast<int>(workers.size()));
  }

  worker* find(const caf::actor_addr& a) {
    for (auto& w : workers)
      if (w.handle.address() == a)
        return &w;
    return nullptr;
  }
};

namespace pool_detail {

/// Whether `e` says the worker is gone (rather than that the job failed).
inline bool worker_gone(const caf::error& e) {
  return e == caf::sec::request_receiver_down || e == caf::sec::remote_linking_failed ||
         e.category() == caf::atom("exit");
}

template <class Out, class Self, class Answer>
void finish(Self* self, std::uint64_t id, std::uint64_t attempt, Answer&& answer) {
  auto& st = self->state;
  auto it = st.jobs.find(id);
  if (it == st.jobs.end() || it->second.attempt != attempt)
    return;  // its worker went away and the job went elsewhere: a late answer is stale
  if (auto* w = st.find(it->second.worker))
    w->outstanding -= 1;
  it->second.promise.deliver(std::forward<Answer>(answer));
  st.jobs.erase(it);
}

template <class Atom, class In, class Out, class Self>
void lost(Self* self, std::uint64_t id, const std::string& worker_name);

/// Hands job `id` to the least loaded worker (the first try, or another after a loss).
template <class Atom, class In, class Out, class Self>
void dispatch(Self* self, std::uint64_t id, In job) {
  auto& st = self->state;
  auto& j = st.jobs.at(id);
  if (st.workers.empty()) {
    j.promise.deliver(to_error({model::errc::overloaded, st.opts.what + " failed: no worker is available"}));
    st.jobs.erase(id);
    return;
  }
  auto& w = st.workers[st.least_loaded()];
  w.outstanding += 1;
  j.worker = w.handle.address();
  j.attempt += 1;
  j.tries += 1;
  const auto attempt = j.attempt;
  // The worker's own drop_if_expired answers a job that expires in its mailbox; this
  // timeout frees the slot of one that expires while being worked on.
  const auto timeout = time_left(job);
  if (w.joined && st.opts.retry_lost)
    j.kept = job;
  const std::string name = w.name;
  self->request(w.handle, timeout, Atom::value, std::move(job))
    .then([self, id, attempt](Out& out) { finish<Out>(self, id, attempt, std::move(out)); },
          [self, id, attempt, name](caf::error& e) {
            auto& st = self->state;
            auto it = st.jobs.find(id);
            auto* w = it != st.jobs.end() && it->second.attempt == attempt ? st.find(it->second.worker) : nullptr;
            // A joined worker whose connection broke may answer this way before its down
            // message arrives: the job is lost with it, not failed.
            if (w && w->joined && worker_gone(e)) {
              w->outstanding -= 1;
              lost<Atom, In, Out>(self, id, name);
              return;
            }
            finish<Out>(self, id, attempt, std::move(e));
          });
}

/// The job's worker went away with it: another try, or an answer saying what happened.
template <class Atom, class In, class Out, class Self>
void lost(Self* self, std::uint64_t id, const std::string& worker_name) {
  auto& st = self->state;
  auto it = st.jobs.find(id);
  if (it == st.jobs.end())
    return;
  auto& j = it->second;
  const auto now = model::epoch_ms();
  const bool in_time = j.answer_by_ms == 0 || now < j.answer_by_ms;
  if (st.opts.retry_lost && j.kept && j.tries < st.opts.max_tries && in_time && !st.workers.empty()) {
    spdlog::warn("{}: worker '{}' went away during a job; trying again on another worker", st.opts.what,
                 worker_name);
    auto job = std::move(*j.kept);
    j.kept.reset();
    dispatch<Atom, In, Out>(self, id, std::move(job));
    return;
  }
  model::problem p{st.opts.lost_code, st.opts.what + " failed: worker '" + worker_name + "' went away during the job"};
  if (!st.opts.retry_lost)
    p.message += " (it may or may not have finished it; not retried, so it is not done twice)";
  else if (!in_time)
    p = {model::errc::timeout, p.message + ", and the request's deadline has passed"};
  j.promise.deliver(to_error(p));
  st.jobs.erase(it);
}

}  // namespace pool_detail

/// Behaviour of a pool for a worker interface with one handler (Atom, In) -> Out.
template <class Handle, class Atom, class In, class Out>
typename pool_actor<Handle>::behavior_type
pool(typename pool_actor<Handle>::template stateful_pointer<pool_state<Handle, In, Out>> self,
     std::vector<Handle> workers, pool_options opts) {
  auto& st = self->state;
  st.opts = std::move(opts);
  int n = 0;
  for (auto& w : workers) {
    // Workers spawned with the pool are linked: when the pool goes down (shutdown), so do they.
    self->link_to(w);
    st.workers.push_back({std::move(w), "local-" + std::to_string(++n), false, 0});
  }
  st.publish_size();
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    // A broken connection takes every worker of that process: all leave at once, so no
    // job is retried on a sibling that is just as gone.
    const bool whole_node = dm.reason == caf::exit_reason::remote_link_unreachable;
    std::map<caf::actor_addr, std::string> gone;
    for (const auto& w : st.workers)
      if (w.joined && (w.handle.address() == dm.source || (whole_node && w.handle.node() == dm.source.node())))
        gone.emplace(w.handle.address(), w.name);
    if (gone.empty())
      return;
    st.workers.erase(std::remove_if(st.workers.begin(), st.workers.end(),
                                    [&](const auto& w) { return gone.count(w.handle.address()) > 0; }),
                     st.workers.end());
    st.publish_size();
    for (const auto& [addr, name] : gone)
      spdlog::warn("{}: worker '{}' went away ({}); {} workers left", st.opts.what, name,
                   caf::to_string(dm.reason), st.workers.size());
    std::vector<std::pair<std::uint64_t, std::string>> orphaned;
    for (auto& [id, j] : st.jobs)
      if (auto it = gone.find(j.worker); it != gone.end())
        orphaned.emplace_back(id, it->second);
    for (const auto& [id, name] : orphaned)
      pool_detail::lost<Atom, In, Out>(self, id, name);
  });
  return {
    [self](Atom, In& job) -> caf::result<Out> {
      auto& st = self->state;
      const auto id = ++st.next_id;
      auto& j = st.jobs[id];
      j.promise = self->template make_response_promise<Out>();
      j.answer_by_ms = job_deadline<In>::of(job);
      auto rp = j.promise;
      pool_detail::dispatch<Atom, In, Out>(self, id, std::move(job));
      return rp;
    },
    [self](join_atom, caf::actor& a, std::string& name) {
      auto& st = self->state;
      if (!a || st.find(a.address()))
        return;
      self->monitor(a);
      st.workers.push_back({caf::actor_cast<Handle>(a), std::move(name), true, 0});
      st.publish_size();
      spdlog::info("{}: worker '{}' joined; {} workers", st.opts.what, st.workers.back().name, st.workers.size());
    },
  };
}

}  // namespace reportd
