// Reports: create, read, update, delete; always scoped by org.
#include "store/database_impl.hpp"
#include "store/report_rows.hpp"

namespace reportd::store {
namespace {

using model::checked;

const std::string report_not_found = "report not found";

/// Fills each dashboard's id and name from the org's dashboards; not_found for an unknown uid.
checked<model::unit> resolve_dashboards(sql::connection& db, model::report& r) {
  for (auto& d : r.dashboards) {
    sql::statement s(db, "SELECT id, title FROM dashboards WHERE org_id = :org AND uid = :uid");
    s.bind_int(":org", r.org_id).bind_text(":uid", d.dashboard.uid);
    if (!s.step()) return model::not_found("dashboard " + d.dashboard.uid + " not found");
    d.dashboard.id = s.column_int(0);
    d.dashboard.name = s.column_text(1);
  }
  return model::unit{};
}

void write_dashboards(sql::connection& db, const model::report& r) {
  sql::statement clear(db, "DELETE FROM report_dashboards WHERE report_id = :id");
  clear.bind_int(":id", r.id).run();
  std::int64_t position = 0;
  for (const auto& d : r.dashboards) {
    sql::statement s(db,
                     "INSERT INTO report_dashboards (report_id, position, dashboard_uid,"
                     " dashboard_id, dashboard_name, time_from, time_to, variables)"
                     " VALUES (:report, :pos, :uid, :did, :dname, :from, :to, :vars)");
    s.bind_int(":report", r.id).bind_int(":pos", position++);
    s.bind_text(":uid", d.dashboard.uid).bind_int(":did", d.dashboard.id);
    s.bind_text(":dname", d.dashboard.name);
    s.bind_text(":from", d.range.from).bind_text(":to", d.range.to);
    s.bind_text(":vars", rows::variables_to_json(d.variables)).run();
  }
}

std::vector<model::report_dashboard> read_dashboards(sql::connection& db, const model::report& r) {
  // The live dashboard row wins, so a renamed dashboard shows its new title; the snapshot
  // keeps the report readable if the dashboard was deleted.
  sql::statement s(db,
                   "SELECT rd.dashboard_uid, COALESCE(d.id, rd.dashboard_id),"
                   " COALESCE(d.title, rd.dashboard_name), rd.time_from, rd.time_to, rd.variables"
                   " FROM report_dashboards rd LEFT JOIN dashboards d"
                   " ON d.org_id = :org AND d.uid = rd.dashboard_uid"
                   " WHERE rd.report_id = :id ORDER BY rd.position");
  s.bind_int(":org", r.org_id).bind_int(":id", r.id);
  std::vector<model::report_dashboard> out;
  while (s.step()) {
    sql::row_reader c(s);
    model::report_dashboard d;
    d.dashboard.uid = c.next_text();
    d.dashboard.id = c.next_int();
    d.dashboard.name = c.next_text();
    d.range.from = c.next_text();
    d.range.to = c.next_text();
    d.variables = rows::variables_from_json(c.next_text());
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<model::report> load_report(sql::connection& db, std::int64_t org_id,
                                         std::int64_t id) {
  sql::statement s(db, std::string("SELECT ") + rows::report_select_columns +
                           " FROM reports r WHERE r.id = :id AND r.org_id = :org");
  s.bind_int(":id", id).bind_int(":org", org_id);
  if (!s.step()) return std::nullopt;
  model::report r = rows::read_report(s);
  r.dashboards = read_dashboards(db, r);
  return r;
}

std::vector<model::report> load_reports(sql::connection& db, std::int64_t org_id,
                                        sql::statement& ids) {
  std::vector<model::report> out;
  while (ids.step()) {
    if (auto r = load_report(db, org_id, ids.column_int(0))) out.push_back(std::move(*r));
  }
  return out;
}

/// "startDate empty means from now": a schedule without a start starts at `now`. A report
/// with frequency "never" is only sent by hand, so its start stays unset.
void default_start_date(model::report& r, std::int64_t now) {
  if (!r.schedule.start_date && r.schedule.frequency != "never") r.schedule.start_date = now;
}

}  // namespace

checked<std::int64_t> database::create_report(model::report r) {
  return detail::guarded("create report", [&]() -> checked<std::int64_t> {
    auto& db = impl_->db;
    sql::transaction tx(db);
    if (auto ok = resolve_dashboards(db, r); !ok) return std::move(ok).error();
    r.uid = detail::generate_uid();
    r.created = r.updated = detail::now_seconds();
    default_start_date(r, r.created);
    sql::statement s(db, std::string("INSERT INTO reports (") + rows::report_insert_columns +
                             ") VALUES (" + rows::report_insert_values + ")");
    rows::bind_report_fields(s, r);
    s.bind_text(":uid", r.uid).bind_int(":org_id", r.org_id).bind_int(":user_id", r.user_id);
    s.bind_int(":created", r.created).run();
    r.id = db.last_insert_id();
    write_dashboards(db, r);
    tx.commit();
    return r.id;
  });
}

checked<model::report> database::get_report(std::int64_t org_id, std::int64_t id) {
  return detail::guarded("get report", [&]() -> checked<model::report> {
    auto r = load_report(impl_->db, org_id, id);
    if (!r) return model::not_found(report_not_found);
    return std::move(*r);
  });
}

checked<std::vector<model::report>> database::list_reports(std::int64_t org_id) {
  return detail::guarded("list reports", [&]() -> checked<std::vector<model::report>> {
    // One read transaction, so the list is a consistent snapshot.
    sql::transaction tx(impl_->db, sql::transaction::mode::read);
    sql::statement ids(impl_->db, "SELECT id FROM reports WHERE org_id = :org ORDER BY id");
    ids.bind_int(":org", org_id);
    return load_reports(impl_->db, org_id, ids);
  });
}

checked<std::vector<model::report>> database::reports_using_dashboard(std::int64_t org_id,
                                                                      const std::string& uid) {
  return detail::guarded("list reports", [&]() -> checked<std::vector<model::report>> {
    sql::transaction tx(impl_->db, sql::transaction::mode::read);
    sql::statement ids(impl_->db,
                       "SELECT DISTINCT r.id FROM reports r JOIN report_dashboards rd"
                       " ON rd.report_id = r.id"
                       " WHERE r.org_id = :org AND rd.dashboard_uid = :uid ORDER BY r.id");
    ids.bind_int(":org", org_id).bind_text(":uid", uid);
    return load_reports(impl_->db, org_id, ids);
  });
}

checked<model::unit> database::update_report(model::report r) {
  return detail::guarded("update report", [&]() -> checked<model::unit> {
    auto& db = impl_->db;
    sql::transaction tx(db);
    if (!load_report(db, r.org_id, r.id)) return model::not_found(report_not_found);
    if (auto ok = resolve_dashboards(db, r); !ok) return std::move(ok).error();
    r.updated = detail::now_seconds();
    default_start_date(r, r.updated);
    sql::statement s(db, std::string("UPDATE reports SET ") + rows::report_update_assignments +
                             " WHERE id = :id AND org_id = :org_id");
    rows::bind_report_fields(s, r);
    s.bind_int(":id", r.id).bind_int(":org_id", r.org_id).run();
    write_dashboards(db, r);
    tx.commit();
    return model::unit{};
  });
}

checked<model::unit> database::delete_report(std::int64_t org_id, std::int64_t id) {
  return detail::guarded("delete report", [&]() -> checked<model::unit> {
    sql::transaction tx(impl_->db);
    sql::statement s(impl_->db, "DELETE FROM reports WHERE id = :id AND org_id = :org");
    s.bind_int(":id", id).bind_int(":org", org_id).run();
    if (impl_->db.changes() == 0) return model::not_found(report_not_found);
    tx.commit();
    return model::unit{};
  });
}

}  // namespace reportd::store
