#include "config/fields.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include "config/values.hpp"

namespace reportd::config {
namespace {

template <class S>
using section_ptr = S settings::*;

template <class S>
field text(const char* section, const char* key, section_ptr<S> sec, std::string S::*m) {
  return {section, key, [=](settings& s, const std::string& v) {
            (s.*sec).*m = unquote(v);
            return std::string();
          }};
}

template <class S>
field one_of(const char* section, const char* key, section_ptr<S> sec, std::string S::*m,
             std::vector<std::string> choices) {
  return {section, key, [=](settings& s, const std::string& v) {
            auto value = unquote(v);
            if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
              std::string reason = "is not one of";
              for (const auto& c : choices)
                reason += " " + c;
              return reason;
            }
            (s.*sec).*m = value;
            return std::string();
          }};
}

template <class S>
field flag(const char* section, const char* key, section_ptr<S> sec, bool S::*m) {
  return {section, key, [=](settings& s, const std::string& v) {
            auto b = parse_bool(unquote(v));
            if (auto* reason = std::get_if<std::string>(&b))
              return *reason;
            (s.*sec).*m = std::get<bool>(b);
            return std::string();
          }};
}

// An integer in [min, max]; `min` is 0 for ports (0 = ephemeral) and 1 for limits and counts.
template <class S, class N>
field number(const char* section, const char* key, section_ptr<S> sec, N S::*m, std::uint64_t min,
             std::uint64_t max = static_cast<std::uint64_t>(std::numeric_limits<N>::max())) {
  return {section, key, [=](settings& s, const std::string& v) {
            auto n = parse_unsigned(unquote(v), max);
            if (auto* reason = std::get_if<std::string>(&n))
              return *reason;
            if (std::get<std::uint64_t>(n) < min)
              return std::string(min == 1 ? "must be positive" : "is too small");
            (s.*sec).*m = static_cast<N>(std::get<std::uint64_t>(n));
            return std::string();
          }};
}

// A duration; `zero_ok` for the ones where 0 means "off" (the auth cache).
template <class S>
field duration(const char* section, const char* key, section_ptr<S> sec, millis S::*m,
               bool zero_ok = false) {
  return {section, key, [=](settings& s, const std::string& v) {
            auto d = parse_duration(unquote(v));
            if (auto* reason = std::get_if<std::string>(&d))
              return *reason;
            auto count = std::get<millis>(d).count();
            if (count < 0 || (count == 0 && !zero_ok))
              return std::string("must be a positive duration");
            (s.*sec).*m = std::get<millis>(d);
            return std::string();
          }};
}

std::vector<field> make_fields() {
  using ss = server_settings;
  using ds = database_settings;
  using ms = smtp_settings;
  using rs = reporting_settings;
  const auto sv = &settings::server;
  const auto db = &settings::database;
  const auto mt = &settings::smtp;
  const auto rp = &settings::reporting;
  return {
      text("server", "http_addr", sv, &ss::http_addr),
      number("server", "http_port", sv, &ss::http_port, 0),
      text("server", "root_url", sv, &ss::root_url),
      number("server", "max_header_bytes", sv, &ss::max_header_bytes, 1),
      number("server", "max_body_bytes", sv, &ss::max_body_bytes, 1),
      duration("server", "read_timeout", sv, &ss::read_timeout),
      duration("server", "write_timeout", sv, &ss::write_timeout),
      duration("server", "idle_timeout", sv, &ss::idle_timeout),
      duration("server", "drain_timeout", sv, &ss::drain_timeout),
      number("server", "io_threads", sv, &ss::io_threads, 1),
      number("server", "actor_threads", sv, &ss::actor_threads, 0),
      flag("server", "router_logging", sv, &ss::router_logging),
      number("server", "max_inflight_light", sv, &ss::max_inflight_light, 1),
      number("server", "max_inflight_heavy", sv, &ss::max_inflight_heavy, 1),
      number("server", "max_connections", sv, &ss::max_connections, 1),
      text("server", "instance_id", sv, &ss::instance_id),
      one_of("database", "type", db, &ds::type, {"sqlite3", "postgres"}),
      text("database", "path", db, &ds::path),
      text("database", "url", db, &ds::url),
      text("database", "host", db, &ds::host),
      text("database", "name", db, &ds::name),
      text("database", "user", db, &ds::user),
      text("database", "password", db, &ds::password),
      one_of("database", "ssl_mode", db, &ds::ssl_mode,
             {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}),
      text("database", "ca_cert_path", db, &ds::ca_cert_path),
      one_of("database", "sync", db, &ds::sync, {"normal", "full"}),
      number("database", "max_queue", db, &ds::max_queue, 1),
      number("database", "max_open_conn", db, &ds::max_open_conn, 1, 64),
      flag("smtp", "enabled", mt, &ms::enabled),
      text("smtp", "host", mt, &ms::host),
      text("smtp", "user", mt, &ms::user),
      text("smtp", "password", mt, &ms::password),
      text("smtp", "from_address", mt, &ms::from_address),
      text("smtp", "from_name", mt, &ms::from_name),
      text("smtp", "ehlo_identity", mt, &ms::ehlo_identity),
      one_of("smtp", "startTLS_policy", mt, &ms::startTLS_policy, {"opportunistic", "mandatory", "none"}),
      flag("smtp", "implicit_tls", mt, &ms::implicit_tls),
      flag("smtp", "skip_verify", mt, &ms::skip_verify),
      number("reporting", "render_workers", rp, &rs::render_workers, 1),
      number("reporting", "mail_workers", rp, &rs::mail_workers, 1),
      number("reporting", "max_attachment_size_mb", rp, &rs::max_attachment_size_mb, 1),
      flag("reporting", "provision_demo", rp, &rs::provision_demo),
      duration("reporting", "auth_timeout", rp, &rs::auth_timeout),
      duration("reporting", "store_timeout", rp, &rs::store_timeout),
      duration("reporting", "render_timeout", rp, &rs::render_timeout),
      duration("reporting", "mail_timeout", rp, &rs::mail_timeout),
      duration("reporting", "request_deadline", rp, &rs::request_deadline),
      flag("reporting", "scheduler_enabled", rp, &rs::scheduler_enabled),
      number("reporting", "retry_count", rp, &rs::retry_count, 0, 100),
      duration("reporting", "retry_backoff", rp, &rs::retry_backoff),
      duration("reporting", "missed_run_grace", rp, &rs::missed_run_grace),
      duration("reporting", "schedule_reload", rp, &rs::schedule_reload),
      number("reporting", "max_panels_per_render", rp, &rs::max_panels_per_render, 1),
      number("reporting", "max_series_per_panel", rp, &rs::max_series_per_panel, 1),
      number("reporting", "max_points_per_series", rp, &rs::max_points_per_series, 1),
      number("reporting", "max_pages_per_render", rp, &rs::max_pages_per_render, 1),
      duration("security", "auth_cache_ttl", &settings::security, &security_settings::auth_cache_ttl, true),
      number("security", "password_hash_iterations", &settings::security,
             &security_settings::password_hash_iterations, 1, 10'000'000),
      number("security", "login_max_failures", &settings::security, &security_settings::login_max_failures, 1),
      number("security", "login_max_failures_per_source", &settings::security,
             &security_settings::login_max_failures_per_source, 1),
      number("security", "login_max_failures_per_login", &settings::security,
             &security_settings::login_max_failures_per_login, 1),
      duration("security", "login_failure_window", &settings::security, &security_settings::login_failure_window),
      number("security", "password_workers", &settings::security, &security_settings::password_workers, 1, 64),
      number("security", "password_queue", &settings::security, &security_settings::password_queue, 0, 100000),
      text("security", "allowed_logo_hosts", &settings::security, &security_settings::allowed_logo_hosts),
      number("security", "max_logo_dimension", &settings::security, &security_settings::max_logo_dimension, 1,
             65535),
      one_of("log", "level", &settings::log, &log_settings::level, {"trace", "debug", "info", "warn", "error"}),
      text("paths", "data", &settings::paths, &path_settings::data),
      text("paths", "provisioning", &settings::paths, &path_settings::provisioning),
      text("grafana", "url", &settings::grafana, &grafana_settings::url),
      text("grafana", "token", &settings::grafana, &grafana_settings::token),
      number("grafana", "org_id", &settings::grafana, &grafana_settings::org_id, 0),
      field{"grafana", "org_map",
            [](settings& s, const std::string& v) {
              auto m = parse_org_map(unquote(v));
              if (auto* reason = std::get_if<std::string>(&m))
                return *reason;
              s.grafana.org_map = std::move(std::get<0>(m));
              return std::string();
            }},
      one_of("grafana", "dashboards", &settings::grafana, &grafana_settings::dashboards, {"grafana", "local", "both"}),
      flag("grafana", "prefer_proxy", &settings::grafana, &grafana_settings::prefer_proxy),
      flag("grafana", "tls_skip_verify", &settings::grafana, &grafana_settings::tls_skip_verify),
      text("grafana", "ca_cert", &settings::grafana, &grafana_settings::ca_cert),
      duration("grafana", "timeout", &settings::grafana, &grafana_settings::timeout),
      text("cluster", "listen", &settings::cluster, &cluster_settings::listen),
      text("cluster", "secret", &settings::cluster, &cluster_settings::secret),
      text("cluster", "worker_name", &settings::cluster, &cluster_settings::worker_name),
  };
}

}  // namespace

const std::vector<field>& fields() {
  static const std::vector<field> table = make_fields();
  return table;
}

const field* find_field(std::string_view section, std::string_view key) {
  auto s = to_lower(section);
  auto k = to_lower(key);
  for (const auto& f : fields())
    if (to_lower(f.section) == s && to_lower(f.key) == k)
      return &f;
  return nullptr;
}

bool known_section(std::string_view section) {
  auto s = to_lower(section);
  return std::any_of(fields().begin(), fields().end(), [&](const field& f) { return f.section == s; });
}

}  // namespace reportd::config
