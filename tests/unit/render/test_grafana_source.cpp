// [grafana]: which references go to Grafana (not provisioned, a type reportd cannot query,
// prefer_proxy for all), which stay native, and the /api/ds/query request grafana_source sends
// (Grafana's frontend shape: queries with refId, datasource {type, uid}, the target's fields,
// intervalMs, maxDataPoints; from/to as epoch ms strings).
#include "catch_prelude.hpp"

#include <boost/json.hpp>

#include "render/datasources/grafana/source.hpp"
#include "render/datasources/grafana/upstream.hpp"
#include "render/engine.hpp"
#include "render/datasources/resolve.hpp"

namespace {

using namespace reportd::render;
namespace json = boost::json;

class named_source final : public datasource {
public:
  std::vector<frame> query(const json::object&, const time_window&, const query_context&) override { return {}; }
};

/// Records which {type, uid} the resolver handed to Grafana.
class fake_grafana final : public remote_grafana {
public:
  explicit fake_grafana(bool all, std::string mode = "both") : all_(all), mode_(std::move(mode)) {}
  datasource* source_for(const std::string& type, const std::string& uid) const override {
    asked.emplace_back(type, uid);
    return &proxied;
  }
  bool preferred() const override { return all_; }
  const std::string& dashboards() const override { return mode_; }
  std::string dashboard(const std::string& uid, std::int64_t) const override {
    if (uid == "down") throw std::runtime_error("Grafana at http://grafana.test unreachable: refused the connection");
    return uid == "in-grafana" || uid == "both" ? R"({"uid":")" + uid + R"(","title":"From Grafana"})" : "";
  }
  std::vector<reportd::model::dashboard_entry> search(const reportd::model::dashboard_search&) const override {
    return {};  // listings are tested in test_grafana_search.cpp
  }
  const std::string& url() const override { return url_; }
  std::int64_t org_id() const override { return 3; }
  mutable std::vector<std::pair<std::string, std::string>> asked;
  mutable named_source proxied;

private:
  bool all_;
  std::string mode_, url_ = "http://grafana.test";
};

reportd::model::datasource_config config(std::string name, std::string type, std::string uid) {
  reportd::model::datasource_config c;
  c.org_id = 1;
  c.name = std::move(name);
  c.type = std::move(type);
  c.uid = std::move(uid);
  return c;
}

struct sources {
  std::shared_ptr<named_source> prom = std::make_shared<named_source>();
  datasource_catalog catalog;
  std::shared_ptr<fake_grafana> grafana;
  explicit sources(bool with_grafana, bool all = false) {
    catalog.add(config("Prom", "prometheus", "prom"), prom);
    catalog.add(config("Logs", "loki", "logs"), nullptr);  // a type reportd cannot query
    if (with_grafana) {
      grafana = std::make_shared<fake_grafana>(all);
      catalog.set_remote(grafana);
    }
  }
  resolved_source resolve(const char* written) {
    const auto v = json::parse(written);
    return resolve_source(&v, variable_set{}, catalog.org(1));
  }
};

}  // namespace

TEST_CASE("with [grafana], references reportd does not serve go to Grafana with their type and uid") {
  sources s(true);
  CHECK(s.resolve(R"({"type":"prometheus","uid":"prom"})").source == s.prom.get());
  auto elastic = s.resolve(R"({"type":"elasticsearch","uid":"es-1"})");
  CHECK(elastic.source == &s.grafana->proxied);
  auto loki = s.resolve(R"({"type":"loki","uid":"logs"})");
  CHECK(loki.source == &s.grafana->proxied);
  CHECK(s.grafana->asked == std::vector<std::pair<std::string, std::string>>{{"elasticsearch", "es-1"}, {"loki", "logs"}});
  // A datasource variable without a value is still said so, not sent to Grafana.
  CHECK(s.resolve(R"({"type":"prometheus","uid":"${missing}"})").source == nullptr);
}

TEST_CASE("prefer_proxy sends provisioned sources through Grafana too") {
  sources s(true, true);
  CHECK(s.resolve(R"({"type":"prometheus","uid":"prom"})").source == &s.grafana->proxied);
  CHECK(s.grafana->asked.back() == std::make_pair(std::string("prometheus"), std::string("prom")));
}

TEST_CASE("without [grafana], an unknown reference is still not configured") {
  sources s(false);
  auto r = s.resolve(R"({"type":"elasticsearch","uid":"es-1"})");
  CHECK(r.source == nullptr);
  CHECK(r.problem == "datasource es-1 (elasticsearch) is not configured");
  CHECK(s.resolve(R"({"type":"loki","uid":"logs"})").problem == "datasource Logs (type loki) is not supported by reportd");
}

