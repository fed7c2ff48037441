#include "app/database_options.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace reportd {
namespace {

std::string sqlite_path(const config::settings& cfg) {
  std::filesystem::path p = cfg.database.path;
  if (p.is_relative()) p = std::filesystem::path(cfg.paths.data) / p;
  return p.string();
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// Grafana's `host`: "host:port", "host", "[v6]:port" or a socket folder ("/run/postgresql").
void add_host(store::open_options& o, const std::string& host) {
  const auto colon = host.rfind(':');
  const bool has_port = host.front() != '/' && colon != std::string::npos && all_digits(host.substr(colon + 1)) &&
                        (host.find(':') == colon || host[colon - 1] == ']');
  std::string name = has_port ? host.substr(0, colon) : host;
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  o.postgres.emplace_back("host", name);
  if (has_port) o.postgres.emplace_back("port", host.substr(colon + 1));
}

void add_postgres(store::open_options& o, const config::database_settings& db) {
  if (!db.url.empty()) {  // libpq expands a URL given as dbname; nothing else is added
    o.postgres.emplace_back("dbname", db.url);
    return;
  }
  if (!db.host.empty()) add_host(o, db.host);
  o.postgres.emplace_back("dbname", db.name);
  o.postgres.emplace_back("user", db.user);
  if (!db.password.empty()) o.postgres.emplace_back("password", db.password);
  o.postgres.emplace_back("sslmode", db.ssl_mode);
  if (!db.ca_cert_path.empty()) o.postgres.emplace_back("sslrootcert", db.ca_cert_path);
}

/// postgres://user:secret@host/name without its password.
std::string url_without_password(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

}  // namespace

store::open_options database_options(const config::settings& cfg) {
  store::open_options o;
  o.synchronous_full = cfg.database.sync == "full";
  o.password_iterations = cfg.security.password_hash_iterations;
  o.dashboards_elsewhere = !cfg.grafana.url.empty() && cfg.grafana.dashboards != "local";
  if (cfg.database.type == "postgres")
    add_postgres(o, cfg.database);
  else
    o.path = sqlite_path(cfg);
  return o;
}

std::string database_label(const config::settings& cfg) {
  const auto& db = cfg.database;
  if (db.type != "postgres") return sqlite_path(cfg);
  if (!db.url.empty()) return url_without_password(db.url);
  return "postgres://" + db.user + "@" + db.host + "/" + db.name;
}

}  // namespace reportd
