#pragma once
// The report-store actor: owns one database connection and answers the store interface.
// Spawned detached: every SQLite call blocks, and must not stall the scheduler threads.
//
// Group commit: a write is not run when it arrives but joins the pending writes, and the
// actor sends itself a flush message; that message arrives after every message already
// queued, so when it does the pending writes are every write that was waiting meanwhile. They
// run in one transaction (each in its own savepoint, store::database::write_group), at most
// `max_group` at a time, and each is answered after that commit, with its own result. A
// lone write runs on its own as before, with nothing to wait for (the flush is the next
// message). A read on this actor first runs the pending writes, so every message still sees
// the effects of the messages before it.
#include <cstddef>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "store/database.hpp"
#include "actors/store/store_actor.hpp"

namespace reportd {

/// The store's message to itself: run the pending writes.
using store_flush_atom = caf::atom_constant<caf::atom("flushwr")>;

/// What the store actor itself answers: store_actor and its flush (spawn_store hands out
/// only the store_actor part).
using store_impl_actor = store_actor::extend<caf::reacts_to<store_flush_atom>>;

/// Writes in one group commit at most (the default of spawn_store).
constexpr std::size_t default_store_group = 64;

/// A write waiting for its group's commit, with the promise of its answer.
class pending_write {
public:
  virtual ~pending_write() = default;
  /// Runs the write; true when it succeeded (its changes are to be kept).
  virtual bool run(store::database& db) = 0;
  /// Answers, once its transaction is over: what run() produced, except that a write that
  /// succeeded (or never ran) in a group that did not commit answers `group_failed`.
  virtual void answer(const caf::error* group_failed) = 0;
};

struct store_state {
  static inline const char* name = "report-store";
  std::shared_ptr<store::database> db;  // shared only to travel through spawn()
  std::size_t max_group = default_store_group;
  std::vector<std::unique_ptr<pending_write>> pending;  // in arrival order
  bool flush_sent = false;  // a flush message is on its way (runs whatever is pending then)
};

store_impl_actor::behavior_type report_store(store_impl_actor::stateful_pointer<store_state> self,
                                             std::shared_ptr<store::database> db,
                                             bool dashboards_elsewhere = false,
                                             std::size_t max_group = default_store_group);

/// Spawns the store (detached) over an already-opened database. `dashboards_elsewhere`
/// ([grafana] dashboards both/grafana): a report's dashboard this store lacks goes into the
/// bundle with empty JSON, for the renderer to fetch from Grafana, instead of a 404 here.
/// `max_group`: writes in one group commit at most (1: every write in its own transaction).
store_actor spawn_store(caf::actor_system& sys, std::unique_ptr<store::database> db,
                        bool dashboards_elsewhere = false, std::size_t max_group = default_store_group);

}  // namespace reportd
