// Grafana's data frame wire format (`POST /api/ds/query` answers) read into render frames,
// pinned to response bodies recorded in Grafana's own repository (tests/fixtures/grafana,
// SOURCES.md names each file and commit): names, labels, types, lengths, first/last values,
// NaN/Inf entities, field config, and the per-query error shape.
#include "catch_prelude.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "render/datasources/grafana/frames.hpp"

namespace {

namespace gf = reportd::render::grafana;
using reportd::render::field_type;

std::string fixture(const char* name) {
  std::ifstream in(std::string(REPORTD_FIXTURES_DIR) + "/grafana/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The body Grafana's API answers: the recorded DataResponse under results.<refId>.
std::string as_api_answer(const std::string& data_response, const char* ref_id = "A") {
  return std::string(R"({"results":{")") + ref_id + "\":" + data_response + "}}";
}

std::string config_text(const reportd::render::field& f, const char* key) {
  const auto* v = f.config.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

}  // namespace

TEST_CASE("Prometheus range frames from Grafana keep labels, times and displayNameFromDS") {
  auto results = gf::parse_query_response(as_api_answer(fixture("prom_range_simple.json")));
  REQUIRE(results.size() == 1);
  const auto& a = results.at("A");
  CHECK(a.error.empty());
  CHECK(a.status == 200);
  REQUIRE(a.frames.size() == 2);
  const auto& f0 = a.frames[0];
  CHECK(f0.ref_id == "A");
  REQUIRE(f0.fields.size() == 2);
  CHECK(f0.fields[0].name == "Time");
  CHECK(f0.fields[0].type == field_type::time);
  CHECK(f0.length() == 3);
  CHECK(f0.fields[0].numbers.front() == 1641889530123.0);
  CHECK(f0.fields[0].numbers.back() == 1641889532123.0);
  CHECK(f0.fields[1].name == "prometheus_http_requests_total");
  CHECK(f0.fields[1].type == field_type::number);
  CHECK(f0.fields[1].numbers.front() == 21);
  CHECK(f0.fields[1].numbers.back() == 43);
  CHECK(f0.fields[1].labels.at("code") == "200");
  CHECK(f0.fields[1].labels.at("handler") == "/api/v1/query_range");
  CHECK(f0.fields[1].labels.size() == 4);
  CHECK(config_text(f0.fields[1], "displayNameFromDS") ==
        R"(prometheus_http_requests_total{code="200", handler="/api/v1/query_range", job="prometheus"})");
  CHECK(f0.fields[0].config.at("interval").to_number<double>() == 1000);
  const auto& f1 = a.frames[1];
  CHECK(f1.length() == 2);
  CHECK(f1.fields[1].labels.at("code") == "400");
  CHECK(f1.fields[0].numbers.front() == 1641889529123.0);
  CHECK(f1.fields[1].numbers.front() == 54);
  CHECK(f1.fields[1].numbers.back() == 76);
}

TEST_CASE("NaN and +Inf written as null with data.entities become NaN and infinity") {
  auto nan = gf::parse_data_response(fixture("prom_range_nan.json"), "A");
  REQUIRE(nan.frames.size() == 1);
  const auto& v = nan.frames[0].fields.at(1);
  CHECK(v.name == "Value");
  REQUIRE(v.numbers.size() == 3);
  for (double x : v.numbers) CHECK(std::isnan(x));
  CHECK(v.labels.at("job") == "prometheus");
  CHECK(config_text(v, "displayNameFromDS") == R"({handler="/api/v1/query_range", job="prometheus"})");

  auto inf = gf::parse_data_response(fixture("prom_range_infinity.json"), "B");
  REQUIRE(inf.frames.size() == 1);
  CHECK(inf.frames[0].ref_id == "B");
  const auto& i = inf.frames[0].fields.at(1);
  REQUIRE(i.numbers.size() == 3);
  for (double x : i.numbers) CHECK((std::isinf(x) && x > 0));
  CHECK(i.labels.empty());
  CHECK(config_text(i, "displayNameFromDS") == "1 / 0");
  CHECK(inf.frames[0].fields[0].numbers.back() == 1641889532000.0);
}

TEST_CASE("a TestData frame keeps its name, booleans, strings and a null number") {
  auto r = gf::parse_data_response(fixture("testdata_mixed.json"), "A");
  REQUIRE(r.frames.size() == 1);
  const auto& f = r.frames[0];
  CHECK(f.name == "mixed");
  REQUIRE(f.fields.size() == 4);
  CHECK(f.fields[0].type == field_type::boolean);
  CHECK(f.fields[0].numbers == std::vector<double>{1, 0});
  CHECK(f.fields[1].type == field_type::string);
  CHECK(f.fields[1].strings == std::vector<std::string>{"Hello", "6"});
  CHECK(f.fields[2].strings == std::vector<std::string>{"6", "World"});
  CHECK(f.fields[3].name == "123");
  CHECK(f.fields[3].type == field_type::number);
  REQUIRE(f.fields[3].numbers.size() == 2);
  CHECK(std::isnan(f.fields[3].numbers[0]));
  CHECK(f.fields[3].numbers[1] == 6);
  CHECK(f.length() == 2);
}

TEST_CASE("a Loki stream frame reads its labels column as JSON text beside times and lines") {
  auto r = gf::parse_data_response(fixture("loki_streams_simple.json"), "A");
  REQUIRE(r.frames.size() == 1);
  const auto& f = r.frames[0];
  REQUIRE(f.fields.size() == 5);
  CHECK(f.length() == 6);
  CHECK(f.fields[0].name == "labels");
  CHECK(f.fields[0].type == field_type::string);
  CHECK(f.fields[0].strings.front() == R"({"code":"one\",","location":"moon🌙"})");
  CHECK(f.fields[1].type == field_type::time);
  CHECK(f.fields[1].numbers.front() == 1645030244810.0);
  CHECK(f.fields[1].numbers.back() == 1645030244091.0);
  CHECK(f.fields[2].strings.front() == "log line error 1");
  CHECK(f.fields[2].strings.back() == "log line info 4");
  CHECK(f.fields[3].strings.back() == "1645030244091700992");
}

TEST_CASE("per-query errors and statuses are read per refId") {
  auto results = gf::parse_query_response(
    R"({"results":{"A":{"status":400,"error":"bad_data: 1:5: parse error: unexpected <EOF>","errorSource":"downstream"},)"
    R"("B":{"status":500},"C":{"frames":[]}}})");
  REQUIRE(results.size() == 3);
  CHECK(results.at("A").status == 400);
  CHECK(results.at("A").error == "bad_data: 1:5: parse error: unexpected <EOF>");
  CHECK(results.at("B").error == "Grafana answered status 500 for query B");
  CHECK(results.at("C").error.empty());
  CHECK(results.at("C").frames.empty());
}

TEST_CASE("field config units, decimals, min and max, and enum texts") {
  auto r = gf::parse_data_response(
    R"({"frames":[{"schema":{"refId":"Q","fields":[)"
    R"({"name":"time","type":"time"},)"
    R"({"name":"cpu","type":"number","config":{"unit":"percent","decimals":1,"min":0,"max":100}},)"
    R"({"name":"state","type":"enum","config":{"type":{"enum":{"text":["ok","down"]}}}}]},)"
    R"("data":{"values":[[1000,2000],[12.5,"7"],[1,0]]}}]})");
  REQUIRE(r.frames.size() == 1);
  const auto& f = r.frames[0];
  CHECK(f.ref_id == "Q");
  CHECK(config_text(f.fields[1], "unit") == "percent");
  CHECK(f.fields[1].config.at("decimals").to_number<int>() == 1);
  CHECK(f.fields[1].config.at("max").to_number<double>() == 100);
  CHECK(f.fields[1].numbers == std::vector<double>{12.5, 7});
  CHECK(f.fields[2].strings == std::vector<std::string>{"down", "ok"});
}

TEST_CASE("an answer without results says what Grafana said") {
  CHECK_THROWS_WITH(gf::parse_query_response(R"({"message":"Unauthorized"})"), "Unauthorized");
  CHECK_THROWS_WITH(gf::parse_query_response("<html>"), "Grafana's answer is not JSON");
}
