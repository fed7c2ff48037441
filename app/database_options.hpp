#pragma once
// [database] as the store opens it: the SQLite file under [paths] data, or the PostgreSQL
// server's libpq parameters from Grafana's keys (url, or host/name/user/password/ssl_mode/
// ca_cert_path). One place, so the server, `reportd admin` and first-start provisioning
// open the same database.
#include <string>

#include "config/settings.hpp"
#include "store/database.hpp"

namespace reportd {

/// The options every store connection of this process opens with (read_only false).
store::open_options database_options(const config::settings& cfg);

/// What the log and error messages name: the SQLite file, or postgres://user@host/name
/// (never the password).
std::string database_label(const config::settings& cfg);

}  // namespace reportd
