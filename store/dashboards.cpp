// Grafana dashboards per org: save (create or overwrite, versioned), get, list, delete.
#include <boost/json.hpp>

#include "store/database_impl.hpp"

namespace reportd::store {
namespace {

using model::checked;

constexpr std::size_t max_uid_length = 40;  // Grafana's limit

struct dashboard_input {
  boost::json::object json;
  std::string uid;  // empty: generate one
  std::string title;
};

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

checked<std::string> uid_of(const boost::json::object& o) {
  const auto* v = o.if_contains("uid");
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return model::bad_request("Dashboard uid must be a string");
  std::string uid(v->as_string().data(), v->as_string().size());
  if (uid.size() > max_uid_length)
    return model::bad_request("Dashboard uid is too long, max 40 characters");
  for (char c : uid) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      return model::bad_request("Dashboard uid contains illegal characters");
  }
  return uid;
}

checked<dashboard_input> parse_dashboard(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return model::bad_request("Dashboard is not valid JSON");
  if (!v.is_object()) return model::bad_request("Dashboard must be a JSON object");
  dashboard_input in;
  in.json = std::move(v.as_object());
  const auto* title = in.json.if_contains("title");
  if (title && title->is_string())
    in.title.assign(title->as_string().data(), title->as_string().size());
  if (is_blank(in.title)) return model::bad_request("Dashboard title cannot be empty");
  auto uid = uid_of(in.json);
  if (!uid) return std::move(uid).error();
  in.uid = std::move(*uid);
  return in;
}

std::optional<model::stored_dashboard> find_dashboard(sql::connection& db, std::int64_t org_id,
                                               const std::string& uid) {
  sql::statement s(db,
                   "SELECT id, org_id, uid, title, version, json, created, updated"
                   " FROM dashboards WHERE org_id = :org AND uid = :uid");
  s.bind_int(":org", org_id).bind_text(":uid", uid);
  if (!s.step()) return std::nullopt;
  sql::row_reader c(s);
  model::stored_dashboard d;
  d.id = c.next_int();
  d.org_id = c.next_int();
  d.uid = c.next_text();
  d.title = c.next_text();
  d.version = c.next_int32();
  d.json = c.next_text();
  d.created = c.next_int();
  d.updated = c.next_int();
  return d;
}

/// The `tags` of a dashboard as the listing query gives them (JSON text of an array, or NULL).
std::vector<std::string> tags_of(const std::string& json_text) {
  std::vector<std::string> tags;
  boost::system::error_code ec;
  auto v = boost::json::parse(json_text, ec);
  if (ec || !v.is_array()) return tags;
  for (const auto& t : v.get_array())
    if (t.is_string()) tags.emplace_back(t.get_string().data(), t.get_string().size());
  return tags;
}

bool title_taken(sql::connection& db, std::int64_t org_id, const dashboard_input& in) {
  sql::statement s(db,
                   "SELECT 1 FROM dashboards WHERE org_id = :org AND title = :title"
                   " AND uid <> :uid");
  s.bind_int(":org", org_id).bind_text(":title", in.title).bind_text(":uid", in.uid);
  return s.step();
}

bool org_row_exists(sql::connection& db, std::int64_t org_id) {
  sql::statement s(db, "SELECT 1 FROM orgs WHERE id = :id");
  s.bind_int(":id", org_id);
  return s.step();
}

/// Inserts a new row (version 1) or bumps the existing one, then stores the JSON with the
/// id, uid and version it now has, so GET returns what Grafana would.
model::stored_dashboard write_dashboard(sql::connection& db, std::int64_t org_id, dashboard_input in,
                                 const std::optional<model::stored_dashboard>& existing) {
  model::stored_dashboard d;
  d.org_id = org_id;
  d.uid = in.uid;
  d.title = in.title;
  d.updated = detail::now_seconds();
  d.created = existing ? existing->created : d.updated;
  d.version = existing ? existing->version + 1 : 1;
  if (existing) {
    d.id = existing->id;
  } else {
    sql::statement s(db,
                     "INSERT INTO dashboards (org_id, uid, title, version, json, created, updated)"
                     " VALUES (:org, :uid, :title, :version, '{}', :created, :updated) RETURNING id");
    s.bind_int(":org", org_id).bind_text(":uid", d.uid).bind_text(":title", d.title);
    s.bind_int(":version", d.version).bind_int(":created", d.created);
    d.id = s.bind_int(":updated", d.updated).run_returning_id();
  }
  in.json["id"] = d.id;
  in.json["uid"] = d.uid;
  in.json["version"] = d.version;
  d.json = boost::json::serialize(in.json);
  sql::statement s(db,
                   "UPDATE dashboards SET title = :title, version = :version, json = :json,"
                   " updated = :updated WHERE id = :id");
  s.bind_text(":title", d.title).bind_int(":version", d.version).bind_text(":json", d.json);
  s.bind_int(":updated", d.updated).bind_int(":id", d.id).run();
  return d;
}

}  // namespace

