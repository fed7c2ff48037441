#include "actors/grafana/grafana.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/pool.hpp"
#include "render/datasources/datasource.hpp"

namespace reportd {
namespace {

grafana_actor::behavior_type grafana_worker(grafana_actor::pointer,
                                            std::shared_ptr<const render::datasource_catalog> catalog) {
  return {
    [catalog](list_atom, model::dashboard_search& q) -> caf::result<std::vector<model::dashboard_entry>> {
      if (auto dropped = drop_if_expired(q, "the Grafana dashboard search"))
        return std::move(*dropped);
      try {
        const auto* grafana = catalog->remote(q.org_id);
        if (grafana == nullptr)
          return std::vector<model::dashboard_entry>{};  // this org reads no Grafana ([grafana] org_map)
        return grafana->search(q);
      } catch (const std::exception& e) {
        spdlog::warn("grafana: dashboard search: {}", e.what());
        return to_error({model::errc::internal, e.what()});
      }
    },
  };
}

}  // namespace

static pool_options listing_pool_options() {
  pool_options o;
  o.what = "the Grafana dashboard listing";
  return o;
}

grafana_actor spawn_grafana_pool(caf::actor_system& sys, int workers,
                                 std::shared_ptr<const render::datasource_catalog> catalog) {
  std::vector<grafana_actor> ws;
  for (int i = 0; i < std::max(1, workers); ++i)
    ws.push_back(sys.spawn<caf::detached>(grafana_worker, catalog));
  // Only this process's workers: no remote worker joins this pool.
  return sys.spawn(pool<grafana_actor, list_atom, model::dashboard_search, std::vector<model::dashboard_entry>>,
                   std::move(ws), listing_pool_options());
}

}  // namespace reportd
