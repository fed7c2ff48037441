#include "catch_prelude.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <boost/json.hpp>

#include "render/datasources/factory.hpp"
#include "render/datasources/provisioning.hpp"

namespace {

using namespace reportd::render;
namespace fs = std::filesystem;

env_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

reportd::model::checked<provisioned_datasources> read_one(const std::string& yaml, env_lookup env = env_of({})) {
  datasource_provisioner p(std::move(env));
  if (auto ok = p.apply(yaml, "/etc/grafana/provisioning/datasources/one.yaml"); !ok) return std::move(ok).error();
  return std::move(p).finish();
}

/// A folder of provisioning files, removed afterwards.
struct temp_folder {
  fs::path path;
  temp_folder() {
    path = fs::temp_directory_path() / ("reportd-prov-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~temp_folder() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

constexpr const char* every_field = R"(apiVersion: 1
datasources:
  - name: Prometheus main
    type: prometheus
    uid: prom-main
    url: http://127.0.0.1:9090
    access: proxy
    orgId: 2
    isDefault: true
    basicAuth: true
    basicAuthUser: reader
    user: dbuser
    database: metrics
    withCredentials: true
    editable: false
    version: 3
    jsonData:
      httpMethod: GET
      timeInterval: 15s
      tlsSkipVerify: true
      tlsAuthWithCACert: true
      httpHeaderName1: Authorization
      maxLines: 1000
      ratio: 0.5
      quoted: "true"
      nothing: null
      nested: {a: [1, two]}
    secureJsonData:
      basicAuthPassword: s3cret
      httpHeaderValue1: Bearer abc
      tlsCACert: "-----BEGIN CERTIFICATE-----"
)";

}  // namespace

TEST_CASE("provisioning: every field of a datasource is read, jsonData typed as Grafana types it") {
  auto got = read_one(every_field);
  REQUIRE(got);
  REQUIRE(got->datasources.size() == 1);
  const auto& c = got->datasources[0];
  CHECK(c.id == 1);
  CHECK(c.name == "Prometheus main");
  CHECK(c.type == "prometheus");
  CHECK(c.uid == "prom-main");
  CHECK(c.url == "http://127.0.0.1:9090");
  CHECK(c.access == "proxy");
  CHECK(c.org_id == 2);
  CHECK(c.is_default);
  CHECK(c.basic_auth);
  CHECK(c.basic_auth_user == "reader");
  CHECK(c.user == "dbuser");
  CHECK(c.database == "metrics");
  CHECK(c.with_credentials);
  CHECK_FALSE(c.editable);
  CHECK(c.version == 3);
  CHECK(c.source_file == "/etc/grafana/provisioning/datasources/one.yaml");
  const auto& j = c.json_data;
  CHECK(j.at("httpMethod") == "GET");
  CHECK(j.at("timeInterval") == "15s");
  CHECK(j.at("tlsSkipVerify") == true);
  CHECK(j.at("tlsAuthWithCACert") == true);
  CHECK(j.at("httpHeaderName1") == "Authorization");
  CHECK(j.at("maxLines") == 1000);
  CHECK(j.at("ratio").as_double() == 0.5);
  CHECK(j.at("quoted") == "true");  // quoted: a string, as Grafana keeps it
  CHECK(j.at("nothing").is_null());
  CHECK(boost::json::serialize(j.at("nested")) == R"({"a":[1,"two"]})");
  CHECK(c.secure_json_data == std::map<std::string, std::string>{{"basicAuthPassword", "s3cret"},
                                                                 {"httpHeaderValue1", "Bearer abc"},
                                                                 {"tlsCACert", "-----BEGIN CERTIFICATE-----"}});
}

TEST_CASE("provisioning: defaults as Grafana's (org 1, proxy, version 1, a uid from the name)") {
  auto got = read_one("apiVersion: 1\ndatasources:\n  - name: My TestData\n    type: testdata\n    access: browser\n");
  REQUIRE(got);
  const auto& c = got->datasources.at(0);
  CHECK(c.org_id == 1);
  CHECK(c.access == "proxy");
  CHECK(got->warnings.size() == 1);
  CHECK(got->warnings[0].find("browser") != std::string::npos);
  CHECK(c.version == 1);
  CHECK_FALSE(c.is_default);
  CHECK(c.uid == "my-testdata");
  CHECK(c.json_data.empty());
}

TEST_CASE("provisioning: $VAR, ${VAR}, $__env{VAR} replaced from the environment; $$ is a dollar") {
  auto env = env_of({{"PROM_HOST", "127.0.0.1"}, {"PROM_PORT", "9090"}, {"TOKEN", "t0k"}, {"TLS", "true"}});
  CHECK(*interpolate_env("http://$PROM_HOST:${PROM_PORT}/", env) == "http://127.0.0.1:9090/");
  CHECK(*interpolate_env("$__env{TOKEN}", env) == "t0k");
  CHECK(*interpolate_env("a$UNSET-b", env) == "a-b");  // unset: empty
  CHECK(*interpolate_env("pa$$word", env) == "pa$word");
  CHECK(*interpolate_env("cost: $ 5", env) == "cost: $ 5");  // a lone $ stays
  CHECK(*interpolate_env("${}x", env) == "x");               // Go drops an empty ${}
  CHECK_FALSE(interpolate_env("$__vault{x}", env));

  auto got = read_one(R"(apiVersion: 1
datasources:
  - name: P
    type: prometheus
    url: http://${PROM_HOST}:$PROM_PORT
    jsonData:
      tlsSkipVerify: $TLS
      header: "Bearer $TOKEN"
      port: 9090
    secureJsonData:
      httpHeaderValue1: Bearer ${TOKEN}
      price: $$5
)", env);
  REQUIRE(got);
  const auto& c = got->datasources.at(0);
  CHECK(c.url == "http://127.0.0.1:9090");
  CHECK(c.json_data.at("tlsSkipVerify") == "true");  // an interpolated string stays a string
  CHECK(c.json_data.at("header") == "Bearer t0k");
  CHECK(c.json_data.at("port") == 9090);
  CHECK(c.secure_json_data.at("httpHeaderValue1") == "Bearer t0k");
  CHECK(c.secure_json_data.at("price") == "$5");

  auto flag = read_one("apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    isDefault: $TLS\n    orgId: ${ORG}\n",
                       env_of({{"TLS", "true"}, {"ORG", "3"}}));
  REQUIRE(flag);
  CHECK(flag->datasources.at(0).is_default);
  CHECK(flag->datasources.at(0).org_id == 3);
}

TEST_CASE("provisioning: files in name order; deleteDatasources first; the same name replaces, keeping its id") {
  temp_folder dir;
  dir.write("b.yml", R"(apiVersion: 1
deleteDatasources:
  - name: Old
    orgId: 1
datasources:
  - name: Prom
    type: prometheus
    url: http://second
)");
  dir.write("a.yaml", R"(apiVersion: 1
datasources:
  - {name: Old, type: testdata}
  - {name: Prom, type: prometheus, url: http://first}
  - {name: Old, type: testdata, orgId: 2}
)");
  dir.write("notes.txt", "not: [yaml");
  auto got = read_datasource_provisioning(dir.path.string(), env_of({}));
  REQUIRE(got);
  REQUIRE(got->files.size() == 2);
  CHECK(fs::path(got->files[0]).filename() == "a.yaml");
  REQUIRE(got->datasources.size() == 2);
  CHECK(got->datasources[0].name == "Prom");
  CHECK(got->datasources[0].url == "http://second");
  CHECK(got->datasources[0].id == 2);
  CHECK(fs::path(got->datasources[0].source_file).filename() == "b.yml");
  CHECK(got->datasources[1].name == "Old");  // org 2's is not deleted
  CHECK(got->datasources[1].org_id == 2);
}

TEST_CASE("provisioning: a missing folder is no datasources") {
  auto got = read_datasource_provisioning("/nonexistent/reportd/provisioning/datasources", env_of({}));
  REQUIRE(got);
  CHECK(got->datasources.empty());
}

TEST_CASE("provisioning: a broken file names the file, the line and the problem") {
  temp_folder dir;
  dir.write("good.yaml", "apiVersion: 1\ndatasources:\n  - {name: A, type: testdata}\n");
  dir.write("zz-broken.yaml", "apiVersion: 1\ndatasources:\n  - name: B\n    type: prometheus\n   url: [oops\n");
  auto got = read_datasource_provisioning(dir.path.string(), env_of({}));
  REQUIRE_FALSE(got);
  const auto& msg = got.error().message;
  INFO(msg);
  CHECK(msg.find((dir.path / "zz-broken.yaml").string()) != std::string::npos);
  CHECK(msg.find("line 5") != std::string::npos);

  auto bad_bool = read_one("apiVersion: 1\ndatasources:\n  - name: B\n    type: prometheus\n    isDefault: maybe\n");
  REQUIRE_FALSE(bad_bool);
  CHECK(bad_bool.error().message.find("one.yaml line 5") != std::string::npos);
  CHECK(bad_bool.error().message.find("'maybe' is not true or false") != std::string::npos);

  auto no_type = read_one("apiVersion: 1\ndatasources:\n  - name: B\n    url: http://x\n");
  REQUIRE_FALSE(no_type);
  CHECK(no_type.error().message.find("line 3") != std::string::npos);
  CHECK(no_type.error().message.find("type is missing") != std::string::npos);

  auto not_list = read_one("apiVersion: 1\ndatasources: {name: B}\n");
  REQUIRE_FALSE(not_list);
  CHECK(not_list.error().message.find("datasources must be a list") != std::string::npos);
}

TEST_CASE("provisioning: two defaults in one org are refused, naming both") {
  auto got = read_one(R"(apiVersion: 1
datasources:
  - {name: First, type: prometheus, isDefault: true}
  - {name: Other org, type: prometheus, isDefault: true, orgId: 2}
  - {name: Second, type: testdata, isDefault: true}
)");
  REQUIRE_FALSE(got);
  CHECK(got.error().message.find("\"First\"") != std::string::npos);
  CHECK(got.error().message.find("\"Second\"") != std::string::npos);
  CHECK(got.error().message.find("org 1") != std::string::npos);

  auto uid_twice = read_one("apiVersion: 1\ndatasources:\n  - {name: A, type: testdata, uid: x}\n  - {name: B, type: testdata, uid: x}\n");
  REQUIRE_FALSE(uid_twice);
  CHECK(uid_twice.error().message.find("uid \"x\"") != std::string::npos);
}

TEST_CASE("provisioning: a type reportd cannot query is listed and gets no source") {
  auto got = read_one("apiVersion: 1\ndatasources:\n  - {name: Logs, type: loki}\n  - {name: TD, type: grafana-testdata-datasource}\n");
  REQUIRE(got);
  auto catalog = make_catalog(got->datasources);
  const auto& reg = catalog->org(1);
  REQUIRE(reg.entries().size() == 2);
  CHECK(reg.entries()[0].config.type == "loki");
  CHECK(reg.entries()[0].source == nullptr);
  CHECK(reg.entries()[1].source != nullptr);
  CHECK(catalog->configs().size() == 2);
  CHECK(catalog->org(7).entries().empty());  // another org: only the built-in TestData
  CHECK(catalog->org(7).default_source().config.name == "TestData");
}
