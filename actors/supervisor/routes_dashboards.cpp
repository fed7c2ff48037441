// Dashboards as Grafana serves them (per org): save, read back, delete.
#include <boost/json.hpp>
#include <caf/all.hpp>

#include "actors/supervisor/routes.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"

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


}  // namespace

void save_dashboard(supervisor_actor* self) {
  if (!require(self, "dashboards:write") || !require_json_body(self))
    return;
  auto save = model::parse_dashboard_save(self->state.req.body);
  if (!save)
    return fail(self, save.error());
  auto& st = self->state;
  self->request(st.svc.store, budget(self, st.svc.timeouts.store), put_atom::value, dashboard_atom::value,
                st.who.org_id, std::move(save->dashboard_json), save->overwrite)
    .then(
      [=](model::stored_dashboard& d) {
        boost::json::object body{{"id", d.id},           {"uid", d.uid},
                                 {"url", url_of(d)},     {"status", "success"},
                                 {"version", d.version}, {"slug", slug(d.title)}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

void get_dashboard(supervisor_actor* self) {
  if (!require(self, "dashboards:read"))
    return;
  auto& st = self->state;
  self->request(st.svc.store, budget(self, st.svc.timeouts.store), get_atom::value, dashboard_atom::value,
                st.who.org_id, st.match.param)
    .then(
      [=](model::stored_dashboard& d) {
        boost::json::error_code ec;
        auto dash = boost::json::parse(d.json, ec);
        if (ec)
          return fail(self, model::internal_error("stored dashboard " + d.uid + " is not valid JSON"));
        boost::json::object meta{{"slug", slug(d.title)}, {"url", url_of(d)},
                                 {"version", d.version},  {"canSave", true},
                                 {"created", d.created},  {"updated", d.updated}};
        boost::json::object body{{"dashboard", std::move(dash)}, {"meta", std::move(meta)}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

void delete_dashboard(supervisor_actor* self) {
  if (!require(self, "dashboards:delete"))
    return;
  auto& st = self->state;
  self->request(st.svc.store, budget(self, st.svc.timeouts.store), delete_atom::value, dashboard_atom::value,
                st.who.org_id, st.match.param)
    .then(
      [=](ok_atom) {
        boost::json::object body{{"title", self->state.match.param},
                                 {"message", "Dashboard deleted"}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

}  // namespace reportd::routes
