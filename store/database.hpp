#pragma once
// The report store's engine: every SQL statement reportd runs, behind plain C++ calls.
// CAF-free and blocking: the store and auth actors own one `database` each and run on
// their own (detached) threads. One instance is not thread-safe; open one per thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/token.hpp"
#include "model/principal.hpp"
#include "model/problem.hpp"
#include "model/records.hpp"
#include "model/report.hpp"
#include "model/settings.hpp"

namespace reportd::store {

struct open_options {
  std::string path;            // SQLite file; created with its folder if missing
  bool synchronous_full = false;  // synchronous=FULL instead of NORMAL
  int password_iterations = auth::recommended_password_iterations;  // PBKDF2 for new users
  /// [grafana] dashboards both/grafana: a report may name a dashboard uid this database does
  /// not store (Grafana serves it when the report is rendered).
  bool dashboards_elsewhere = false;
  /// A reader beside the writer ([database] max_open_conn > 1): opens an existing database
  /// read-only (SQLite query_only, PostgreSQL read-only transactions) and runs no migrations;
  /// the writer has.
  bool read_only = false;
  /// Non-empty: PostgreSQL instead of SQLite, reached with these libpq keywords and values
  /// (a postgres:// URL may stand as "dbname"); `path` and `synchronous_full` are unused.
  std::vector<std::pair<std::string, std::string>> postgres = {};
};

class database {
public:
  /// Opens (creating if needed) and runs the numbered migrations.
  static model::checked<std::unique_ptr<database>> open(const open_options& opts);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// "ok" when a trivial query succeeds.
  model::checked<model::unit> ping();

  /// Group commit (the store writer, when several writes wait): runs `writes` in order in one
  /// write transaction and commits once. Each entry calls one write function of this class
  /// and answers whether it succeeded; each runs inside its own savepoint, so one that did not
  /// is rolled back alone and the others still commit. An error when the transaction could
  /// not begin or commit (or a savepoint failed): then none of the writes is stored, whatever
  /// each answered. See sql::run_group.
  model::checked<model::unit> write_group(const std::vector<std::function<bool()>>& writes);

  // --- reports (all scoped by org; another org's report is not_found) ---
  /// Validated report in; fills dashboard id/name from the dashboards table; an unknown
  /// dashboard uid in the org is not_found. Returns the new id. Sets uid, created, updated.
  model::checked<std::int64_t> create_report(model::report r);
  model::checked<model::report> get_report(std::int64_t org_id, std::int64_t id);
  /// Every report of the org, in id order (read slice by slice in one transaction).
  model::checked<std::vector<model::report>> list_reports(std::int64_t org_id);
  /// One slice of the org's reports in id order (see model::report_page): two statements
  /// however many reports the slice holds.
  model::checked<std::vector<model::report>> list_reports(const model::report_page& q);
  model::checked<std::vector<model::report>> reports_using_dashboard(std::int64_t org_id,
                                                                     const std::string& uid);
  /// Replaces the report (keeps id, uid, org, user, created). not_found if absent.
  model::checked<model::unit> update_report(model::report r);
  model::checked<model::unit> delete_report(std::int64_t org_id, std::int64_t id);

  // --- dashboards ---
  /// Saves Grafana dashboard JSON (an object). Assigns a uid when missing; with
  /// overwrite=false an existing uid (or same title) is a bad_request ("already exists").
  model::checked<model::stored_dashboard> save_dashboard(std::int64_t org_id, const std::string& json,
                                                  bool overwrite);
  model::checked<model::stored_dashboard> get_dashboard(std::int64_t org_id, const std::string& uid);
  model::checked<model::unit> delete_dashboard(std::int64_t org_id, const std::string& uid);
  /// The org's dashboards whose title holds `q.query` (case-insensitive), by title, at most
  /// `q.limit`; origin "reportd", tags from the JSON.
  model::checked<std::vector<model::dashboard_entry>> list_dashboards(const model::dashboard_search& q);

