#pragma once
// The long-lived service actors a request supervisor talks to, and the limits it applies.
// Built once at start-up and copied into every supervisor (handles are cheap to copy).
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "actors/auth/auth_actor.hpp"
#include "actors/grafana/grafana_actor.hpp"
#include "actors/mailer/mailer_actor.hpp"
#include "actors/renderer/renderer_actor.hpp"
#include "actors/scheduler/scheduler_actor.hpp"
#include "actors/store/store_actor.hpp"
#include "actors/store/store_queue.hpp"
#include "actors/store/store_routing.hpp"

namespace reportd {

namespace render {
class datasource_catalog;
}
namespace auth {
class principal_cache;
}

struct hop_timeouts {
  caf::timespan auth;
  caf::timespan store;
  caf::timespan render;
  caf::timespan mail;
  caf::timespan deadline;  // the whole request
};

struct mail_identity {
  std::string from_name;
  std::string from_address;
  std::string root_url;              // public URL for dashboard links
  std::size_t max_attachment_bytes = 10u << 20;
};

struct services {
  auth_actor auth;
  /// The auth actor's cache of verified credentials: a supervisor answers a hit itself,
  /// without the hop. nullptr: every request asks the auth actor (tests).
  std::shared_ptr<auth::principal_cache> auth_cache;
  store_actor store;  // the writer: every write, and reads that must follow one (scheduler)
  /// Read-only store connections ([database] max_open_conn - 1); store_call sends reads here.
  /// nullptr or empty: everything goes to `store` (max_open_conn = 1, tests).
  std::shared_ptr<store_reader_pool> store_readers;
  /// Requests outstanding to `store`, shared by every supervisor ([database] max_queue);
  /// nullptr: not counted (tests).
  std::shared_ptr<store_queue> store_depth;
  renderer_actor renderer;
  /// How many render workers the pool has now (its own and remote ones that joined); the
  /// front's heavy admission sizes to it. nullptr: hop_timeouts' render_workers, fixed.
  std::shared_ptr<std::atomic<int>> render_workers;
  mailer_actor mailer;
  scheduler_actor scheduler;  // may be invalid (scheduler disabled, tests): check before use
  /// The Grafana next to reportd, for dashboard listings; invalid without [grafana] url or
  /// with [grafana] dashboards = local: check before use.
  grafana_actor grafana;
  bool grafana_dashboards_first = false;  // [grafana] dashboards = grafana
  hop_timeouts timeouts;
  bool router_logging = true;  // [server] router_logging: a log line per request, not only per 5xx
  render::render_limits render_limits;  // [reporting] max_panels_per_render, ... for every render
  mail_identity mail;
  std::string version;
  std::string instance_id;    // [server] instance_id, resolved (never empty)
  std::string database_type;  // [database] type
  /// Every org's provisioned datasources (read-only, shared); nullptr: none provisioned.
  std::shared_ptr<const render::datasource_catalog> datasources;
};

}  // namespace reportd