checked<model::stored_dashboard> database::save_dashboard(std::int64_t org_id, const std::string& json,
                                                    bool overwrite) {
  return detail::guarded("save dashboard", [&]() -> checked<model::stored_dashboard> {
    auto in = parse_dashboard(json);
    if (!in) return std::move(in).error();
    auto& db = impl_->db;
    sql::transaction tx(db);
    if (!org_row_exists(db, org_id)) return model::not_found("organization not found");
    if (in->uid.empty()) in->uid = detail::generate_uid();
    const auto existing = find_dashboard(db, org_id, in->uid);
    if (!overwrite) {
      if (existing) return model::bad_request("A dashboard with the same uid already exists");
      if (title_taken(db, org_id, *in))
        return model::bad_request("A dashboard with the same name in the folder already exists");
    }
    auto saved = write_dashboard(db, org_id, std::move(*in), existing);
    tx.commit();
    return saved;
  });
}

checked<model::stored_dashboard> database::get_dashboard(std::int64_t org_id, const std::string& uid) {
  return detail::guarded("get dashboard", [&]() -> checked<model::stored_dashboard> {
    auto d = find_dashboard(impl_->db, org_id, uid);
    if (!d) return model::not_found("Dashboard not found");
    return std::move(*d);
  });
}

checked<std::vector<model::dashboard_entry>> database::list_dashboards(const model::dashboard_search& q) {
  return detail::guarded("list dashboards", [&]() -> checked<std::vector<model::dashboard_entry>> {
    // instr/strpos(lower()) rather than LIKE: a % or _ in the query is matched as itself.
    // Both engines order by the ASCII-lowered title, byte by byte.
    static constexpr const char* sqlite_text =
        "SELECT uid, title, json_extract(json, '$.tags') FROM dashboards"
        " WHERE org_id = :org AND (:q = '' OR instr(lower(title), lower(:q)) > 0)"
        " ORDER BY title COLLATE NOCASE, uid LIMIT :limit";
    static constexpr const char* postgres_text =
        "SELECT uid, title, (json::json -> 'tags')::text FROM dashboards"
        " WHERE org_id = :org AND (:q = '' OR strpos(lower(title), lower(:q)) > 0)"
        " ORDER BY lower(title) COLLATE \"C\", uid LIMIT :limit";
    sql::statement s(impl_->db, impl_->db.kind() == sql::engine::postgres ? postgres_text : sqlite_text);
    s.bind_int(":org", q.org_id).bind_text(":q", q.query).bind_int(":limit", q.limit);
    std::vector<model::dashboard_entry> out;
    while (s.step()) {
      model::dashboard_entry e;
      e.uid = s.column_text(0);
      e.title = s.column_text(1);
      if (!s.column_is_null(2)) e.tags = tags_of(s.column_text(2));
      e.origin = "reportd";
      out.push_back(std::move(e));
    }
    return out;
  });
}

checked<model::unit> database::delete_dashboard(std::int64_t org_id, const std::string& uid) {
  return detail::guarded("delete dashboard", [&]() -> checked<model::unit> {
    sql::transaction tx(impl_->db);
    sql::statement s(impl_->db, "DELETE FROM dashboards WHERE org_id = :org AND uid = :uid");
    s.bind_int(":org", org_id).bind_text(":uid", uid).run();
    if (impl_->db.changes() == 0) return model::not_found("Dashboard not found");
    tx.commit();
    return model::unit{};
  });
}

}  // namespace reportd::store
