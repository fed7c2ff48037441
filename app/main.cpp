// reportd: a standalone reporting server for Grafana dashboards.
//   reportd [serve] [--config FILE] [--data DIR] [--port N] [--set section.key=value]...
//   reportd admin <command> [options]      (see `reportd admin help`)
//   reportd worker --join HOST:PORT [--config FILE]   (renders and mails for a coordinator)
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <curl/curl.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/system.hpp"
#include "app/admin.hpp"
#include "app/database_options.hpp"
#include "app/demo.hpp"
#include "app/worker.hpp"
#include "config/settings.hpp"
#include "config/timeouts.hpp"
#include "http/server.hpp"

namespace po = boost::program_options;
using namespace reportd;

namespace {

constexpr const char* version = "0.1.0";

struct cli {
  std::string command = "serve";
  std::string config_file;
  std::vector<std::string> overrides;
  std::vector<std::string> rest;  // admin arguments
};

/// Flags become "section.key=value" overrides, so they win over file and environment.
std::optional<cli> parse_cli(int argc, char** argv) {
  cli c;
  std::string data, port;
  po::options_description d("reportd options");
  d.add_options()("help,h", "show help")
    ("config,c", po::value(&c.config_file), "INI configuration file")
    ("data,d", po::value(&data), "data folder (default ./data)")
    ("port,p", po::value(&port), "HTTP port (0: any free port)")
    ("set,s", po::value(&c.overrides)->composing(), "override a setting: section.key=value");
  // Anything not a reportd flag (the command and its own options) is passed through in order.
  po::variables_map vm;
  auto parsed = po::command_line_parser(argc, argv).options(d).allow_unregistered().run();
  po::store(parsed, vm);
  po::notify(vm);
  c.rest = po::collect_unrecognized(parsed.options, po::include_positional);
  if (vm.count("help")) {
    std::cout << "usage: reportd [serve|admin ...|worker --join HOST:PORT] [options]\n" << d;
    return std::nullopt;
  }
  if (!data.empty())
    c.overrides.push_back("paths.data=" + data);
  if (!port.empty())
    c.overrides.push_back("server.http_port=" + port);
  if (!c.rest.empty()) {
    c.command = c.rest.front();
    c.rest.erase(c.rest.begin());
  }
  return c;
}

std::unique_ptr<store::database> open_database(const config::settings& cfg) {
  auto db = store::database::open(database_options(cfg));
  if (!db) {
    std::cerr << "reportd: cannot open database " << database_label(cfg) << ": " << db.error().message << "\n";
    return nullptr;
  }
  return std::move(*db);
}

// spdlog's background thread writes to the same stdout: text that scripts read (the token,
// the listening line) goes out in one fwrite so that no log line lands in the middle of it.
void print_whole(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void announce_first_token(const std::string& token, std::optional<std::int64_t> demo_report,
                          const config::settings& cfg) {
  std::ostringstream out;
  out << "\nFirst start: created service account \"reportd-admin\" (Admin, org 1).\n"
            << "Its token is shown only this once:\n\n  " << token << "\n\n"
            << "Try it:\n  curl -H 'Authorization: Bearer " << token << "' "
            << cfg.server.root_url << "/api/reports\n\n";
  if (demo_report) {
    bool spool = !cfg.smtp.enabled || cfg.smtp.host.empty();
    out << "A demo dashboard and report were provisioned. Send the report now:\n  curl -H 'Authorization: Bearer "
              << token << "' -H 'Content-Type: application/json' -d '{\"id\": \"" << *demo_report
              << "\", \"useEmailsFromReport\": true}' " << cfg.server.root_url << "/api/reports/email\n"
              << (spool ? "then open the .eml file it writes into " + cfg.paths.data + "/outbox\n\n"
                        : "then look for it in the inbox of demo@example.com\n\n");
  }
  print_whole(out.str());
}

// A log sink that cannot write (stdout a closed pipe, a full disk) must not stop the server:
// spdlog reports sink errors here instead of throwing; we note the first on stderr.
void keep_serving_when_logs_fail() {
  spdlog::set_error_handler([](const std::string& message) {
    static std::atomic<bool> noted{false};
    if (!noted.exchange(true))
      std::fprintf(stderr, "reportd: log sink error (further ones are not shown): %s\n", message.c_str());
  });
}

// One log line per request: written by spdlog's background thread, so that a request never
// waits on stdout or on the global sink mutex. A bounded queue that drops the oldest lines
// when full keeps a flood from blocking requests or growing memory. Warnings flush at once.
void log_asynchronously() {
  constexpr std::size_t queued_lines = 8192;
  spdlog::init_thread_pool(queued_lines, 1);
  auto sink = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
  auto async = std::make_shared<spdlog::async_logger>("", std::move(sink), spdlog::thread_pool(),
                                                      spdlog::async_overflow_policy::overrun_oldest);
  async->set_level(spdlog::default_logger()->level());
  async->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(async));
  spdlog::flush_every(std::chrono::seconds(1));
}

// Each connection is a file descriptor: allow as many as the hard limit lets us, so that
// [server] max_connections, not a soft default of 1024, is what bounds them.
void raise_descriptor_limit(const config::server_settings& s) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == lim.rlim_max)
    return;
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
      lim.rlim_cur < static_cast<rlim_t>(s.max_connections))
    spdlog::warn("[server] max_connections is {} but only {} file descriptors are allowed (ulimit -n)",
                 s.max_connections, lim.rlim_cur);
}

