#include "store/migrations.hpp"

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "model/clock.hpp"

namespace reportd::store {
namespace {

// Roles are stored as their API spelling ("Viewer", "Editor", "Admin"); times as epoch seconds.
constexpr const char* m1_identities = R"sql(
CREATE TABLE orgs (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL
);
INSERT INTO orgs (id, name, created) VALUES (1, 'Main Org.', CAST(strftime('%s', 'now') AS INTEGER));
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created       INTEGER NOT NULL
);
CREATE TABLE org_users (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id  INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  role    TEXT NOT NULL,
  PRIMARY KEY (user_id, org_id)
);
CREATE TABLE service_accounts (
  id      INTEGER PRIMARY KEY,
  org_id  INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  role    TEXT NOT NULL,
  created INTEGER NOT NULL,
  UNIQUE (org_id, name)
);
-- A row is either a service-account token (service_account_id set; its role and org come
-- from the account) or an org-level legacy API key (service_account_id NULL; own role).
CREATE TABLE api_tokens (
  id                 INTEGER PRIMARY KEY,
  org_id             INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  service_account_id INTEGER REFERENCES service_accounts(id) ON DELETE CASCADE,
  role               TEXT,
  name               TEXT NOT NULL,
  hash               TEXT NOT NULL UNIQUE,
  created            INTEGER NOT NULL,
  revoked            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);
)sql";

constexpr const char* m2_dashboards_reports = R"sql(
CREATE TABLE dashboards (
  id      INTEGER PRIMARY KEY,
  org_id  INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  uid     TEXT NOT NULL,
  title   TEXT NOT NULL,
  version INTEGER NOT NULL,
  json    TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  UNIQUE (org_id, uid)
);
CREATE TABLE reports (
  id                          INTEGER PRIMARY KEY,
  uid                         TEXT NOT NULL UNIQUE,
  org_id                      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  user_id                     INTEGER NOT NULL,
  name                        TEXT NOT NULL,
  subject                     TEXT NOT NULL,
  recipients                  TEXT NOT NULL,
  reply_to                    TEXT NOT NULL,
  message                     TEXT NOT NULL,
  start_date                  INTEGER,
  end_date                    INTEGER,
  frequency                   TEXT NOT NULL,
  interval_frequency          TEXT NOT NULL,
  interval_amount             INTEGER NOT NULL,
  workdays_only               INTEGER NOT NULL,
  day_of_month                TEXT NOT NULL,
  time_zone                   TEXT NOT NULL,
  orientation                 TEXT NOT NULL,
  layout                      TEXT NOT NULL,
  time_from                   TEXT NOT NULL,
  time_to                     TEXT NOT NULL,
  pdf_show_template_variables INTEGER NOT NULL,
  pdf_combine_one_file        INTEGER NOT NULL,
  enable_dashboard_url        INTEGER NOT NULL,
  enable_csv                  INTEGER NOT NULL,
  state                       TEXT NOT NULL,
  formats                     TEXT NOT NULL,
  scale_factor                INTEGER NOT NULL,
  created                     INTEGER NOT NULL,
  updated                     INTEGER NOT NULL
);
CREATE INDEX reports_org ON reports (org_id);
-- dashboard_id/dashboard_name snapshot the dashboard at save time; reads prefer the live row.
CREATE TABLE report_dashboards (
  report_id      INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  dashboard_uid  TEXT NOT NULL,
  dashboard_id   INTEGER NOT NULL,
  dashboard_name TEXT NOT NULL,
  time_from      TEXT NOT NULL,
  time_to        TEXT NOT NULL,
  variables      TEXT NOT NULL,
  PRIMARY KEY (report_id, position)
);
CREATE INDEX report_dashboards_uid ON report_dashboards (dashboard_uid);
CREATE TABLE report_settings (
  id                          INTEGER PRIMARY KEY,
  org_id                      INTEGER NOT NULL UNIQUE REFERENCES orgs(id) ON DELETE CASCADE,
  user_id                     INTEGER NOT NULL,
  report_logo_url             TEXT NOT NULL,
  email_logo_url              TEXT NOT NULL,
  email_footer_mode           TEXT NOT NULL,
  email_footer_text           TEXT NOT NULL,
  email_footer_link           TEXT NOT NULL,
  pdf_theme                   TEXT NOT NULL,
  embedded_image_theme        TEXT NOT NULL,
  pdf_header_enabled          INTEGER NOT NULL,
  pdf_dashboard_title_enabled INTEGER NOT NULL,
  pdf_time_range_enabled      INTEGER NOT NULL
);
-- Run history, filled by the scheduler and the send path later.
CREATE TABLE report_runs (
  id               INTEGER PRIMARY KEY,
  report_id        INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  org_id           INTEGER NOT NULL,
  scheduled_at     INTEGER,
  started_at       INTEGER,
  finished_at      INTEGER,
  status           TEXT NOT NULL,
  error            TEXT NOT NULL DEFAULT '',
  recipients       TEXT NOT NULL DEFAULT '',
  attachment_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX report_runs_report ON report_runs (report_id, started_at);
)sql";

