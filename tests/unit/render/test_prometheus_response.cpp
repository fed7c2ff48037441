// Reading Prometheus' answers: series names as Grafana gives them, NaN and ±Inf, table and
// heatmap formats, the variable-query answers, and Prometheus' own error messages.
#include "catch_prelude.hpp"

#include <cmath>

#include <boost/json.hpp>

#include "render/datasources/prometheus/response.hpp"
#include "render/datasources/prometheus/variable_query.hpp"

namespace {

namespace prom = reportd::render::prometheus;

prom::frame_spec spec(const char* legend, const char* format = "time_series") {
  return prom::frame_spec{R"(sum(rate(x[5m])))", legend, "A", format};
}

const char* matrix = R"({"status":"success","data":{"resultType":"matrix","result":[
  {"metric":{"__name__":"node_load1","instance":"host:9100","job":"node"},
   "values":[[1700000000,"1.5"],[1700000015,"NaN"],[1700000030,"+Inf"],[1700000045,"2"]]},
  {"metric":{"instance":"other:9100","job":"node"},"values":[[1700000000,"3"]]}]}})";

}  // namespace

TEST_CASE("prometheus legend: empty and __auto name a series metric{labels}") {
  const prom::label_set labels{{"__name__", "http_request_total"}, {"device", "mobile"}, {"app", "backend"}};
  CHECK(prom::series_name(labels, spec("")) == R"(http_request_total{app="backend", device="mobile"})");
  CHECK(prom::series_name(labels, spec("__auto")) == R"(http_request_total{app="backend", device="mobile"})");
  CHECK(prom::series_name({{"__name__", "up"}}, spec("")) == "up");
  // No labels at all: the expression, as Grafana does instead of "{}".
  CHECK(prom::series_name({}, spec("")) == "sum(rate(x[5m]))");
  CHECK(prom::series_name({}, spec("__auto")) == "sum(rate(x[5m]))");
}

TEST_CASE("prometheus legend: {{label}} placeholders") {
  const prom::label_set labels{{"job", "node"}, {"instance", "host:9100"}};
  CHECK(prom::series_name(labels, spec("{{job}} on {{ instance }}")) == "node on host:9100");
  CHECK(prom::series_name(labels, spec("{{missing}}-{{job}}")) == "-node");
  CHECK(prom::series_name(labels, spec("fixed name")) == "fixed name");
}

TEST_CASE("prometheus range answer: one frame per series, NaN and Inf as gaps") {
  const auto frames = prom::frames_from_response(matrix, spec("{{instance}}"));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].name == "host:9100");
  CHECK(frames[0].ref_id == "A");
  REQUIRE(frames[0].fields.size() == 2);
  const auto& time = frames[0].fields[0].numbers;
  const auto& value = frames[0].fields[1].numbers;
  REQUIRE(value.size() == 4);
  CHECK(time[0] == 1700000000000.0);
  CHECK(time[3] == 1700000045000.0);
  CHECK(value[0] == 1.5);
  CHECK(std::isnan(value[1]));
  CHECK(std::isnan(value[2]));
  CHECK(value[3] == 2.0);
  CHECK(frames[0].fields[1].labels.at("job") == "node");
  CHECK(frames[1].name == "other:9100");
}

TEST_CASE("prometheus instant answer as a table: Time, every label, Value") {
  const char* vector = R"({"status":"success","data":{"resultType":"vector","result":[
    {"metric":{"__name__":"up","job":"node","instance":"a"},"value":[1700000000.5,"1"]},
    {"metric":{"__name__":"up","job":"prometheus","instance":"b"},"value":[1700000000.5,"0"]}]}})";
  const auto frames = prom::frames_from_response(vector, spec("", "table"));
  REQUIRE(frames.size() == 1);
  const auto& f = frames[0].fields;
  REQUIRE(f.size() == 5);
  CHECK(f[0].name == "Time");
  CHECK(f[0].numbers[0] == 1700000000500.0);
  CHECK(f[1].name == "__name__");
  CHECK(f[2].name == "instance");
  CHECK(f[3].name == "job");
  CHECK(f[3].strings == std::vector<std::string>{"node", "prometheus"});
  CHECK(f[4].name == "Value");
  CHECK(f[4].numbers == std::vector<double>{1, 0});
}

TEST_CASE("prometheus heatmap: cumulative buckets become per-bucket counts, sorted by le") {
  const char* buckets = R"({"status":"success","data":{"resultType":"matrix","result":[
    {"metric":{"le":"+Inf"},"values":[[1,"10"]]},
    {"metric":{"le":"0.5"},"values":[[1,"4"]]},
    {"metric":{"le":"0.1"},"values":[[1,"1"]]}]}})";
  const auto frames = prom::frames_from_response(buckets, spec("{{le}}", "heatmap"));
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].name == "0.1");
  CHECK(frames[0].fields[1].numbers[0] == 1);
  CHECK(frames[1].name == "0.5");
  CHECK(frames[1].fields[1].numbers[0] == 3);
  CHECK(frames[2].name == "+Inf");
  CHECK(frames[2].fields[1].numbers[0] == 6);
}

