#pragma once
// The renderer pool's typed interface (the pool and each worker share it).
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"
#include "actors/renderer/render_wire.hpp"
#include "render/engine.hpp"

namespace reportd {

using renderer_actor = caf::typed_actor<
  // Renders dashboards to PDF/PNG/CSV; a render_failed error names what went wrong.
  caf::replies_to<render_atom, render::render_request>::with<render::render_result>>;

/// The pool's handle: the same, plus join for remote workers (actors/pool.hpp, pool_actor).
using renderer_pool_actor = renderer_actor::extend<caf::reacts_to<join_atom, caf::actor, std::string>>;

}  // namespace reportd
