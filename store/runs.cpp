// Scheduling and run history: what the scheduler reads, how a run is claimed exactly once,
// and the history the run endpoints list.
#include "store/database_impl.hpp"
#include "store/report_rows.hpp"

namespace reportd::store {
namespace {

using model::checked;

constexpr const char* entry_columns =
    "r.id, r.org_id, r.start_date, r.end_date, r.frequency, r.interval_frequency,"
    " r.interval_amount, r.workdays_only, r.day_of_month, r.time_zone, r.state, r.updated,"
    " (SELECT MAX(scheduled_at) FROM report_runs WHERE report_id = r.id),"
    " (SELECT MIN(scheduled_at) FROM report_runs WHERE report_id = r.id AND status = 'running'"
    "  AND lease_until < :now)";

model::schedule_entry read_entry(const sql::statement& s) {
  sql::row_reader c(s);
  model::schedule_entry e;
  e.report_id = c.next_int();
  e.org_id = c.next_int();
  e.schedule = rows::read_schedule(c);
  e.state = c.next_text();
  e.updated = c.next_int();
  e.last_run = c.next_optional_int();
  e.abandoned_run = c.next_optional_int();
  return e;
}

constexpr const char* run_columns =
    "id, report_id, org_id, scheduled_at, started_at, finished_at, status, error, recipients,"
    " attachment_bytes, attempts, failed_panels, panel_errors";

model::run_record read_run(const sql::statement& s) {
  sql::row_reader c(s);
  model::run_record r;
  r.id = c.next_int();
  r.report_id = c.next_int();
  r.org_id = c.next_int();
  r.scheduled_at = c.next_optional_int();
  r.started_at = c.next_optional_int();
  r.finished_at = c.next_optional_int();
  r.status = c.next_text();
  r.error = c.next_text();
  r.recipients = c.next_text();
  r.attachment_bytes = c.next_int();
  r.attempts = c.next_int32();
  r.failed_panels = c.next_int32();
  r.panel_errors = rows::strings_from_json(c.next_text());
  return r;
}

}  // namespace

checked<std::vector<model::schedule_entry>> database::schedule_entries() {
  return detail::guarded("load schedules", [&]() -> checked<std::vector<model::schedule_entry>> {
    sql::transaction tx(impl_->db, sql::transaction::mode::read);
    sql::statement s(impl_->db, std::string("SELECT ") + entry_columns +
                                    " FROM reports r WHERE r.state = 'scheduled'"
                                    " AND r.frequency <> 'never' ORDER BY r.id");
    s.bind_int(":now", detail::now_seconds());
    std::vector<model::schedule_entry> out;
    while (s.step())
      out.push_back(read_entry(s));
    return out;
  });
}

checked<std::optional<model::schedule_entry>> database::find_schedule_entry(std::int64_t report_id) {
  return detail::guarded("load schedule", [&]() -> checked<std::optional<model::schedule_entry>> {
    sql::statement s(impl_->db, std::string("SELECT ") + entry_columns +
                                    " FROM reports r WHERE r.id = :id");
    s.bind_int(":id", report_id).bind_int(":now", detail::now_seconds());
    if (!s.step())
      return std::optional<model::schedule_entry>{};
    return std::optional<model::schedule_entry>{read_entry(s)};
  });
}

checked<std::int64_t> database::claim_run(std::int64_t report_id, std::int64_t scheduled_at,
                                          std::int64_t now, const std::string& status,
                                          const std::string& recipients, const std::string& error,
                                          std::int64_t lease_until) {
  return detail::guarded("claim run", [&]() -> checked<std::int64_t> {
    auto& db = impl_->db;
    // SQLite's BEGIN IMMEDIATE puts the check and the insert under the write lock, so a second
    // process waits and then finds the row; PostgreSQL's ON CONFLICT waits for the other
    // transaction the same way. The row exists: nothing happens (no id comes back) — unless
    // it is still running past its lease, when this claim takes it over, and the WHERE, read
    // again under the row's lock, lets only one taker through.
    sql::transaction tx(db);
    sql::statement s(db,
                     "INSERT INTO report_runs (report_id, org_id, scheduled_at, started_at,"
                     " finished_at, status, error, recipients, lease_until)"
                     " SELECT r.id, r.org_id, :at, :now, :finished, :status, :error, :rcpt, :lease"
                     " FROM reports r WHERE r.id = :id AND r.state = 'scheduled'"
                     " ON CONFLICT (report_id, scheduled_at) DO UPDATE SET"
                     " started_at = excluded.started_at, finished_at = excluded.finished_at,"
                     " status = excluded.status, recipients = excluded.recipients,"
                     " lease_until = excluded.lease_until, attempts = 0,"
                     " error = CASE WHEN excluded.error = '' THEN 'taken over: the process running it stopped'"
                     "  ELSE excluded.error END"
                     " WHERE report_runs.status = 'running' AND report_runs.lease_until < :now"
                     " RETURNING id");
    s.bind_int(":at", scheduled_at).bind_int(":now", now).bind_int(":id", report_id);
    if (status == "running")
      s.bind_null(":finished");
    else
      s.bind_int(":finished", now);
    if (lease_until > 0 && status == "running")
      s.bind_int(":lease", lease_until);
    else
      s.bind_null(":lease");
    s.bind_text(":status", status).bind_text(":error", error).bind_text(":rcpt", recipients);
    if (!s.step())
      return std::int64_t{0};
    const auto id = s.column_int(0);
    if (s.step()) throw sql::error("claim run: more than one row claimed");
    tx.commit();
    return id;
  });
}

checked<model::unit> database::finish_run(const model::run_outcome& o) {
  return detail::guarded("record run", [&]() -> checked<model::unit> {
    auto& db = impl_->db;
    sql::transaction tx(db);
    sql::statement s(db,
                     "UPDATE report_runs SET status = :status, error = :error,"
                     " finished_at = :finished, attachment_bytes = :bytes, attempts = :attempts,"
                     " failed_panels = :failed_panels, panel_errors = :panel_errors,"
                     " recipients = CASE WHEN :rcpt = '' THEN recipients ELSE :rcpt END"
                     " WHERE id = :id");
    s.bind_text(":status", o.status).bind_text(":error", o.error).bind_int(":finished", o.finished_at);
    s.bind_int(":bytes", o.attachment_bytes).bind_int(":attempts", o.attempts).bind_int(":id", o.run_id);
    s.bind_int(":failed_panels", o.failed_panels).bind_text(":panel_errors", rows::strings_to_json(o.panel_errors));
    s.bind_text(":rcpt", o.recipients).run();
    if (db.changes() == 0)
      return model::not_found("run not found");
    if (o.status == "succeeded") {
      // "expired: a once report already sent" (spec/API.md): stored, so every reader sees it.
      sql::statement e(db,
                       "UPDATE reports SET state = 'expired' WHERE frequency = 'once'"
                       " AND state = 'scheduled' AND id = (SELECT report_id FROM report_runs"
                       " WHERE id = :id)");
      e.bind_int(":id", o.run_id).run();
    }
    tx.commit();
    return model::unit{};
  });
}

checked<std::vector<model::run_record>> database::list_runs(const model::run_query& q) {
  return detail::guarded("list runs", [&]() -> checked<std::vector<model::run_record>> {
    // The CAST names the type of a parameter PostgreSQL cannot infer from `IS NULL` alone.
    sql::statement s(impl_->db, std::string("SELECT ") + run_columns +
                                    " FROM report_runs WHERE org_id = :org"
                                    " AND (CAST(:report AS BIGINT) IS NULL OR report_id = :report)"
                                    " AND (:status = '' OR status = :status)"
                                    " ORDER BY id DESC LIMIT :limit OFFSET :offset");
    s.bind_int(":org", q.org_id).bind_optional_int(":report", q.report_id);
    s.bind_text(":status", q.status).bind_int(":limit", q.limit).bind_int(":offset", q.offset);
    std::vector<model::run_record> out;
    while (s.step())
      out.push_back(read_run(s));
    return out;
  });
}

checked<model::run_counts> database::count_runs_by_status() {
  using counts = model::run_counts;
  return detail::guarded("count runs", [&]() -> checked<counts> {
    sql::statement s(impl_->db, "SELECT status, COUNT(*) FROM report_runs GROUP BY status ORDER BY status");
    counts out;
    while (s.step())
      out.emplace_back(s.column_text(0), s.column_int(1));
    return out;
  });
}

checked<std::int64_t> database::fail_abandoned_runs(std::int64_t started_before) {
  return detail::guarded("fail abandoned runs", [&]() -> checked<std::int64_t> {
    sql::transaction tx(impl_->db);
    sql::statement s(impl_->db,
                     "UPDATE report_runs SET status = 'failed', finished_at = :now,"
                     " error = 'the server stopped during the run' WHERE status = 'running'"
                     " AND started_at < :before"
                     // A leased run of a scheduled report is taken over by a scheduler instead.
                     " AND (lease_until IS NULL OR report_id NOT IN"
                     "  (SELECT id FROM reports WHERE state = 'scheduled'))");
    s.bind_int(":now", detail::now_seconds()).bind_int(":before", started_before).run();
    std::int64_t n = impl_->db.changes();
    tx.commit();
    return n;
  });
}

}  // namespace reportd::store