TEST_CASE("prometheus scalar answer: one frame") {
  const auto frames = prom::frames_from_response(
      R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}})", spec(""));
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].fields[1].numbers[0] == 42);
  CHECK(frames[0].name == "sum(rate(x[5m]))");
}

TEST_CASE("prometheus variable answers: label values and query_result") {
  CHECK(prom::string_list(R"({"status":"success","data":["node","prometheus"]})") ==
        std::vector<std::string>{"node", "prometheus"});
  const char* vector = R"({"status":"success","data":{"resultType":"vector","result":[
    {"metric":{"__name__":"node_uname_info","nodename":"box","job":"node"},"value":[1700000000,"1"]}]}})";
  CHECK(prom::query_result_texts(vector) ==
        std::vector<std::string>{R"(node_uname_info{job="node",nodename="box"} 1 1700000000000)"});
}

TEST_CASE("prometheus errors: Prometheus' own message, else the status") {
  CHECK(prom::error_message(400, R"~({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \")\""})~") ==
        R"~(bad_data: 1:5: parse error: unexpected ")")~");
  CHECK(prom::error_message(502, "Bad Gateway\n") == "Prometheus answered HTTP 502: Bad Gateway");
  CHECK_THROWS_WITH(prom::frames_from_response("<html>", spec("")), "Prometheus' answer is not JSON");
}

TEST_CASE("prometheus variable queries: the forms Grafana accepts") {
  using kind = prom::variable_query::kind;
  auto parse = [](const char* json_text) { return prom::parse_variable_query(boost::json::parse(json_text)); };
  auto lv = parse(R"~("label_values(node_uname_info{job=\"node\"}, instance)")~");
  CHECK(lv.what == kind::label_values);
  CHECK(lv.match == R"~(node_uname_info{job="node"})~");
  CHECK(lv.label == "instance");
  auto bare = parse(R"~("label_values(job)")~");
  CHECK(bare.what == kind::label_values);
  CHECK(bare.match.empty());
  CHECK(bare.label == "job");
  CHECK(parse(R"~("label_names()")~").what == kind::label_names);
  CHECK(parse(R"~("label_names(up)")~").match == "up");
  auto metrics = parse(R"~("metrics(node_memory_.*)")~");
  CHECK(metrics.what == kind::metrics);
  CHECK(metrics.regex == "node_memory_.*");
  auto qr = parse(R"~(" query_result(topk(3, sum by (job) (up))) ")~");
  CHECK(qr.what == kind::query_result);
  CHECK(qr.expr == "topk(3, sum by (job) (up))");
  CHECK(parse(R"~("up{job=\"node\"}")~").what == kind::series);
  // The object forms: {qryType, query} and the builder's fields.
  auto obj = parse(R"~({"qryType": 1, "query": "label_values(up, job)", "refId": "X"})~");
  CHECK(obj.what == kind::label_values);
  CHECK(obj.match == "up");
  auto builder = parse(R"~({"qryType": 1, "label": "instance", "metric": "node_uname_info"})~");
  CHECK(builder.what == kind::label_values);
  CHECK(builder.match == "node_uname_info");
  CHECK(builder.label == "instance");
  CHECK(parse(R"~({"qryType": 0})~").what == kind::label_names);
  CHECK(parse(R"~("")~").what == kind::none);
}

TEST_CASE("prometheus series answers as option texts") {
  CHECK(prom::series_texts(R"~({"status":"success","data":[{"__name__":"up","job":"node","instance":"a"}]})~", "up") ==
        std::vector<std::string>{R"~(up{instance="a", job="node"})~"});
}

TEST_CASE("metrics(regex) keeps the metric names the regex finds, in order", "[prometheus]") {
  using reportd::render::prometheus::metrics_matching;
  const std::vector<std::string> names{"node_cpu_seconds_total", "up", "node_memory_MemTotal_bytes",
                                       "node_memory_MemFree_bytes"};
  CHECK(metrics_matching(names, "node_memory_.*") ==
        std::vector<std::string>{"node_memory_MemTotal_bytes", "node_memory_MemFree_bytes"});
  CHECK(metrics_matching(names, "^up$") == std::vector<std::string>{"up"});
  CHECK_THROWS_WITH(metrics_matching(names, "node_("), "metrics(node_(): not a valid regular expression");
}
