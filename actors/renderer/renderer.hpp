#pragma once
// The renderer: a pool of detached workers, each running the native engine (engine.hpp)
// on its own thread, so a long render never blocks the scheduler threads.
#include <atomic>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/renderer/renderer_actor.hpp"

namespace reportd {

namespace render {
class datasource_catalog;
}

/// How a worker runs besides its catalog.
struct renderer_worker_options {
  /// Logos fetched before, for requests that come without a cache (from another process).
  std::shared_ptr<render::logo_cache> logos;
  bool log_each_job = false;  // a remote worker logs what it rendered, for its operator
};

/// One worker: renders on its own thread, querying the request's org's sources in `catalog`
/// (read-only, shared by every worker). Exceptions from the engine become render_failed.
renderer_actor::behavior_type renderer_worker(renderer_actor::pointer self,
                                              std::shared_ptr<const render::datasource_catalog> catalog,
                                              renderer_worker_options opts);

/// `n` (at least 1) detached workers sharing `catalog` (nullptr: only the built-in TestData).
std::vector<renderer_actor> spawn_renderer_workers(caf::actor_system& sys, int n,
                                                   std::shared_ptr<const render::datasource_catalog> catalog,
                                                   renderer_worker_options opts = {});

/// Spawns `workers` detached workers behind a pool with the same interface (plus join, for
/// remote workers); without a catalog every org has only the built-in TestData.
/// `size`, when given, follows the number of workers as remote ones join and leave.
renderer_pool_actor spawn_renderer_pool(caf::actor_system& sys, int workers,
                                        std::shared_ptr<const render::datasource_catalog> catalog = nullptr,
                                        std::shared_ptr<std::atomic<int>> size = nullptr);

}  // namespace reportd