TEST_CASE("the /api/ds/query body is the frontend's shape") {
  grafana_source src(std::make_shared<const grafana::client>(grafana::connection{}), "prometheus", "gf-prom");
  time_window range;
  range.from_ms = 1700000000000;
  range.to_ms = 1700003600000;
  query_context ctx;
  ctx.max_data_points = 1200;
  const auto body = json::parse(src.request_body(
    json::parse(R"({"refId":"B","expr":"up","instant":true,"legendFormat":"{{job}}"})").as_object(), range, ctx)).as_object();
  CHECK(body.at("from").as_string() == "1700000000000");
  CHECK(body.at("to").as_string() == "1700003600000");
  const auto& q = body.at("queries").as_array().at(0).as_object();
  CHECK(q.at("refId").as_string() == "B");
  CHECK(q.at("expr").as_string() == "up");
  CHECK(q.at("instant").as_bool());
  CHECK(q.at("legendFormat").as_string() == "{{job}}");
  CHECK(q.at("datasource") == json::parse(R"({"type":"prometheus","uid":"gf-prom"})"));
  CHECK(q.at("maxDataPoints").to_number<std::int64_t>() == 1200);
  CHECK(q.at("intervalMs").to_number<std::int64_t>() == 3000);  // 1 h / 1200 points
  CHECK(src.expands_time_macros());
}

TEST_CASE("an unreachable Grafana is said so on the query") {
  grafana::connection c;
  c.url = "http://127.0.0.1:1";  // nothing listens on port 1
  c.timeout_ms = 2000;
  grafana_source src(std::make_shared<const grafana::client>(c), "elasticsearch", "es");
  time_window range;
  range.from_ms = 0;
  range.to_ms = 60000;
  CHECK_THROWS_WITH(src.query(json::parse(R"({"refId":"A"})").as_object(), range, query_context{}),
                    "Grafana at http://127.0.0.1:1 unreachable: refused the connection");
}

namespace {

render_request request_for(std::initializer_list<std::pair<const char*, const char*>> dashboards) {
  render_request req;
  for (const auto& [uid, json] : dashboards) {
    dashboard_input in;
    in.json = json;
    in.ref.dashboard.uid = uid;
    req.dashboards.push_back(in);
  }
  return req;
}

}  // namespace

TEST_CASE("dashboards reportd does not store are fetched from Grafana; one neither has is a 404 naming it") {
  fake_grafana both(false, "both");
  auto req = request_for({{"local", R"({"title":"Stored"})"}, {"in-grafana", ""}});
  CHECK_FALSE(grafana::fetch_dashboards(req, &both));
  CHECK(req.dashboards[0].json == R"({"title":"Stored"})");
  CHECK(json::parse(req.dashboards[1].json).at("title").as_string() == "From Grafana");
  // The email links the fetched one to Grafana, the stored one to reportd.
  CHECK(req.dashboards[0].origin_url.empty());
  CHECK(req.dashboards[1].origin_url == "http://grafana.test");
  CHECK(req.dashboards[1].origin_org_id == 3);  // the link names the Grafana organisation read

  auto missing = request_for({{"gone", ""}});
  auto p = grafana::fetch_dashboards(missing, &both);
  REQUIRE(p);
  CHECK(p->code == reportd::model::errc::not_found);
  CHECK(p->message == "dashboard gone not found in reportd nor in Grafana at http://grafana.test");

  auto down = request_for({{"down", ""}});
  p = grafana::fetch_dashboards(down, &both);
  REQUIRE(p);
  CHECK(p->code == reportd::model::errc::render_failed);
  CHECK(p->message == "dashboard down could not be fetched: Grafana at http://grafana.test unreachable: refused the connection");
}

TEST_CASE("dashboards = grafana prefers Grafana's copy and falls back to the stored one") {
  fake_grafana first(false, "grafana");
  auto req = request_for({{"both", R"({"title":"Stored"})"}, {"down", R"({"title":"Stored too"})"}});
  CHECK_FALSE(grafana::fetch_dashboards(req, &first));
  CHECK(json::parse(req.dashboards[0].json).at("title").as_string() == "From Grafana");
  CHECK(req.dashboards[0].origin_url == "http://grafana.test");
  CHECK(req.dashboards[1].json == R"({"title":"Stored too"})");
  CHECK(req.dashboards[1].origin_url.empty());  // Grafana down: the stored copy, linked to reportd
}

TEST_CASE("[grafana] org_map: each mapped org reads its own Grafana organisation, an unmapped one none") {
  datasource_catalog catalog;
  auto prom = std::make_shared<named_source>();
  catalog.add(config("Prom", "prometheus", "prom"), prom);  // org 1 has provisioned sources
  auto first = std::make_shared<fake_grafana>(false);
  auto second = std::make_shared<fake_grafana>(false);
  catalog.set_remote(nullptr, {{1, first}, {2, second}});
  CHECK(catalog.has_remote());
  CHECK(catalog.remote(1) == first.get());
  CHECK(catalog.remote(2) == second.get());  // org 2 has nothing provisioned, still its Grafana
  CHECK(catalog.remote(3) == nullptr);
  // Org 2's unknown uid goes to its Grafana; org 3's stays unresolved.
  const auto ref = json::parse(R"({"type":"loki","uid":"far"})");
  CHECK(resolve_source(&ref, variable_set{}, catalog.org(2)).source == &second->proxied);
  CHECK(resolve_source(&ref, variable_set{}, catalog.org(3)).source == nullptr);
  CHECK(second->asked == std::vector<std::pair<std::string, std::string>>{{"loki", "far"}});
  CHECK(first->asked.empty());

  datasource_catalog alone;
  CHECK_FALSE(alone.has_remote());
}
