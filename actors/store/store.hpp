#pragma once
// The report-store actor: owns one database connection and answers the store interface.
// Spawned detached: every SQLite call blocks, and must not stall the scheduler threads.
#include <memory>

#include <caf/fwd.hpp>

#include "store/database.hpp"
#include "actors/store/store_actor.hpp"

namespace reportd {

struct store_state {
  static inline const char* name = "report-store";
  std::shared_ptr<store::database> db;  // shared only to travel through spawn()
};

store_actor::behavior_type report_store(store_actor::stateful_pointer<store_state> self,
                                        std::shared_ptr<store::database> db, bool dashboards_elsewhere = false);

/// Spawns the store (detached) over an already-opened database. `dashboards_elsewhere`
/// ([grafana] dashboards both/grafana): a report's dashboard this store lacks goes into the
/// bundle with empty JSON, for the renderer to fetch from Grafana, instead of a 404 here.
store_actor spawn_store(caf::actor_system& sys, std::unique_ptr<store::database> db,
                        bool dashboards_elsewhere = false);

}  // namespace reportd
