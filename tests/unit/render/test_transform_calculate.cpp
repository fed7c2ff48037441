#include "catch_prelude.hpp"

#include "render/reduce.hpp"
#include "test_transform_helpers.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

std::vector<frame> two_series() {
  return {make_frame("cpu", {times({1, 2, 3, 4}), num("cpu", {4, 2, 8, null})}),
          make_frame("mem", {times({1, 2, 3, 4}), num("mem", {10, 20, 30, 40})})};
}

frame ab() { return make_frame("", {times({1, 2, 3}), num("A", {1, 2, 3}), num("B", {10, 20, 30})}); }
}  // namespace

TEST_CASE("reduce seriesToRows: one row per series, one column per reducer, Grafana's titles", "[transform]") {
  auto out = run(R"({"id":"reduce","options":{"reducers":
      ["max","mean","last","lastNotNull","sum","count","range","delta","diff","first","min"]}})",
                 two_series());
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Field", "Max", "Mean", "Last", "Last *", "Total", "Count", "Range", "Delta",
                                 "Difference", "First", "Min"});
  CHECK(col(out[0], "Field").strings == strings{"cpu", "mem"});
  CHECK(col(out[0], "Max").numbers == numbers{8, 40});
  CHECK(col(out[0], "Mean").numbers == numbers{14.0 / 3, 25});
  CHECK(same_numbers(col(out[0], "Last").numbers, {null, 40}));
  CHECK(col(out[0], "Last *").numbers == numbers{8, 40});
  CHECK(col(out[0], "Total").numbers == numbers{14, 100});
  CHECK(col(out[0], "Count").numbers == numbers{3, 4});
  CHECK(col(out[0], "Range").numbers == numbers{6, 30});
  // Delta counts increases and treats a drop as a counter reset (4 -> 2 -> 8 adds nothing).
  CHECK(col(out[0], "Delta").numbers == numbers{0, 30});
  CHECK(col(out[0], "Difference").numbers == numbers{4, 30});
  CHECK(col(out[0], "First").numbers == numbers{4, 10});
  CHECK(col(out[0], "Min").numbers == numbers{2, 10});
}

TEST_CASE("reduce of a text field gives its text for last/first and the row stays", "[transform]") {
  auto out = run(R"({"id":"reduce","options":{"reducers":["lastNotNull"]}})",
                 {make_frame("", {str("Host", {"web1", "web2"}), num("Value", {1, 2})})});
  REQUIRE(out.size() == 1);
  CHECK(col(out[0], "Field").strings == strings{"Host", "Value"});
  CHECK(col(out[0], "Last *").strings == strings{"web2", "2"});
}

TEST_CASE("reduce reduceFields: the frame keeps its fields, one value each", "[transform]") {
  auto out = run(R"({"id":"reduce","options":{"mode":"reduceFields","reducers":["max"]}})", two_series());
  REQUIRE(out.size() == 2);
  CHECK(names(out[0]) == strings{"cpu"});
  CHECK(col(out[0], "cpu").numbers == numbers{8});
  CHECK(col(out[1], "mem").numbers == numbers{40});
  out = run(R"({"id":"reduce","options":{"mode":"reduceFields","reducers":["min","max"]}})", two_series());
  CHECK(names(out[0]) == strings{"cpu Min", "cpu Max"});
  CHECK(col(out[0], "cpu Min").numbers == numbers{2});
}

TEST_CASE("the shared reducers follow Grafana", "[transform]") {
  const numbers v{1, 5, 2, 4, null};
  CHECK(reduce(v, "delta") == 4);
  CHECK(reduce(v, "count") == 4);
  CHECK(reduce(v, "countAll") == 5);
  CHECK(reduce(v, "median") == 3);
  CHECK(reduce(v, "p50") == 4);  // index round(3 * 0.5) = 2 of 1,2,4,5
  CHECK(reduce(v, "step") == -3);
  CHECK(reduce(v, "changeCount") == 3);
  CHECK(reduce(v, "distinctCount") == 4);
  CHECK(reduce(v, "diffperc") == 300);
  CHECK(reduce(v, "variance") == Approx(2.5));
  CHECK(reduce({}, "sum") == 0);
  CHECK(reduce({null}, "allIsNull") == 1);
  CHECK(reducer_name("lastNotNull") == "Last *");
  CHECK(reducer_name("p95") == "95th %");
}

TEST_CASE("calculateField binary: field by field, or with a constant, named as Grafana names it", "[transform]") {
  auto out = run(R"({"id":"calculateField","options":{"mode":"binary","binary":{"left":"A","operator":"*","right":"B"}}})",
                 {ab()});
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Time", "A", "B", "A * B"});
  CHECK(col(out[0], "A * B").numbers == numbers{10, 40, 90});
  out = run(R"({"id":"calculateField","options":{"mode":"binary","alias":"A plus",
      "binary":{"left":{"matcher":{"id":"byName","options":"A"}},"operator":"+","right":{"fixed":"100"}}}})",
            {ab()});
  CHECK(col(out[0], "A plus").numbers == numbers{101, 102, 103});
  out = run(R"({"id":"calculateField","options":{"mode":"binary","replaceFields":true,
      "binary":{"left":"B","operator":"/","right":"A"}}})",
            {ab()});
  CHECK(names(out[0]) == strings{"Time", "B / A"});
  CHECK(col(out[0], "B / A").numbers == numbers{10, 10, 10});
}

TEST_CASE("calculateField binary on all number fields adds one field beside each", "[transform]") {
  auto out = run(R"({"id":"calculateField","options":{"mode":"binary",
      "binary":{"left":{"matcher":{"id":"byType","options":"number"}},"operator":"*","right":{"fixed":"2"}}}})",
                 {ab()});
  CHECK(names(out[0]) == strings{"Time", "A", "A * 2", "B", "B * 2"});
  CHECK(col(out[0], "B * 2").numbers == numbers{20, 40, 60});
}

TEST_CASE("calculateField reduceRow: a reducer across each row's number fields", "[transform]") {
  auto out = run(R"({"id":"calculateField","options":{"mode":"reduceRow","reduce":{"reducer":"sum"}}})", {ab()});
  CHECK(names(out[0]) == strings{"Time", "A", "B", "Total"});
  CHECK(col(out[0], "Total").numbers == numbers{11, 22, 33});
  out = run(R"({"id":"calculateField","options":{"mode":"reduceRow","alias":"peak",
      "reduce":{"reducer":"max","include":["A"]},"replaceFields":true}})",
            {ab()});
  CHECK(names(out[0]) == strings{"Time", "peak"});
  CHECK(col(out[0], "peak").numbers == numbers{1, 2, 3});
  // Several time series are joined on time first (Grafana's ensureColumns).
  out = run(R"({"id":"calculateField","options":{}})",
            {make_frame("", {times({1, 2}), num("cpu", {1, 2})}), make_frame("", {times({2, 3}), num("mem", {20, 30})})});
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Time", "cpu", "mem", "Total"});
  CHECK(col(out[0], "Total").numbers == numbers{1, 22, 30});
}

TEST_CASE("calculateField in a mode reportd lacks says so and passes the data on", "[transform]") {
  std::vector<std::string> notes;
  auto out = run(R"({"id":"calculateField","options":{"mode":"windowFunctions"}})", {ab()}, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("calculateField") != std::string::npos);
  CHECK(notes[0].find("windowFunctions") != std::string::npos);
  CHECK(names(out[0]) == strings{"Time", "A", "B"});
}
