#include "actors/renderer/renderer.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/pool.hpp"
#include "render/datasources/datasource.hpp"

namespace reportd {

renderer_actor::behavior_type renderer_worker(renderer_actor::pointer,
                                              std::shared_ptr<const render::datasource_catalog> catalog) {
  if (!catalog)
    catalog = std::make_shared<const render::datasource_catalog>();
  return {
    [catalog](render_atom, render::render_request& req) -> caf::result<render::render_result> {
      try {
        auto out = render::render(req, *catalog);
        if (!out)
          return to_error(out.error());
        return std::move(*out);
      } catch (const std::exception& e) {
        spdlog::error("renderer: {}", e.what());
        return to_error({model::errc::render_failed, std::string("report rendering failed: ") + e.what()});
      }
    },
  };
}

renderer_actor spawn_renderer_pool(caf::actor_system& sys, int workers,
                                   std::shared_ptr<const render::datasource_catalog> catalog) {
  std::vector<renderer_actor> ws;
  for (int i = 0; i < std::max(1, workers); ++i)
    ws.push_back(sys.spawn<caf::detached>(renderer_worker, catalog));
  return sys.spawn(pool<renderer_actor, render_atom, render::render_request, render::render_result>,
                   std::move(ws));
}

}  // namespace reportd
