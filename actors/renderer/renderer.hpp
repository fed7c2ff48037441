#pragma once
// The renderer: a pool of detached workers, each running the native engine (engine.hpp)
// on its own thread, so a long render never blocks the scheduler threads.
#include <caf/fwd.hpp>

#include "actors/renderer/renderer_actor.hpp"

namespace reportd {

/// One worker: renders on its own thread. Exceptions from the engine become render_failed.
renderer_actor::behavior_type renderer_worker(renderer_actor::pointer self);

/// Spawns `workers` detached workers behind a pool with the same interface.
renderer_actor spawn_renderer_pool(caf::actor_system& sys, int workers);

}  // namespace reportd
