// Reports: create, read, update, delete; always scoped by org.
#include "store/database_impl.hpp"
#include "store/report_rows.hpp"
#include "model/validation.hpp"

namespace reportd::store {
namespace {

using model::checked;

const std::string report_not_found = "report not found";

/// Fills each dashboard's id and name from the org's dashboards, and its uid when a legacy
/// body named it by id alone; not_found for an unknown uid or id, except an unknown uid when
/// `elsewhere` (a Grafana's dashboard: kept by uid, id 0).
checked<model::unit> resolve_dashboards(sql::connection& db, model::report& r, bool elsewhere) {
  for (auto& d : r.dashboards) {
    const bool by_id = d.dashboard.uid.empty();
    sql::statement s(db, by_id ? "SELECT id, title, uid FROM dashboards WHERE org_id = :org AND id = :id"
                               : "SELECT id, title, uid FROM dashboards WHERE org_id = :org AND uid = :uid");
    s.bind_int(":org", r.org_id);
    if (by_id) s.bind_int(":id", d.dashboard.id);
    else s.bind_text(":uid", d.dashboard.uid);
    const bool found = s.step();
    if (!found && elsewhere && !by_id) {
      d.dashboard.id = 0;
      continue;
    }
    if (!found)
      return model::not_found(by_id ? "dashboard with id " + std::to_string(d.dashboard.id) + " not found"
                                    : "dashboard " + d.dashboard.uid + " not found");
    d.dashboard.id = s.column_int(0);
    d.dashboard.name = s.column_text(1);
    d.dashboard.uid = s.column_text(2);
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

/// One report_dashboards row from its uid column on: uid, id, name, from, to, variables.
model::report_dashboard dashboard_columns(sql::row_reader& c) {
  model::report_dashboard d;
  d.dashboard.uid = c.next_text();
  d.dashboard.id = c.next_int();
  d.dashboard.name = c.next_text();
  d.range.from = c.next_text();
  d.range.to = c.next_text();
  d.variables = rows::variables_from_json(c.next_text());
  return d;
}

/// The dashboards of a slice of reports (sorted by id, one org) in two statements instead
/// of one per report: the rows of every report between the first and last id, merged in.
/// The live dashboard row wins, so a renamed dashboard shows its new title; the snapshot
/// keeps the report readable if the dashboard was deleted.
void read_dashboards_of(sql::connection& db, std::vector<model::report>& reports) {
  if (reports.empty()) return;
  sql::statement s(db,
                   "SELECT rd.report_id, rd.dashboard_uid, COALESCE(d.id, rd.dashboard_id),"
                   " COALESCE(d.title, rd.dashboard_name), rd.time_from, rd.time_to, rd.variables"
                   " FROM report_dashboards rd JOIN reports r ON r.id = rd.report_id"
                   " LEFT JOIN dashboards d ON d.org_id = r.org_id AND d.uid = rd.dashboard_uid"
                   " WHERE r.org_id = :org AND rd.report_id BETWEEN :first AND :last"
                   " ORDER BY rd.report_id, rd.position");
  s.bind_int(":org", reports.front().org_id);
  s.bind_int(":first", reports.front().id).bind_int(":last", reports.back().id);
  auto at = reports.begin();
  while (s.step()) {
    sql::row_reader c(s);
    auto report_id = c.next_int();
    while (at != reports.end() && at->id < report_id) ++at;
    if (at == reports.end()) break;
    if (at->id != report_id) continue;  // a report deleted between the two reads
    at->dashboards.push_back(dashboard_columns(c));
  }
}

std::optional<model::report> load_report(sql::connection& db, std::int64_t org_id,
                                         std::int64_t id) {
  sql::statement s(db, std::string("SELECT ") + rows::report_select_columns +
                           " FROM reports r WHERE r.id = :id AND r.org_id = :org");
  s.bind_int(":id", id).bind_int(":org", org_id);
  if (!s.step()) return std::nullopt;
  std::vector<model::report> one{rows::read_report(s)};
  read_dashboards_of(db, one);
  return std::move(one.front());
}

std::vector<model::report> load_page(sql::connection& db, const model::report_page& q) {
  sql::statement s(db, std::string("SELECT ") + rows::report_select_columns +
                           " FROM reports r WHERE r.org_id = :org AND r.id > :after"
                           " ORDER BY r.id LIMIT :limit OFFSET :offset");
  s.bind_int(":org", q.org_id).bind_int(":after", q.after_id);
  s.bind_int(":limit", q.limit).bind_int(":offset", q.offset);
  std::vector<model::report> out;
  while (s.step()) out.push_back(rows::read_report(s));
  read_dashboards_of(db, out);
  return out;
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
    if (auto ok = resolve_dashboards(db, r, impl_->dashboards_elsewhere); !ok) return std::move(ok).error();
    r.uid = detail::generate_uid();
    r.created = r.updated = detail::now_seconds();
    // A derived state (a GET's "not scheduled" or "expired" sent as a new report) is stored
    // as what it derives from.
    if (model::derived_state(r.state)) r.state = "scheduled";
    default_start_date(r, r.created);
    sql::statement s(db, std::string("INSERT INTO reports (") + rows::report_insert_columns +
                             ") VALUES (" + rows::report_insert_values + ") RETURNING id");
    rows::bind_report_fields(s, r);
    s.bind_text(":uid", r.uid).bind_int(":org_id", r.org_id).bind_int(":user_id", r.user_id);
    r.id = s.bind_int(":created", r.created).run_returning_id();
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
    std::vector<model::report> all;
    model::report_page q;
    q.org_id = org_id;
    for (;;) {
      auto page = load_page(impl_->db, q);
      auto full = static_cast<std::int64_t>(page.size()) == q.limit;
      if (!page.empty()) q.after_id = page.back().id;
      all.insert(all.end(), std::make_move_iterator(page.begin()),
                 std::make_move_iterator(page.end()));
      if (!full) return all;
    }
  });
}

checked<std::vector<model::report>> database::list_reports(const model::report_page& q) {
  return detail::guarded("list reports", [&]() -> checked<std::vector<model::report>> {
    if (q.limit <= 0 || q.offset < 0) return model::bad_request("invalid report page");
    // One read transaction, so the slice and its dashboards are read from one snapshot.
    sql::transaction tx(impl_->db, sql::transaction::mode::read);
    return load_page(impl_->db, q);
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
    if (auto ok = resolve_dashboards(db, r, impl_->dashboards_elsewhere); !ok) return std::move(ok).error();
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