// The process exits by `deadline` even if a worker is stuck (a render waiting on a slow
// datasource, also one of a scheduled run): the actor system's destructor would wait for it.
void exit_if_still_running_after(std::chrono::milliseconds deadline, const char* since) {
  std::thread([deadline, since] {
    std::this_thread::sleep_for(deadline);
    spdlog::warn("shutdown: work still running {} ms after {}; exiting without it", deadline.count(), since);
    spdlog::shutdown();  // drains the log queue
    std::_Exit(0);
  }).detach();
}

void drain(http::server& server, runtime& actors, const config::server_settings& s, int sig) {
  exit_if_still_running_after(
      s.drain_timeout + config::defaults::shutdown_write_grace + config::defaults::shutdown_stop_grace, "the signal");
  server.stop_accepting();
  spdlog::info("signal {}: no new connections; draining {} requests in flight", sig, server.in_flight());
  if (!server.wait_idle(s.drain_timeout)) {
    auto left = server.in_flight();
    server.answer_unavailable();
    spdlog::warn("drain timeout: answered 503 to {} requests still in flight", left);
    if (!server.wait_idle(config::defaults::shutdown_write_grace))
      spdlog::warn("shutdown: {} answers not written", server.in_flight());
  }
  actors.stop();
  server.stop();
  // Every service actor is down; the actor system's destructor would still wait for workers
  // blocked in a render or an SMTP exchange.
  exit_if_still_running_after(config::defaults::shutdown_exit_grace, "the actors stopped");
}

int serve(const config::settings& cfg) {
  // Before anything is written: a broken provisioning file stops start-up, naming it.
  auto datasources = load_datasources(cfg);
  if (!datasources) {
    std::cerr << "reportd: " << datasources.error().message << "\n";
    return 1;
  }
  {
    auto db = open_database(cfg);
    if (!db)
      return 1;
    if (auto token = admin::provision_first_token(*db); !token.empty())
      announce_first_token(token, cfg.reporting.provision_demo ? demo::provision(*db) : std::nullopt,
                           cfg);
  }
  // Block the stop signals before any thread starts, so that only sigwait() sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto rt = runtime::start(cfg, version, std::move(*datasources));
  if (!rt) {
    std::cerr << "reportd: " << rt.error().message << "\n";
    return 1;
  }
  auto& actors = **rt;
  http::server server(cfg.server, [&actors](http::request req, http::responder out) {
    actors.handle(std::move(req), std::move(out));
  });
  auto port = server.listen();
  if (!port) {
    std::cerr << "reportd: " << port.error().message << "\n";
    return 1;
  }
  server.start();
  spdlog::info("reportd {} listening on {}:{}", version, cfg.server.http_addr, *port);
  print_whole("reportd listening on http://" + cfg.server.http_addr + ":" + std::to_string(*port) + "\n");

  int sig = 0;
  sigwait(&stop_signals, &sig);
  drain(server, actors, cfg.server, sig);
  spdlog::info("stopped");
  spdlog::shutdown();  // drains the log queue before the process ends
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A reader of stdout or a client that goes away must cost a failed write, not the
  // process (`reportd | head`): EPIPE instead of SIGPIPE, in every thread started later.
  std::signal(SIGPIPE, SIG_IGN);
  keep_serving_when_logs_fail();
  // Once, before any thread: libcurl's global init is not thread-safe (logos, SMTP).
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::optional<cli> c;
  try {
    c = parse_cli(argc, argv);
  } catch (const po::error& e) {
    std::cerr << "reportd: " << e.what() << "\n";
    return 2;
  }
  if (!c)
    return 0;
  auto cfg = config::load(c->config_file, c->overrides);
  if (!cfg) {
    std::cerr << "reportd: configuration error: " << cfg.error().message << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(cfg->log.level));
  // Links in emails and the printed curl lines follow the port when root_url was left alone.
  if (cfg->server.root_url == config::server_settings{}.root_url && cfg->server.http_port != 0)
    cfg->server.root_url = "http://localhost:" + std::to_string(cfg->server.http_port);
  if (c->command == "admin") {
    auto db = open_database(*cfg);
    return db ? admin::run(*db, c->rest) : 1;
  }
  if (c->command == "worker") {
    log_asynchronously();
    auto code = worker::run(*cfg, c->rest);
    spdlog::shutdown();
    return code;
  }
  if (c->command != "serve") {
    std::cerr << "reportd: unknown command \"" << c->command << "\" (serve, admin, worker)\n";
    return 2;
  }
  raise_descriptor_limit(cfg->server);
  log_asynchronously();
  return serve(*cfg);
}
