#pragma once
// reportd's configuration: Grafana-style INI file, REPORTD_<SECTION>_<KEY> environment
// overrides, then command-line flags (later wins). Validated at load; a bad value stops
// start-up with a message naming the key.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/timeouts.hpp"
#include "model/problem.hpp"

namespace reportd::config {

using millis = std::chrono::milliseconds;

struct server_settings {        // [server]
  std::string http_addr = "0.0.0.0";
  std::uint16_t http_port = 3300;
  std::string root_url = "http://localhost:3300";  // public URL used in email links
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  millis read_timeout = defaults::read_timeout;
  millis write_timeout = defaults::write_timeout;
  millis idle_timeout = defaults::idle_timeout;
  millis drain_timeout = defaults::drain_timeout;
  int io_threads = 2;
  int actor_threads = 0;           // CAF scheduler threads; 0: one per core
  int max_inflight_light = 10000;  // CRUD requests in flight before 503
  int max_inflight_heavy = 256;    // send/render requests in flight before 503
  int max_connections = 10000;     // open connections before new ones are answered 503 and closed
  // Grafana's key: log a line for every request. Off, only requests answered 5xx are logged,
  // so the hot path formats and queues no log line (the metrics count every request).
  bool router_logging = false;
  // This process's name in /api/health and /metrics when several run on one database;
  // empty: <host name>:<http_port>.
  std::string instance_id;
};

struct database_settings {      // [database], Grafana's keys
  std::string type = "sqlite3";     // sqlite3 | postgres
  std::string path = "reportd.db";  // sqlite3: relative to paths.data
  // postgres: `url` (postgres://user:secret@host:port/name?sslmode=...) wins when set; else
  // host ("host:port", or a socket folder), name, user, password, ssl_mode, ca_cert_path.
  std::string url;
  std::string host = "127.0.0.1:5432";
  std::string name = "reportd";
  std::string user = "reportd";
  std::string password;
  std::string ssl_mode = "disable";  // libpq's sslmode: disable ... verify-full
  std::string ca_cert_path;
  std::string sync = "normal";      // normal | full
  int max_queue = 128;              // requests waiting for the store before 503 (Retry-After)
  // Store connections in all: one writer + (max_open_conn - 1) read-only readers, so reads do
  // not queue behind each other or behind a write. 1: reads and writes share one connection.
  int max_open_conn = 5;
};

struct smtp_settings {          // [smtp]
  bool enabled = false;             // false: spool .eml files into <data>/outbox
  std::string host;                 // host:port
  std::string user;
  std::string password;
  std::string from_address = "admin@reportd.localhost";
  std::string from_name = "reportd";
  std::string ehlo_identity;
  std::string startTLS_policy = "opportunistic";  // opportunistic | mandatory | none
  bool implicit_tls = false;
  bool skip_verify = false;
};

struct reporting_settings {     // [reporting]
  int render_workers = 2;
  int mail_workers = 2;
  int max_attachment_size_mb = 10;
  bool provision_demo = true;  // first start: a demo dashboard and report in org 1
  millis auth_timeout = defaults::auth_timeout;
  millis store_timeout = defaults::store_timeout;
  millis render_timeout = defaults::render_timeout;
  millis mail_timeout = defaults::mail_timeout;
  millis request_deadline = defaults::request_deadline;
  bool scheduler_enabled = true;    // run scheduled reports in this process
  int retry_count = 2;              // retries of a failed scheduled run
  millis retry_backoff = millis{30000};     // before the first retry, doubling
  millis missed_run_grace = millis{3600000};  // a run missed while down is sent if this recent
  // How often the scheduler re-reads every schedule from the database: a change made through
  // another instance on the same database is seen within this.
  millis schedule_reload = millis{60000};
  // What one render may expand to: more panels (rows and repeats unrolled) is a 400; more
  // series per panel or points per series are cut, with a note on the panel.
  int max_panels_per_render = 500;
  int max_series_per_panel = 1000;
  int max_points_per_series = 11000;  // Grafana's floor for a Prometheus step is range / 11000
  int max_pages_per_render = 500;     // pages of one PDF; more is a 400 before anything is drawn
};

struct security_settings {      // [security]
  millis auth_cache_ttl = defaults::auth_cache_ttl;
  // PBKDF2-HMAC-SHA256 iterations for new passwords (OWASP 2023; auth/token.hpp has the
  // same number). Tests lower it to keep user creation and Basic logins fast.
  int password_hash_iterations = 600'000;
  // Failed Basic logins (auth/login_limiter.hpp): per login and source, per source, per login
  // (the last never locks out an address that has not failed itself), each per window.
  int login_max_failures = 5;
  int login_max_failures_per_source = 100;
  int login_max_failures_per_login = 50;
  millis login_failure_window = defaults::login_failure_window;
  int password_workers = 2;  // threads checking passwords (PBKDF2), apart from token look-ups
  int password_queue = 32;   // checks waiting for a worker before 503 (Retry-After)
  // Comma list of logo hosts that may resolve to loopback, private or link-local addresses;
  // every other logo host must be public at every hop. "" (default): none.
  std::string allowed_logo_hosts;
  int max_logo_dimension = 4096;  // a logo wider or taller (from its PNG header) is left out
};

struct log_settings {           // [log]
  std::string level = "info";   // trace debug info warn error
};

struct path_settings {          // [paths]
  std::string data = "data";
  std::string provisioning;     // Grafana-style provisioning folder (reads <it>/datasources/*.yaml); "": <data>/provisioning
};

struct grafana_settings {       // [grafana]: a Grafana next to reportd (dashboards, datasources)
  std::string url;              // "": reportd stands alone
  std::string token;            // service-account token, or $__file{/path}; env REPORTD_GRAFANA_TOKEN
  std::int64_t org_id = 0;      // X-Grafana-Org-Id; 0: the token's own organisation
  /// reportd org -> the Grafana org it reads ("1:1, 2:4"); when set, org_id is not used and a
  /// reportd org not listed reads no Grafana at all.
  std::map<std::int64_t, std::int64_t> org_map;
  std::string dashboards = "both";  // grafana | local | both: where a report's dashboard is looked up first
  bool prefer_proxy = false;    // every datasource through Grafana, also the provisioned ones
  bool tls_skip_verify = false;
  std::string ca_cert;          // PEM file trusted for Grafana's certificate
  millis timeout = millis{30000};  // per request to Grafana, cut to the render's deadline
};

struct cluster_settings {       // [cluster]: remote render and mail workers (reportd worker)
  /// host:port where this reportd takes workers' joins ("" : none); a worker process names
  /// the same with --join.
  std::string listen;
  /// Shared by the coordinator and its workers; a join with another is refused. Required
  /// with listen. Env REPORTD_CLUSTER_SECRET.
  std::string secret;
  /// This worker process's name in the coordinator's logs ("": <host name>/pid<pid>).
  std::string worker_name;
};

struct settings {
  server_settings server;
  database_settings database;
  smtp_settings smtp;
  reporting_settings reporting;
  security_settings security;
  log_settings log;
  path_settings paths;
  grafana_settings grafana;
  cluster_settings cluster;
  std::string config_file;  // the INI file that was read, "" for none
};

struct host_port {
  std::string host;
  std::uint16_t port = 0;
};

/// "host:port", "[v6]:port" or ":port" (every address) -> its parts; anything else, or a
/// port outside 1..65535, is a bad_request naming `what`.
model::checked<host_port> parse_host_port(const std::string& text, const std::string& what);

/// Loads settings: defaults, then the INI file (if `ini_path` non-empty; it must exist),
/// then REPORTD_<SECTION>_<KEY> variables from `environ`, then `overrides` of the form
/// "section.key=value" (from flags). Any unknown key in a known section, or bad value,
/// is a bad_request problem whose message names the key.
model::checked<settings> load(const std::string& ini_path,
                              const std::vector<std::string>& overrides = {});

}  // namespace reportd::config
