// Dashboards as Grafana serves them (per org): save, read back, delete.
#include <boost/json.hpp>
#include <caf/all.hpp>

#include "actors/supervisor/routes.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"
#include "model/time_expr.hpp"

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


}  // namespace

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
