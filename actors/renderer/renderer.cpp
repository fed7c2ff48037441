#include "actors/renderer/renderer.hpp"

#include <malloc.h>

#include <chrono>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/pool.hpp"
#include "render/datasources/datasource.hpp"
#include "render/datasources/grafana/upstream.hpp"

namespace reportd {
namespace {

// A large render leaves its pages, frames and cairo surfaces freed inside glibc's arenas (one
// per thread that allocated: this worker and its query threads), and glibc hands back only
// the top of the main heap by itself. malloc_trim(0) returns every whole free page of every
// arena to the system. It is called after a render that produced many bytes or ran long (a
// small render leaves nothing worth a walk over the arenas). Capping M_ARENA_MAX instead was
// not chosen: fewer arenas make the HTTP, actor and query threads contend for locks, and free
// memory inside an arena still stays with the process.
constexpr std::size_t trim_after_bytes = 4u << 20;
constexpr auto trim_after_time = std::chrono::milliseconds(500);

std::size_t bytes_of(const render::render_result& r) {
  std::size_t n = 0;
  for (const auto* files : {&r.pdfs, &r.csvs, &r.pngs})
    for (const auto& f : *files)
      n += f.data.size();
  return n;
}

}  // namespace

renderer_actor::behavior_type renderer_worker(renderer_actor::pointer,
                                              std::shared_ptr<const render::datasource_catalog> catalog,
                                              renderer_worker_options opts) {
  if (!catalog)
    catalog = std::make_shared<const render::datasource_catalog>();
  return {
    [catalog, opts](render_atom, render::render_request& req) -> caf::result<render::render_result> {
      if (!req.limits.logo.cache)
        req.limits.logo.cache = opts.logos;
      // Nobody waits for a job that expired in this worker's mailbox, or whose client has
      // gone: answer, do not render.
      if (auto dropped = drop_if_expired(req, "report rendering")) {
        spdlog::warn("renderer: dropped report '{}': {}", req.report_name,
                     job_abandoned<render::render_request>::of(req) ? "its client closed the connection while it was queued"
                                                                    : "its deadline passed while it was queued");
        return std::move(*dropped);
      }
      const auto started = std::chrono::steady_clock::now();
      std::size_t bytes = 0;
      auto trim = [&] {
        if (bytes >= trim_after_bytes || std::chrono::steady_clock::now() - started >= trim_after_time)
          malloc_trim(0);
      };
      try {
        // Dashboards the store does not have come from Grafana ([grafana]): fetched here, on
        // this detached worker, since the request blocks.
        if (auto missing = render::grafana::fetch_dashboards(req, catalog->remote(req.org_id))) {
          trim();
          return to_error(std::move(*missing));
        }
        auto out = render::render(req, *catalog);
        if (!out) {
          trim();
          return to_error(out.error());
        }
        bytes = bytes_of(*out);
        if (opts.log_each_job)
          spdlog::info("rendered report '{}': {} dashboards, {} bytes in {} ms", req.report_name,
                       req.dashboards.size(), bytes,
                       std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                         .count());
        auto result = std::move(*out);
        trim();
        return result;
      } catch (const std::exception& e) {
        spdlog::error("renderer: {}", e.what());
        trim();
        return to_error({model::errc::render_failed, std::string("report rendering failed: ") + e.what()});
      }
    },
  };
}

std::vector<renderer_actor> spawn_renderer_workers(caf::actor_system& sys, int n,
                                                   std::shared_ptr<const render::datasource_catalog> catalog,
                                                   renderer_worker_options opts) {
  std::vector<renderer_actor> ws;
  for (int i = 0; i < std::max(1, n); ++i)
    ws.push_back(sys.spawn<caf::detached>(renderer_worker, catalog, opts));
  return ws;
}

renderer_pool_actor spawn_renderer_pool(caf::actor_system& sys, int workers,
                                        std::shared_ptr<const render::datasource_catalog> catalog,
                                        std::shared_ptr<std::atomic<int>> size) {
  // Rendering twice is harmless: a job whose remote worker went away is tried elsewhere.
  pool_options opts;
  opts.what = "report rendering";
  opts.retry_lost = true;
  opts.size = std::move(size);
  return sys.spawn(pool<renderer_actor, render_atom, render::render_request, render::render_result>,
                   spawn_renderer_workers(sys, workers, std::move(catalog)), std::move(opts));
}

}  // namespace reportd
