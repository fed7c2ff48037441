#include "catch_prelude.hpp"

#include "test_transform_helpers.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

frame hosts() {
  return make_frame("A", {times({1000, 2000}), str("Host", {"web1", "web2"}), num("Min", {1, 2}),
                          num("Max", {5, 7}), str("Info", {"up", "down"})});
}

}  // namespace

TEST_CASE("organize hides, orders and renames columns by their shown names", "[transform]") {
  auto out = run(R"({"id":"organize","options":{
      "excludeByName":{"Time":true,"Info":true,"Host":false},
      "indexByName":{"Max":0,"Host":1,"Min":2},
      "renameByName":{"Max":"Peak","Host":"Server"}}})",
                 {hosts()});
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"Peak", "Server", "Min"});
  CHECK(col(out[0], "Peak").numbers == std::vector<double>{5, 7});
  CHECK(col(out[0], "Server").strings == strings{"web1", "web2"});
}

TEST_CASE("organize leaves fields it does not list after the listed ones, in their order", "[transform]") {
  auto out = run(R"({"id":"organize","options":{"indexByName":{"Info":0}}})", {hosts()});
  CHECK(names(out[0]) == strings{"Info", "Time", "Host", "Min", "Max"});
}

TEST_CASE("filterFieldsByName keeps names listed or matching the pattern, minus excluded ones", "[transform]") {
  auto out = run(R"({"id":"filterFieldsByName","options":{"include":{"names":["Host"],"pattern":"^M"}}})", {hosts()});
  CHECK(names(out[0]) == strings{"Host", "Min", "Max"});
  out = run(R"({"id":"filterFieldsByName","options":{"exclude":{"pattern":"/^m/i"}}})", {hosts()});
  CHECK(names(out[0]) == strings{"Time", "Host", "Info"});
  // A frame left without fields is dropped.
  out = run(R"({"id":"filterFieldsByName","options":{"include":{"names":["nothing"]}}})", {hosts()});
  CHECK(out.empty());
}

TEST_CASE("renameByRegex renames with capture groups, first match only", "[transform]") {
  auto out = run(R"j({"id":"renameByRegex","options":{"regex":"M(a|i)(.)","renamePattern":"m$1$2_"}})j", {hosts()});
  CHECK(names(out[0]) == strings{"Time", "Host", "min_", "max_", "Info"});
  out = run(R"({"id":"renameByRegex","options":{"regex":"(.*)-series","renamePattern":"cpu $1"}})",
            {make_frame("", {times({1}), num("A-series", {3})})});
  CHECK(names(out[0]) == strings{"Time", "cpu A"});
}

TEST_CASE("labelsToFields turns labels into columns, one value column per series", "[transform]") {
  std::vector<frame> in{make_frame("", {times({1, 2}), num("Value", {10, 20}, {{"instance", "a:9100"}, {"job", "node"}})}),
                        make_frame("", {times({1, 2}), num("Value", {30, 40}, {{"instance", "b:9100"}, {"job", "node"}})})};
  auto out = run(R"({"id":"labelsToFields","options":{}})", in);
  REQUIRE(out.size() == 2);
  CHECK(names(out[0]) == strings{"Time", "Value", "instance", "job"});
  CHECK(col(out[1], "instance").strings == strings{"b:9100", "b:9100"});
  CHECK(col(out[1], "Value").numbers == std::vector<double>{30, 40});

  out = run(R"({"id":"labelsToFields","options":{"valueLabel":"instance","keepLabels":["instance"]}})", in);
  CHECK(names(out[0]) == strings{"Time", "a:9100"});
  CHECK(names(out[1]) == strings{"Time", "b:9100"});
}

TEST_CASE("labelsToFields in rows mode lists each series' labels", "[transform]") {
  std::vector<frame> in{make_frame("", {times({1}), num("Value", {1}, {{"instance", "a"}, {"job", "node"}})})};
  auto out = run(R"({"id":"labelsToFields","options":{"mode":"rows"}})", in);
  REQUIRE(out.size() == 1);
  CHECK(names(out[0]) == strings{"label", "value"});
  CHECK(col(out[0], "label").strings == strings{"instance", "job"});
  CHECK(col(out[0], "value").strings == strings{"a", "node"});
}

TEST_CASE("an unknown transformation leaves a note naming it and the data as it was", "[transform]") {
  std::vector<std::string> notes;
  boost::json::array list = boost::json::parse(R"([
      {"id":"groupBy","options":{}},
      {"id":"organize","disabled":true,"options":{"excludeByName":{"Host":true}}},
      {"id":"limit","options":{"limitField":1}}])").as_array();
  auto out = apply_transformations(list, {hosts()}, notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "transformation groupBy is not supported");
  // The disabled organize did not hide Host; the limit after the unknown one still ran.
  CHECK(names(out[0]) == strings{"Time", "Host", "Min", "Max", "Info"});
  CHECK(out[0].length() == 1);
}

TEST_CASE("shown names: labels that differ, the single label's value, Value fields by frame", "[transform]") {
  std::vector<frame> in{make_frame("", {times({1}), num("Value", {1}, {{"instance", "a"}})}),
                        make_frame("", {times({1}), num("Value", {2}, {{"instance", "b"}})})};
  auto out = run(R"({"id":"limit","options":{"limitField":5}})", in);
  CHECK(names(out[0]) == strings{"Time", "a"});
  CHECK(names(out[1]) == strings{"Time", "b"});
  in = {make_frame("", {num("up", {1}, {{"instance", "a"}, {"job", "x"}}), num("up", {1}, {{"instance", "b"}, {"job", "x"}})})};
  out = run(R"({"id":"limit","options":{"limitField":5}})", in);
  CHECK(names(out[0]) == strings{"up {instance=\"a\"}", "up {instance=\"b\"}"});
}