  // --- report settings ---
  /// The org's settings, or the defaults (id 0) if never saved.
  model::checked<model::report_settings> get_settings(std::int64_t org_id);
  model::checked<model::unit> save_settings(model::report_settings s);

  // --- scheduling and run history (runs.cpp) ---
  /// Every report whose stored state is scheduled and whose frequency is not never.
  model::checked<std::vector<model::schedule_entry>> schedule_entries();
  /// One report's entry (any state, any org); nullopt when it no longer exists.
  model::checked<std::optional<model::schedule_entry>> find_schedule_entry(std::int64_t report_id);
  /// Claims the run of `report_id` due at `scheduled_at` in one transaction: inserts the
  /// run row with `status` (running, or skipped with `error`) unless that (report,
  /// scheduled time) was claimed before or the report is no longer scheduled. Answers the
  /// run id, or 0 when not claimed: no two processes on the database get the same run.
  /// A running claim holds until `lease_until` (0: for ever); a claim still running past its
  /// lease (its process died) is taken over by the next claim of the same run, once.
  model::checked<std::int64_t> claim_run(std::int64_t report_id, std::int64_t scheduled_at,
                                         std::int64_t now, const std::string& status,
                                         const std::string& recipients,
                                         const std::string& error = {}, std::int64_t lease_until = 0);
  /// Records how a claimed run ended; a once report that was sent becomes expired.
  model::checked<model::unit> finish_run(const model::run_outcome& o);
  /// Runs of an org, newest first, optionally of one report and/or one status.
  model::checked<std::vector<model::run_record>> list_runs(const model::run_query& q);
  /// Number of runs per status, all orgs (for /metrics).
  model::checked<model::run_counts> count_runs_by_status();
  /// Marks runs still "running" that started before `started_before` as failed (their
  /// process died mid-run); answers how many.
  model::checked<std::int64_t> fail_abandoned_runs(std::int64_t started_before);

  // --- identities (reportd admin ...) ---
  model::checked<std::int64_t> create_org(const std::string& name);
  /// Whether the org exists; an error when the database could not say (never read as "no such
  /// org"). Mind `if (org_exists(id))`: it tests that the database answered, not the answer.
  model::checked<bool> org_exists(std::int64_t org_id);
  model::checked<std::int64_t> create_user(const std::string& login, const std::string& password,
                                           std::int64_t org_id, model::role role);
  /// Adds (or changes) a user's role in another org.
  model::checked<model::unit> add_user_to_org(const std::string& login, std::int64_t org_id,
                                               model::role role);
  model::checked<std::int64_t> create_service_account(std::int64_t org_id, const std::string& name,
                                                      model::role role);
  /// Generates a glsa_ token, stores only its SHA-256, returns the token text (shown once).
  model::checked<std::string> create_token(std::int64_t service_account_id, const std::string& name);
  /// Generates a legacy API key (base64 JSON {"k","n","id"}), stores only its hash.
  model::checked<std::string> create_api_key(std::int64_t org_id, const std::string& name,
                                             model::role role);
  model::checked<std::vector<model::token_info>> list_tokens(std::int64_t org_id);
  model::checked<model::unit> revoke_token(std::int64_t token_id);

  // --- authentication look-ups (used by the auth actor) ---
  // nullopt: no such credentials; an error: the database could not say (never read as a
  // refusal, so an outage answers 500 instead of telling a client its token is wrong).
  /// The principal for a service-account token or API key, by SHA-256 hex of the secret.
  model::checked<std::optional<model::principal>> principal_for_token_hash(const std::string& sha256_hex);
  /// The principal for a user login + password in `org_id` (0: the user's default org).
  model::checked<std::optional<model::principal>> principal_for_user(const std::string& login,
                                                                     const std::string& password,
                                                                     std::int64_t org_id);

private:
  database();
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reportd::store
