#pragma once
// The renderer: a pool of detached workers, each running the native engine (engine.hpp)
// on its own thread, so a long render never blocks the scheduler threads.
#include <memory>

#include <caf/fwd.hpp>

#include "actors/renderer/renderer_actor.hpp"

namespace reportd {

namespace render {
class datasource_catalog;
}

/// One worker: renders on its own thread, querying the request's org's sources in `catalog`
/// (read-only, shared by every worker). Exceptions from the engine become render_failed.
renderer_actor::behavior_type renderer_worker(renderer_actor::pointer self,
                                              std::shared_ptr<const render::datasource_catalog> catalog);

/// Spawns `workers` detached workers behind a pool with the same interface; without a
/// catalog every org has only the built-in TestData.
renderer_actor spawn_renderer_pool(caf::actor_system& sys, int workers,
                                   std::shared_ptr<const render::datasource_catalog> catalog = nullptr);

}  // namespace reportd