// Scheduling: a run is claimed by inserting its (report, scheduled time) row, so the unique
// index is what makes a run happen once across restarts and processes. NULL scheduled_at
// (runs not from the schedule) never collide.
constexpr const char* m3_run_claims = R"sql(
ALTER TABLE report_runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX report_runs_claim ON report_runs (report_id, scheduled_at);
CREATE INDEX report_runs_status ON report_runs (org_id, status, id);
)sql";

// A report whose panels failed is still sent; its run says how many and why (a JSON array
// of one line per panel). Runs recorded before read as none failed.
constexpr const char* m4_run_panel_errors = R"sql(
ALTER TABLE report_runs ADD COLUMN failed_panels INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_runs ADD COLUMN panel_errors TEXT NOT NULL DEFAULT '[]';
)sql";

// Migration 5, part one: a report names the encoding of its CSV files; reports saved before
// read as utf-8.
constexpr const char* m5_report_csv_encoding = R"sql(
ALTER TABLE reports ADD COLUMN csv_encoding TEXT NOT NULL DEFAULT 'utf-8';
)sql";

std::string text_of(sql::connection& db, const std::string& query) {
  sql::statement s(db, query);
  return s.step() ? s.column_text(0) : std::string();
}

// Migration 5, part two: ids are never reused (a stale client's DELETE /api/reports/7 must
// not remove the report created after the old 7 was deleted): INTEGER PRIMARY KEY alone
// hands out max(id) + 1 again, AUTOINCREMENT never does. SQLite cannot add AUTOINCREMENT
// to a table, so each is rebuilt from its stored definition (whatever columns earlier
// migrations added), as SQLite's "other kinds of table schema changes" procedure
// describes, indexes included.
// Ids already deleted before this migration cannot be known; from here on none returns.
void add_autoincrement(sql::connection& db, const std::string& table) {
  std::string create = text_of(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'");
  const std::string head = "CREATE TABLE " + table + " (";
  static const std::regex key(R"(\bid\s+INTEGER PRIMARY KEY\s*,)");
  if (create.rfind(head, 0) != 0 || !std::regex_search(create, key))
    throw sql::error("migration 5: unexpected definition of table " + table);
  create = std::regex_replace(create, key, "id INTEGER PRIMARY KEY AUTOINCREMENT,", std::regex_constants::format_first_only);
  create.replace(0, head.size(), "CREATE TABLE " + table + "_rebuilt (");
  std::vector<std::string> indexes;
  {
    sql::statement s(db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '" + table +
                             "' AND sql IS NOT NULL");
    while (s.step()) indexes.push_back(s.column_text(0));
  }
  db.exec(create.c_str());
  db.exec(("INSERT INTO " + table + "_rebuilt SELECT * FROM " + table).c_str());
  db.exec(("DROP TABLE " + table).c_str());
  db.exec(("ALTER TABLE " + table + "_rebuilt RENAME TO " + table).c_str());
  for (const auto& index : indexes) db.exec(index.c_str());
}

void m5_ids_never_reused(sql::connection& db) {
  // (PostgreSQL's identity columns never reuse an id; this rebuild is SQLite's alone.)
  for (const char* table : {"reports", "dashboards", "api_tokens", "report_runs"}) add_autoincrement(db, table);
}

// The PDF footer's items and font (Grafana's footerItems, footerFontFamily); settings saved
// before read as none and the report font.
constexpr const char* m6_settings_footer = R"sql(
ALTER TABLE report_settings ADD COLUMN footer_items TEXT NOT NULL DEFAULT '[]';
ALTER TABLE report_settings ADD COLUMN footer_font_family TEXT NOT NULL DEFAULT '';
)sql";

