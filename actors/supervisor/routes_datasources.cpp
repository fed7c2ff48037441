// The provisioned datasources of the caller's organisation, answered as Grafana's
// GET /api/datasources answers: read-only (provisioned), secrets never shown, only which
// secure fields are set. The list is per-process state read at start: no store hop.
#include <boost/json.hpp>
#include <caf/all.hpp>

#include "actors/supervisor/routes.hpp"
#include "model/validation.hpp"
#include "render/datasources/datasource.hpp"

namespace reportd::routes {
namespace {

namespace json = boost::json;

std::string type_name(const std::string& type) {
  if (type == "prometheus") return "Prometheus";
  if (type == "testdata" || type == "grafana-testdata-datasource") return "TestData";
  return type;
}

json::object datasource_json(const model::datasource_config& c) {
  json::object secure;
  for (const auto& kv : c.secure_json_data)
    secure[kv.first] = true;  // which are set, never their values
  return json::object{{"id", c.id},
                      {"uid", c.uid},
                      {"orgId", c.org_id},
                      {"name", c.name},
                      {"type", c.type},
                      {"typeName", type_name(c.type)},
                      {"access", c.access},
                      {"url", c.url},
                      {"user", c.user},
                      {"database", c.database},
                      {"basicAuth", c.basic_auth},
                      {"basicAuthUser", c.basic_auth_user},
                      {"withCredentials", c.with_credentials},
                      {"isDefault", c.is_default},
                      {"jsonData", c.json_data},
                      {"secureJsonFields", std::move(secure)},
                      {"version", c.version},
                      {"readOnly", true}};
}

const render::datasource_registry& org_sources(supervisor_actor* self) {
  static const render::datasource_catalog none;
  const auto& catalog = self->state.svc.datasources;
  return (catalog ? *catalog : none).org(self->state.who.org_id);
}

}  // namespace

void list_datasources(supervisor_actor* self) {
  if (!require(self, "datasources:read"))
    return;
  json::array out;
  for (const auto& e : org_sources(self).entries())
    out.push_back(datasource_json(e.config));
  reply_json(self, json::serialize(out));
}

void get_datasource(supervisor_actor* self) {
  if (!require(self, "datasources:read"))
    return;
  const auto& st = self->state;
  std::optional<std::int64_t> id;
  if (st.match.id == http::route::datasource_by_id) {
    auto parsed = model::parse_id(st.match.param);
    if (!parsed)
      return fail(self, parsed.error());
    id = *parsed;
  }
  auto matches = [&](const model::datasource_config& c) {
    switch (st.match.id) {
      case http::route::datasource_by_id: return c.id == *id;
      case http::route::datasource_by_uid: return c.uid == st.match.param;
      default: return c.name == st.match.param;
    }
  };
  for (const auto& e : org_sources(self).entries())
    if (matches(e.config))
      return reply_json(self, json::serialize(datasource_json(e.config)));
  fail(self, model::not_found("Data source not found"));
}

}  // namespace reportd::routes
