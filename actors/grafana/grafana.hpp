#pragma once
// The Grafana actor: a small pool of detached workers, since each call to Grafana blocks on
// HTTP (bounded by the request's deadline and [grafana]'s timeout).
#include <memory>

#include <caf/fwd.hpp>

#include "actors/grafana/grafana_actor.hpp"

namespace reportd {

namespace render {
class datasource_catalog;
}

/// Spawns `workers` detached workers asking the Grafana each org reads in `catalog`
/// behind a pool with the same interface; the workers keep the catalog alive.
grafana_actor spawn_grafana_pool(caf::actor_system& sys, int workers,
                                 std::shared_ptr<const render::datasource_catalog> catalog);

}  // namespace reportd
