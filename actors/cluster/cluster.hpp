#pragma once
// Remote render and mail workers, over CAF's own middleman (BASP on TCP).
//
// The coordinator (a reportd with [cluster] listen) publishes a registrar actor on that port.
// A worker process (`reportd worker --join HOST:PORT`, app/worker.cpp) spawns its own render
// and mail workers, connects, and sends the registrar one join message with the shared
// secret and its workers' handles. The registrar checks the secret and adds each worker to
// the coordinator's pool (actors/pool.hpp), which from then on hands it jobs by load beside
// the local workers and monitors it: a worker that goes away has its jobs retried elsewhere
// (render) or answered as uncertain (mail). The jobs and answers that cross are the pools'
// own messages (render_wire.hpp, mail_wire.hpp); nothing is serialized by hand.
#include <chrono>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/mailer/mailer_actor.hpp"
#include "actors/renderer/renderer_actor.hpp"
#include "config/settings.hpp"
#include "model/problem.hpp"

namespace reportd::cluster {

/// Coordinator: publishes a registrar on `where` (the middleman must be loaded); a worker
/// process that joins with `secret` adds its workers to the two pools. The registrar comes
/// back (stop it at shutdown); a port that cannot be bound is a problem naming it.
model::checked<caf::actor> listen(caf::actor_system& sys, const config::host_port& where,
                                  const std::string& secret, renderer_pool_actor renderers,
                                  mailer_pool_actor mailers);

/// What a worker process offers the coordinator.
struct offer {
  std::string name;  // in the coordinator's logs
  std::vector<caf::actor> renderers;
  std::vector<caf::actor> mailers;
};

/// Worker: connects to the coordinator at `where` and joins with `secret`. Gives the
/// registrar (monitor it: when it goes down the coordinator is gone), or the problem: a
/// refused secret is errc::unauthenticated; an unreachable coordinator errc::internal.
model::checked<caf::actor> join(caf::actor_system& sys, const config::host_port& where,
                                const std::string& secret, const offer& what,
                                std::chrono::milliseconds timeout);

}  // namespace reportd::cluster