// Migration 1 inserts org 1 with its id; the identity column's sequence must start after it.
void pg_orgs_sequence_after_main_org(sql::connection& db) {
  db.exec("SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT MAX(id) FROM orgs))");
}

// Migration 7: the order a user joined their orgs (a login without an org lands in the first),
// as a column both engines have; SQLite knew it only as the rows' rowid order.
constexpr const char* m7_membership_order = R"sql(
ALTER TABLE org_users ADD COLUMN joined INTEGER NOT NULL DEFAULT 0;
)sql";

void m7_joined_from_rowid(sql::connection& db) { db.exec("UPDATE org_users SET joined = rowid"); }

// Migration 8: a running claim's lease (epoch seconds). Past it, the process that claimed the
// run is taken to be dead and another may take the run over; rows before it have none.
constexpr const char* m8_run_leases = R"sql(
ALTER TABLE report_runs ADD COLUMN lease_until INTEGER;
)sql";

int current_version(sql::connection& db) {
  sql::statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return s.step() ? static_cast<int>(s.column_int(0)) : 0;
}

}  // namespace

const std::vector<migration>& all_migrations() {
  static const std::vector<migration> list = {
      {1, m1_identities, nullptr, pg_orgs_sequence_after_main_org},
      {2, m2_dashboards_reports},
      {3, m3_run_claims},
      {4, m4_run_panel_errors},
      {5, m5_report_csv_encoding, m5_ids_never_reused},
      {6, m6_settings_footer},
      {7, m7_membership_order, m7_joined_from_rowid},
      {8, m8_run_leases},
  };
  return list;
}

namespace {

/// Foreign keys off while migrations rebuild tables (a DROP TABLE would cascade into the
/// children); SQLite ignores the pragma inside a transaction, so it brackets the transaction.
class foreign_keys_off {
public:
  explicit foreign_keys_off(sql::connection& db) : db_(db) {
    was_on_ = text_of(db, "PRAGMA foreign_keys") == "1";
    if (was_on_) db_.exec("PRAGMA foreign_keys=OFF");
  }
  ~foreign_keys_off() {
    try {
      if (was_on_) db_.exec("PRAGMA foreign_keys=ON");
    } catch (...) {
    }
  }
  foreign_keys_off(const foreign_keys_off&) = delete;
  foreign_keys_off& operator=(const foreign_keys_off&) = delete;

private:
  sql::connection& db_;
  bool was_on_ = false;
};

}  // namespace

std::string postgres_ddl(const std::string& sqlite_text) {
  static const std::regex key(R"(\bINTEGER PRIMARY KEY\b)");
  static const std::regex now(R"(CAST\(strftime\('%s', 'now'\) AS INTEGER\))");
  static const std::regex integer(R"(\bINTEGER\b)");
  std::string pg = std::regex_replace(sqlite_text, key, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  pg = std::regex_replace(pg, now, "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)");
  return std::regex_replace(pg, integer, "BIGINT");
}

namespace {

constexpr const char* schema_migrations_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

// Any fixed number: every reportd on one PostgreSQL database takes the same lock.
constexpr const char* pg_migration_lock = "SELECT pg_advisory_xact_lock(727370746)";

int apply_pending(sql::connection& db) {
  const bool pg = db.kind() == sql::engine::postgres;
  if (pg) db.exec(pg_migration_lock);  // before reading the version: the next instance waits here
  db.exec(pg ? postgres_ddl(schema_migrations_table).c_str() : schema_migrations_table);
  int version = current_version(db);
  for (const auto& m : all_migrations()) {
    if (m.version <= version) continue;
    if (pg) {
      db.exec(postgres_ddl(m.sql).c_str());
      if (m.apply_postgres != nullptr) m.apply_postgres(db);
    } else {
      db.exec(m.sql);
      if (m.apply != nullptr) m.apply(db);
    }
    sql::statement record(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (:v, :now)");
    record.bind_int(":v", m.version).bind_int(":now", model::epoch_seconds()).run();
    version = m.version;
  }
  return version;
}

}  // namespace

int migrate(sql::connection& db) {
  std::optional<foreign_keys_off> fk;
  if (db.kind() == sql::engine::sqlite) fk.emplace(db);
  sql::transaction tx(db);
  const int version = apply_pending(db);
  tx.commit();
  return version;
}

}  // namespace reportd::store
