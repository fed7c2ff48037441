#include "catch_prelude.hpp"

#include "test_transform_helpers.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

std::vector<frame> cpu_and_memory() {
  return {make_frame("", {times({1, 2, 3}), num("cpu", {10, 20, 30})}),
          make_frame("", {times({2, 3, 4}), num("mem", {200, 300, 400})})};
}
}  // namespace

TEST_CASE("joinByField outer: one row per time of any series, gaps empty", "[transform]") {
  auto out = run(R"({"id":"joinByField","options":{"mode":"outer"}})", cpu_and_memory());
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Time", "cpu", "mem"});
  CHECK(col(out[0], "Time").numbers == numbers{1, 2, 3, 4});
  CHECK(same_numbers(col(out[0], "cpu").numbers, {10, 20, 30, null}));
  CHECK(same_numbers(col(out[0], "mem").numbers, {null, 200, 300, 400}));
}

TEST_CASE("joinByField inner: only times every series has", "[transform]") {
  auto out = run(R"({"id":"joinByField","options":{"mode":"inner"}})", cpu_and_memory());
  REQUIRE(out.size() == 1);
  CHECK(col(out[0], "Time").numbers == numbers{2, 3});
  CHECK(col(out[0], "cpu").numbers == numbers{20, 30});
  CHECK(col(out[0], "mem").numbers == numbers{200, 300});
}

TEST_CASE("seriesToColumns (Grafana 7) joins like joinByField, on a named text field too", "[transform]") {
  auto out = run(R"({"id":"seriesToColumns","options":{}})", cpu_and_memory());
  REQUIRE(out.size() == 1);
  CHECK(col(out[0], "Time").numbers == numbers{1, 2, 3, 4});
  std::vector<frame> tables{make_frame("", {str("Host", {"web1", "web2"}), num("cpu", {1, 2})}),
                            make_frame("", {str("Host", {"web2", "web3"}), num("mem", {20, 30})})};
  out = run(R"({"id":"seriesToColumns","options":{"byField":"Host"}})", tables);
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Host", "cpu", "mem"});
  CHECK(col(out[0], "Host").strings == strings{"web1", "web2", "web3"});
  CHECK(same_numbers(col(out[0], "cpu").numbers, {1, 2, null}));
  CHECK(same_numbers(col(out[0], "mem").numbers, {null, 20, 30}));
}

TEST_CASE("joined series are named as Grafana shows them", "[transform]") {
  std::vector<frame> prom{make_frame("", {times({1}), num("Value", {1}, {{"instance", "a"}})}),
                          make_frame("", {times({1}), num("Value", {2}, {{"instance", "b"}})})};
  auto out = run(R"({"id":"joinByField","options":{}})", prom);
  CHECK(names(out[0]) == strings{"Time", "a", "b"});
  // Prometheus: each frame is named by its legend, which Grafana shows for the Value field.
  std::vector<frame> legends{
      make_frame("node a", {times({1}), num("Value", {1}, {{"instance", "a"}, {"job", "node"}})}),
      make_frame("node b", {times({1}), num("Value", {2}, {{"instance", "b"}, {"job", "node"}})})};
  out = run(R"({"id":"joinByField","options":{}})", legends);
  CHECK(names(out[0]) == strings{"Time", "node a", "node b"});
  out = run(R"({"id":"reduce","options":{"reducers":["max"]}})", legends);
  CHECK(col(out[0], "Field").strings == strings{"node a", "node b"});
  out = run(R"({"id":"labelsToFields","options":{}})", legends);
  CHECK(names(out[1]) == strings{"Time", "Value", "instance", "job"});
  std::vector<frame> testdata{make_frame("A-series", {times({1}), num("A-series", {1})}),
                              make_frame("B-series", {times({1}), num("B-series", {2})})};
  out = run(R"({"id":"joinByField","options":{}})", testdata);
  CHECK(names(out[0]) == strings{"Time", "A-series", "B-series"});
}

TEST_CASE("merge puts rows with the same shared values together", "[transform]") {
  std::vector<frame> in{make_frame("", {times({1000, 2000}), num("Temp", {1, 2})}),
                        make_frame("", {times({1000, 3000}), num("Humidity", {10, 30})})};
  auto out = run(R"({"id":"merge","options":{}})", in);
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Time", "Temp", "Humidity"});
  CHECK(col(out[0], "Time").numbers == numbers{1000, 2000, 3000});
  CHECK(same_numbers(col(out[0], "Temp").numbers, {1, 2, null}));
  CHECK(same_numbers(col(out[0], "Humidity").numbers, {10, null, 30}));

  std::vector<frame> tables{make_frame("", {str("Host", {"web1"}), num("Value", {1})}),
                            make_frame("", {str("Host", {"web2"}), num("Value", {2})})};
  out = run(R"({"id":"merge","options":{}})", tables);
  REQUIRE(out.size() == 1);
  CHECK(col(out[0], "Host").strings == strings{"web1", "web2"});
  CHECK(col(out[0], "Value").numbers == numbers{1, 2});
}

TEST_CASE("seriesToRows: Time, Metric, Value, newest first", "[transform]") {
  std::vector<frame> in{make_frame("A", {times({1, 2}), num("A", {1, 2})}),
                        make_frame("B", {times({1, 3}), num("B", {10, 30})})};
  auto out = run(R"({"id":"seriesToRows","options":{}})", in);
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Time", "Metric", "Value"});
  CHECK(col(out[0], "Time").numbers == numbers{3, 2, 1, 1});
  CHECK(col(out[0], "Metric").strings == strings{"B", "A", "B", "A"});
  CHECK(col(out[0], "Value").numbers == numbers{30, 2, 10, 1});
}
