#include "app/actor_config.hpp"

#include "actors/quiet_clock.hpp"

#include <filesystem>
#include <thread>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

namespace reportd {
namespace {

constexpr std::chrono::seconds cluster_heartbeat{1};
constexpr std::chrono::seconds cluster_timeout{10};

}  // namespace

system_config::system_config(const config::settings& cfg, bool network) {
  add_error_category(error_category, render_error);
  // CAF's own logger and console output stay quiet; reportd logs through spdlog.
  set("logger.verbosity", caf::atom("quiet"));
  // CAF 0.17 starts max(cores, 4) workers, which oversubscribes a small machine that also
  // runs the HTTP threads and the detached store/render/mail workers; and its "moderate"
  // polling phase wakes every worker with a 50 µs nanosleep hundreds of times before it
  // sleeps on its condition variable. Measured on 2 cores (GET /api/reports/:id, wrk -c64):
  // 7.4k req/s with CAF's defaults, 9.5k with no moderate phase, 10.6k with one worker.
  auto threads = cfg.server.actor_threads > 0 ? cfg.server.actor_threads
                                              : std::max(1u, std::thread::hardware_concurrency());
  set("scheduler.max-threads", static_cast<size_t>(threads));
  set("work-stealing.moderate-poll-attempts", size_t{0});
  // Its clock thread woken only for actors that set timeouts (actors/quiet_clock.hpp).
  use_quiet_clock(*this);
  if (network) {
    load<caf::io::middleman>();
    add_wire_types(*this);
    // A peer that stops answering without closing its connection (a machine gone, a frozen
    // process, a cut cable) is given up after cluster_timeout of silence, so its jobs are
    // retried or answered instead of waiting for TCP to time out (many minutes).
    set("middleman.heartbeat-interval", caf::timespan{cluster_heartbeat});
    set("middleman.connection-timeout", caf::timespan{cluster_timeout});
  }
}

transport_factory make_transport_factory(const config::settings& cfg) {
  if (cfg.smtp.enabled && !cfg.smtp.host.empty()) {
    mail::smtp_options o;
    o.host = cfg.smtp.host;
    o.user = cfg.smtp.user;
    o.password = cfg.smtp.password;
    o.ehlo_identity = cfg.smtp.ehlo_identity;
    o.starttls_policy = cfg.smtp.startTLS_policy;
    o.implicit_tls = cfg.smtp.implicit_tls;
    o.skip_verify = cfg.smtp.skip_verify;
    return [o] { return mail::make_smtp_transport(o); };
  }
  auto dir = (std::filesystem::path(cfg.paths.data) / "outbox").string();
  return [dir] { return mail::make_spool_transport(dir); };
}

}  // namespace reportd
