// Dashboards as Grafana serves them (per org): save, read back, delete; and the listing of
// every dashboard a report can name, stored here or in the Grafana next to reportd.
#include <algorithm>

#include <boost/json.hpp>
#include <caf/all.hpp>

#include "actors/supervisor/routes.hpp"
#include "model/clock.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"
#include "model/time_expr.hpp"
#include "render/datasources/grafana/search.hpp"

namespace reportd::routes {
namespace {

std::string slug(const std::string& title) {
  std::string out;
  for (char c : title) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out;
}

std::string url_of(const model::stored_dashboard& d) { return "/d/" + d.uid + "/" + slug(d.title); }

/// Grafana's DashboardMeta (api-enterprise-spec.json): dates are RFC 3339 strings, which
/// the Go clients decode as strfmt.DateTime (an epoch number fails their decoding). reportd
/// has no folders, stars, ACLs, snapshots or provisioning, so those keys hold what Grafana
/// answers for a dashboard in the General folder without them; the can* keys follow the
/// caller's permissions.
boost::json::object meta_of(const model::stored_dashboard& d, const model::principal& who) {
  const bool can_write = model::allowed(who, "dashboards:write");
  return {{"type", "db"},
          {"slug", slug(d.title)},
          {"url", url_of(d)},
          {"version", d.version},
          {"created", model::format_rfc3339(d.created, "UTC")},
          {"updated", model::format_rfc3339(d.updated, "UTC")},
          {"expires", "0001-01-01T00:00:00Z"},  // Go's zero time: never expires
          {"canSave", can_write},
          {"canEdit", can_write},
          {"canDelete", model::allowed(who, "dashboards:delete")},
          {"canAdmin", who.role == model::role::admin},
          {"canStar", false},
          {"isStarred", false},
          {"isSnapshot", false},
          {"isFolder", false},
          {"hasAcl", false},
          {"provisioned", false},
          {"provisionedExternalId", ""},
          {"publicDashboardEnabled", false},
          {"folderId", 0},
          {"folderUid", ""},
          {"folderTitle", "General"},
          {"folderUrl", ""}};
}

constexpr std::int64_t max_listed = 5000;  // Grafana's own cap on a search's limit
constexpr std::int64_t default_listed = 1000;

boost::json::object entry_json(const model::dashboard_entry& e) {
  boost::json::array tags;
  for (const auto& t : e.tags)
    tags.emplace_back(t);
  return {{"uid", e.uid},   {"title", e.title}, {"tags", std::move(tags)}, {"folderTitle", e.folder_title},
          {"url", e.url},   {"origin", e.origin}};
}

/// A message as an HTTP header value: no line breaks or other control characters, bounded.
std::string header_value(std::string text) {
  for (auto& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = ' ';
  constexpr std::size_t max_header = 512;
  if (text.size() > max_header)
    text.resize(max_header);
  return text;
}

void reply_listing(supervisor_actor* self, const std::vector<model::dashboard_entry>& entries,
                   const std::string& grafana_error) {
  boost::json::array out;
  for (const auto& e : entries)
    out.emplace_back(entry_json(e));
  http::response r;
  r.body = boost::json::serialize(out);
  if (!grafana_error.empty())
    r.headers.emplace_back("X-Reportd-Grafana-Error", header_value(grafana_error));
  finish(self, std::move(r));
}

/// The stored list is in; adds Grafana's, or answers the stored one alone with the reason
/// Grafana's is missing in X-Reportd-Grafana-Error (the listing stays usable).
void add_grafana_listing(supervisor_actor* self, model::dashboard_search q,
                         std::vector<model::dashboard_entry> local) {
  const auto& svc = self->state.svc;
  const auto timeout = budget(self, svc.timeouts.render);
  q.answer_by_ms = model::epoch_ms() + std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  const auto limit = static_cast<std::size_t>(q.limit);
  // Stored copies shadow Grafana's of the same uid: Grafana's first `limit` hits may lose up to
  // local.size() of them, so it is asked for that many more (within its own cap).
  if (!svc.grafana_dashboards_first)
    q.limit = std::min<std::int64_t>(q.limit + static_cast<std::int64_t>(local.size()), max_listed);
  auto kept = std::make_shared<std::vector<model::dashboard_entry>>(std::move(local));
  self->request(svc.grafana, timeout, list_atom::value, std::move(q))
    .then(
      [=](std::vector<model::dashboard_entry>& remote) {
        reply_listing(self, render::grafana::union_of(std::move(*kept), std::move(remote),
                                              self->state.svc.grafana_dashboards_first, limit), {});
      },
      [=](caf::error& e) {
        const auto why = to_problem(e, "the Grafana dashboard search", timeout).message;
        reply_listing(self, *kept, why);
      });
}

}  // namespace

void list_dashboards(supervisor_actor* self) {
  if (!require(self, "dashboards:read"))
    return;
  const auto& req = self->state.req;
  auto limit = bounded_param(req, "limit", 1, max_listed, default_listed);
  if (!limit)
    return fail(self, limit.error());
  model::dashboard_search q;
  q.org_id = self->state.who.org_id;
  q.limit = *limit;
  if (auto it = req.query.find("query"); it != req.query.end())
    q.query = it->second;
  // With Grafana first, Grafana's hits (at most `limit`) may shadow as many stored ones: the
  // store is asked for twice the limit so that `limit` remain.
  auto stored = q;
  if (self->state.svc.grafana && self->state.svc.grafana_dashboards_first)
    stored.limit = 2 * q.limit;
  ask_store(self, list_atom::value, dashboard_atom::value, stored)
    .then(
      [=](std::vector<model::dashboard_entry>& local) mutable {
        if (!self->state.svc.grafana)
          return reply_listing(self, local, {});
        add_grafana_listing(self, std::move(q), std::move(local));
      },
      store_failed(self));
}

void save_dashboard(supervisor_actor* self) {
  if (!require(self, "dashboards:write") || !require_json_body(self))
    return;
  auto save = model::parse_dashboard_save(self->state.req.body);
  if (!save)
    return fail(self, save.error());
  auto& st = self->state;
  ask_store(self, put_atom::value, dashboard_atom::value, st.who.org_id, std::move(save->dashboard_json),
            save->overwrite)
    .then(
      [=](model::stored_dashboard& d) {
        // Grafana's PostDashboardOKBody: id, uid, url, status, version and title are required.
        boost::json::object body{{"id", d.id},           {"uid", d.uid},
                                 {"url", url_of(d)},     {"status", "success"},
                                 {"version", d.version}, {"slug", slug(d.title)},
                                 {"title", d.title},     {"folderUid", ""}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

void get_dashboard(supervisor_actor* self) {
  if (!require(self, "dashboards:read"))
    return;
  auto& st = self->state;
  ask_store(self, get_atom::value, dashboard_atom::value, st.who.org_id, st.match.param)
    .then(
      [=](model::stored_dashboard& d) {
        boost::json::error_code ec;
        auto dash = boost::json::parse(d.json, ec);
        if (ec)
          return fail(self, model::internal_error("stored dashboard " + d.uid + " is not valid JSON"));
        boost::json::object body{{"dashboard", std::move(dash)}, {"meta", meta_of(d, self->state.who)}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

void delete_dashboard(supervisor_actor* self) {
  if (!require(self, "dashboards:delete"))
    return;
  auto& st = self->state;
  ask_store(self, delete_atom::value, dashboard_atom::value, st.who.org_id, st.match.param)
    .then(
      [=](ok_atom) {
        boost::json::object body{{"title", self->state.match.param},
                                 {"message", "Dashboard deleted"}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

}  // namespace reportd::routes
