#include "app/worker.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/cluster.hpp"
#include "actors/mailer/mailer.hpp"
#include "actors/renderer/renderer.hpp"
#include "app/actor_config.hpp"
#include "app/system.hpp"

namespace reportd::worker {
namespace {

constexpr auto join_timeout = std::chrono::seconds(5);
constexpr auto rejoin_pause = std::chrono::seconds(2);
constexpr auto stop_check = std::chrono::milliseconds(200);

/// --join HOST:PORT or --join=HOST:PORT; "" when absent.
std::string join_argument(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--join" && i + 1 < args.size())
      return args[i + 1];
    if (args[i].rfind("--join=", 0) == 0)
      return args[i].substr(7);
  }
  return {};
}

std::string default_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
    return "worker/pid" + std::to_string(getpid());
  return std::string(host) + "/pid" + std::to_string(getpid());
}

/// SIGINT/SIGTERM set the flag (a thread waits for them; the others have them blocked).
class stop_signal {
public:
  stop_signal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    waiter_ = std::thread([this] {
      int sig = 0;
      sigwait(&set_, &sig);
      spdlog::info("signal {}: stopping", sig);
      stopped_ = true;
    });
    waiter_.detach();
  }
  bool stopped() const { return stopped_; }

private:
  sigset_t set_{};
  std::thread waiter_;
  std::atomic<bool> stopped_{false};
};

/// Sleeps `d` unless asked to stop first.
void pause(const stop_signal& stop, std::chrono::milliseconds d) {
  for (auto waited = std::chrono::milliseconds(0); waited < d && !stop.stopped(); waited += stop_check)
    std::this_thread::sleep_for(stop_check);
}

/// Waits until the coordinator goes away (true) or a stop signal (false).
bool wait_for_coordinator_loss(caf::actor_system& sys, const caf::actor& registrar, const stop_signal& stop) {
  caf::scoped_actor self{sys};
  self->monitor(registrar);
  bool gone = false;
  while (!gone && !stop.stopped())
    self->receive([&](caf::down_msg&) { gone = true; }, caf::after(stop_check) >> [] {});
  return gone;
}

/// The actor system's destructor waits for every actor; a worker stuck in a job (or a
/// middleman connection that does not close) must not keep the process from ending.
void exit_if_still_running_after(std::chrono::milliseconds grace, int code) {
  std::thread([grace, code] {
    std::this_thread::sleep_for(grace);
    std::fprintf(stderr, "reportd worker: still stopping after %lld ms; exiting\n",
                 static_cast<long long>(grace.count()));
    std::_Exit(code);
  }).detach();
}

}  // namespace

int run(const config::settings& cfg, const std::vector<std::string>& args) {
  const auto join = join_argument(args);
  if (join.empty()) {
    std::cerr << "usage: reportd worker --join HOST:PORT [--config FILE]\n";
    return 2;
  }
  auto where = config::parse_host_port(join, "--join");
  if (!where) {
    std::cerr << "reportd worker: " << where.error().message << "\n";
    return 2;
  }
  if (cfg.cluster.secret.empty()) {
    std::cerr << "reportd worker: [cluster] secret (or REPORTD_CLUSTER_SECRET) is not set: "
                 "the coordinator refuses workers without its secret\n";
    return 2;
  }
  auto datasources = load_datasources(cfg);
  if (!datasources) {
    std::cerr << "reportd worker: " << datasources.error().message << "\n";
    return 1;
  }
  stop_signal stop;  // before the actor system starts its threads
  system_config conf(cfg, true);
  caf::actor_system sys(conf);
  const auto& rep = cfg.reporting;
  cluster::offer offer;
  offer.name = cfg.cluster.worker_name.empty() ? default_name() : cfg.cluster.worker_name;
  for (auto& r : spawn_renderer_workers(sys, rep.render_workers, *datasources, {render::make_logo_cache(), true}))
    offer.renderers.push_back(caf::actor_cast<caf::actor>(r));
  const auto mail_timeout = std::chrono::duration_cast<caf::timespan>(rep.mail_timeout);
  for (auto& m : spawn_mailer_workers(sys, rep.mail_workers, make_transport_factory(cfg), mail_timeout))
    offer.mailers.push_back(caf::actor_cast<caf::actor>(m));

  int code = 0;
  while (!stop.stopped()) {
    auto registrar = cluster::join(sys, *where, cfg.cluster.secret, offer, join_timeout);
    if (!registrar) {
      if (registrar.error().code == model::errc::unauthenticated) {
        spdlog::error("{}", registrar.error().message);
        std::cerr << "reportd worker: " << registrar.error().message << "\n";
        code = 1;
        break;
      }
      spdlog::warn("{}; trying again in {} s", registrar.error().message, rejoin_pause.count());
      pause(stop, rejoin_pause);
      continue;
    }
    spdlog::info("worker '{}' joined the coordinator at {}: {} render and {} mail workers", offer.name, join,
                 offer.renderers.size(), offer.mailers.size());
    std::cout << "reportd worker '" << offer.name << "' joined " << join << std::endl;
    if (wait_for_coordinator_loss(sys, *registrar, stop))
      spdlog::warn("the coordinator at {} went away; joining again when it is back", join);
  }
  // Jobs in hand finish (bounded by the render and mail timeouts); then the system stops.
  for (auto* list : {&offer.renderers, &offer.mailers})
    for (auto& a : *list)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  exit_if_still_running_after(code == 0 ? rep.render_timeout + rep.mail_timeout : std::chrono::milliseconds(5000),
                              code);
  return code;
}

}  // namespace reportd::worker
