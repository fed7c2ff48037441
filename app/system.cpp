#include "app/system.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "app/actor_config.hpp"
#include "app/database_options.hpp"
#include "actors/cluster/cluster.hpp"
#include "actors/auth/auth.hpp"
#include "actors/front/front.hpp"
#include "actors/mailer/mailer.hpp"
#include "actors/grafana/grafana.hpp"
#include "actors/renderer/renderer.hpp"
#include "actors/scheduler/scheduler.hpp"
#include "actors/store/store.hpp"
#include "render/datasources/factory.hpp"
#include "render/datasources/grafana/upstream.hpp"
#include "render/datasources/provisioning.hpp"

namespace reportd {
namespace {

caf::timespan span(std::chrono::milliseconds ms) { return std::chrono::duration_cast<caf::timespan>(ms); }

scheduler_options make_scheduler_options(const config::reporting_settings& rep, const hop_timeouts& t) {
  auto o = default_scheduler_options();
  o.missed_run_grace = span(rep.missed_run_grace);
  o.retry_count = rep.retry_count;
  o.retry_backoff = span(rep.retry_backoff);
  o.max_sleep = span(rep.schedule_reload);
  // Two runs per render worker keep every worker busy while a queued render never waits
  // longer than one other render: hop timeouts only ever measure real work.
  o.max_concurrent = static_cast<std::size_t>(rep.render_workers) * 2;
  // Longer than any run can take with every retry, so only a dead process's rows match.
  auto one_attempt = t.store * 2 + t.render + t.mail;
  auto backoffs = o.retry_backoff * ((1 << std::min(rep.retry_count, 16)) - 1);
  o.abandoned_after = one_attempt * (rep.retry_count + 1) + backoffs + t.store * 2;
  return o;
}

// A file's whole text, its trailing newlines cut (a token file written by `echo`).
model::checked<std::string> read_text_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return model::bad_request(std::string("[grafana] ") + what + ": cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  auto text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

using remote_ptr = std::shared_ptr<const render::remote_grafana>;

/// Which Grafana organisation each reportd organisation reads.
struct grafana_links {
  remote_ptr all_orgs;                          // [grafana] org_id, for every org (no org_map)
  std::map<std::int64_t, remote_ptr> per_org;  // [grafana] org_map: only these orgs
};

// [grafana] url set: the Grafana next to reportd, its token read from `$__file{path}` when
// written so (the token itself never reaches a log line). With org_map, one client per
// Grafana organisation named (X-Grafana-Org-Id differs), shared by the reportd orgs mapped to it.
model::checked<grafana_links> grafana_of(const config::settings& cfg) {
  const auto& g = cfg.grafana;
  if (g.url.empty())
    return grafana_links{};
  render::grafana::upstream_options o;
  o.conn.url = g.url;
  o.conn.token = g.token;
  if (g.token.rfind("$__file{", 0) == 0 && g.token.back() == '}') {
    auto t = read_text_file(g.token.substr(8, g.token.size() - 9), "token");
    if (!t)
      return std::move(t).error();
    o.conn.token = std::move(*t);
  }
  if (!g.ca_cert.empty()) {
    auto pem = read_text_file(g.ca_cert, "ca_cert");
    if (!pem)
      return std::move(pem).error();
    o.conn.ca_cert_pem = std::move(*pem);
  }
  o.conn.org_id = g.org_id;
  o.conn.tls_skip_verify = g.tls_skip_verify;
  o.conn.timeout_ms = g.timeout.count();
  o.dashboards = g.dashboards;
  o.prefer_proxy = g.prefer_proxy;
  spdlog::info("[grafana] {}: dashboards {}, {}{}", g.url, g.dashboards,
               g.prefer_proxy ? "every datasource through it" : "datasources reportd does not serve through it",
               o.conn.token.empty() ? " (no token)" : "");
  grafana_links links;
  if (g.org_map.empty()) {
    links.all_orgs = std::make_shared<render::grafana::upstream>(o);
    return links;
  }
  std::map<std::int64_t, remote_ptr> by_grafana_org;
  for (const auto& [reportd_org, grafana_org] : g.org_map) {
    auto& remote = by_grafana_org[grafana_org];
    if (!remote) {
      o.conn.org_id = grafana_org;
      remote = std::make_shared<render::grafana::upstream>(o);
    }
    links.per_org[reportd_org] = remote;
    spdlog::info("[grafana] reportd org {} reads Grafana org {}", reportd_org, grafana_org);
  }
  return links;
}

void log_datasources(const render::datasource_catalog& catalog, const std::string& folder) {
  std::vector<std::string> unsupported;
  int n = 0;
  for (std::int64_t org : catalog.orgs())
    for (const auto& e : catalog.org(org).entries()) {
      ++n;
      spdlog::info("datasource \"{}\" (type {}, uid {}, org {}{}) from {}", e.config.name, e.config.type,
                   e.config.uid, e.config.org_id, e.config.is_default ? ", default" : "", e.config.source_file);
      if (!e.source)
        unsupported.push_back(e.config.type + " (\"" + e.config.name + "\", org " + std::to_string(org) + ")");
    }
  if (n == 0)
    spdlog::info("no datasources provisioned in {}: every organisation uses the built-in TestData", folder);
  else
    spdlog::info("{} datasources provisioned from {}", n, folder);
  if (!unsupported.empty()) {
    std::string list;
    for (const auto& u : unsupported)
      list += (list.empty() ? "" : ", ") + u;
    spdlog::warn("datasource types reportd cannot query (their panels will say so): {}", list);
  }
}

}  // namespace

model::checked<std::shared_ptr<const render::datasource_catalog>> load_datasources(const config::settings& cfg) {
  namespace fs = std::filesystem;
  const bool configured = !cfg.paths.provisioning.empty();
  const fs::path root = configured ? fs::path(cfg.paths.provisioning) : fs::path(cfg.paths.data) / "provisioning";
  std::error_code ec;
  if (configured && !fs::is_directory(root, ec))
    return model::bad_request("[paths] provisioning: " + root.string() + " is not a folder");
  const auto folder = (root / "datasources").string();
  auto got = render::read_datasource_provisioning(folder);
  if (!got)
    return std::move(got).error();
  for (const auto& w : got->warnings)
    spdlog::warn("{}", w);
  auto grafana = grafana_of(cfg);
  if (!grafana)
    return std::move(grafana).error();
  auto catalog = render::make_catalog(got->datasources, std::move(grafana->all_orgs), std::move(grafana->per_org));
  log_datasources(*catalog, folder);
  return catalog;
}

struct runtime::impl {
  explicit impl(const config::settings& cfg) : conf(cfg, !cfg.cluster.listen.empty()), sys(conf) {}
  system_config conf;
  caf::actor_system sys;
  front_actor front;
  std::vector<caf::actor> stop_order;  // scheduler and front first, store last
  bool stopped = false;
};

namespace {

auth_options auth_options_of(const config::settings& cfg) {
  const auto& sec = cfg.security;
  auth_options o;
  o.cache_ttl = sec.auth_cache_ttl;
  o.password_queue = static_cast<std::size_t>(sec.password_queue);
  // Half the auth hop: a check that waited longer is answered 503 before the hop times out.
  o.max_wait = cfg.reporting.auth_timeout / 2;
  o.limits = {sec.login_max_failures, sec.login_max_failures_per_source,
              sec.login_max_failures_per_login, sec.login_failure_window};
  return o;
}

/// The read-only connections beside the writer ([database] max_open_conn - 1 of them).
model::checked<std::vector<std::unique_ptr<store::database>>> open_readers(store::open_options opts, int n) {
  opts.read_only = true;
  std::vector<std::unique_ptr<store::database>> dbs;
  for (int i = 0; i < n; ++i) {
    auto db = store::database::open(opts);
    if (!db)
      return db.error();
    dbs.push_back(std::move(*db));
  }
  return dbs;
}

/// [server] instance_id, or <host name>:<http_port>: two instances on one host differ by
/// port. With port 0 (any free port, chosen later) the process id tells them apart instead.
std::string instance_id_of(const config::server_settings& server) {
  if (!server.instance_id.empty())
    return server.instance_id;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
    std::snprintf(host, sizeof host, "localhost");
  if (server.http_port == 0)
    return std::string(host) + "/pid" + std::to_string(getpid());
  return std::string(host) + ":" + std::to_string(server.http_port);
}

}  // namespace

runtime::runtime() = default;

runtime::~runtime() { stop(); }

model::checked<std::unique_ptr<runtime>> runtime::start(
    const config::settings& cfg, std::string version,
    std::shared_ptr<const render::datasource_catalog> datasources) {
  // The same options as main.cpp's open_database: the auth workers hash the dummy password of an
  // unknown login with the configured iterations, as real ones are.
  const store::open_options opts = database_options(cfg);
  auto store_db = store::database::open(opts);
  if (!store_db)
    return store_db.error();
  // Opened after the writer, which has created and migrated the file.
  auto reader_dbs = open_readers(opts, cfg.database.max_open_conn - 1);
  if (!reader_dbs)
    return reader_dbs.error();
  // The auth actor's token worker and each password worker own a connection.
  auto auth_db = store::database::open(opts);
  if (!auth_db)
    return auth_db.error();
  std::vector<std::unique_ptr<store::database>> password_dbs;
  for (int i = 0; i < cfg.security.password_workers; ++i) {
    auto db = store::database::open(opts);
    if (!db)
      return db.error();
    password_dbs.push_back(std::move(*db));
  }

  std::unique_ptr<runtime> rt{new runtime};
  rt->impl_ = std::make_unique<impl>(cfg);
  auto& sys = rt->impl_->sys;
  const auto& rep = cfg.reporting;

  services svc;
  svc.store = spawn_store(sys, std::move(*store_db), opts.dashboards_elsewhere);
  std::vector<store_actor> readers;
  for (auto& db : *reader_dbs)
    readers.push_back(spawn_store(sys, std::move(db), opts.dashboards_elsewhere));
  svc.store_readers = std::make_shared<store_reader_pool>(readers);
  svc.store_depth = std::make_shared<store_queue>(cfg.database.max_queue);
  auto auth_opt = auth_options_of(cfg);
  auth_opt.cache = std::make_shared<auth::principal_cache>(auth_opt.cache_ttl);
  svc.auth_cache = auth_opt.cache;
  svc.auth = spawn_auth(sys, std::move(*auth_db), std::move(password_dbs), std::move(auth_opt));
  svc.render_workers = std::make_shared<std::atomic<int>>(rep.render_workers);
  auto renderers = spawn_renderer_pool(sys, rep.render_workers, datasources, svc.render_workers);
  svc.renderer = renderers;
  svc.datasources = std::move(datasources);
  if (svc.datasources && svc.datasources->has_remote() && cfg.grafana.dashboards != "local") {
    constexpr int grafana_workers = 2;  // listings are rare; two keep a slow one from queueing the next
    svc.grafana = spawn_grafana_pool(sys, grafana_workers, svc.datasources);
    svc.grafana_dashboards_first = cfg.grafana.dashboards == "grafana";
  }
  auto mailers = spawn_mailer_pool(sys, rep.mail_workers, make_transport_factory(cfg), span(rep.mail_timeout));
  svc.mailer = mailers;
  svc.timeouts = {span(rep.auth_timeout), span(rep.store_timeout), span(rep.render_timeout),
                  span(rep.mail_timeout), span(rep.request_deadline)};
  svc.render_limits = {static_cast<std::size_t>(rep.max_panels_per_render),
                       static_cast<std::size_t>(rep.max_series_per_panel),
                       static_cast<std::size_t>(rep.max_points_per_series),
                       static_cast<std::size_t>(rep.max_pages_per_render),
                       // One logo cache for every render, so a report does not fetch its logo each time.
                       {render::split_host_list(cfg.security.allowed_logo_hosts),
                        cfg.security.max_logo_dimension, render::make_logo_cache()}};
  svc.mail = {cfg.smtp.from_name, cfg.smtp.from_address, cfg.server.root_url,
              static_cast<std::size_t>(rep.max_attachment_size_mb) << 20};
  svc.version = std::move(version);
  svc.router_logging = cfg.server.router_logging;
  svc.instance_id = instance_id_of(cfg.server);
  svc.database_type = cfg.database.type;

  admission_limits limits{cfg.server.max_inflight_light, cfg.server.max_inflight_heavy, rep.render_workers,
                          std::chrono::duration<double>(rep.render_timeout).count()};
  auto& im = *rt->impl_;
  // Remote workers join the pools through the registrar; it stops first, so none joins late.
  if (!cfg.cluster.listen.empty()) {
    auto where = config::parse_host_port(cfg.cluster.listen, "[cluster] listen");
    if (!where)
      return std::move(where).error();
    auto reg = cluster::listen(sys, *where, cfg.cluster.secret, renderers, mailers);
    if (!reg)
      return std::move(reg).error();
    im.stop_order.push_back(*reg);
  }
  // The scheduler stops first, so no new run starts while the pools go down.
  if (rep.scheduler_enabled) {
    svc.scheduler = sys.spawn(scheduler, svc, make_scheduler_options(rep, svc.timeouts));
    im.stop_order.push_back(caf::actor_cast<caf::actor>(svc.scheduler));
  }
  im.front = sys.spawn(front, svc, limits);
  for (auto a : {caf::actor_cast<caf::actor>(im.front), caf::actor_cast<caf::actor>(svc.renderer),
                 caf::actor_cast<caf::actor>(svc.mailer), caf::actor_cast<caf::actor>(svc.grafana),
                 caf::actor_cast<caf::actor>(svc.auth), caf::actor_cast<caf::actor>(svc.store)})
    if (a)
      im.stop_order.push_back(a);
  for (auto& r : readers)
    im.stop_order.push_back(caf::actor_cast<caf::actor>(r));
  return rt;
}

void runtime::handle(http::request req, http::responder out) {
  caf::anon_send(impl_->front, std::move(req), std::move(out));
}

void runtime::stop() {
  if (!impl_ || impl_->stopped)
    return;
  impl_->stopped = true;
  caf::scoped_actor self{impl_->sys};
  // One at a time, so nothing still running can message an actor that is already gone.
  for (auto& a : impl_->stop_order) {
    self->send_exit(a, caf::exit_reason::user_shutdown);
    self->wait_for(a);
  }
  impl_->stop_order.clear();
  impl_->front = nullptr;
}

}  // namespace reportd
