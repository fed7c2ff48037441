#include "catch_prelude.hpp"

#include "test_transform_helpers.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

frame hosts() {
  return make_frame("", {str("Host", {"web1", "web2", "db1", "db2"}), num("cpu", {90, 15, null, 55}),
                         num("mem", {10, 80, 30, 40})});
}

std::string filter(const std::string& type, const std::string& match, const std::string& filters) {
  return R"({"id":"filterByValue","options":{"type":")" + type + R"(","match":")" + match +
         R"(","filters":)" + filters + "}}";
}
}  // namespace

TEST_CASE("filterByValue include/exclude with one matcher", "[transform]") {
  const std::string greater = R"([{"fieldName":"cpu","config":{"id":"greater","options":{"value":50}}}])";
  auto out = run(filter("include", "any", greater), {hosts()});
  CHECK(col(out[0], "Host").strings == strings{"web1", "db2"});
  out = run(filter("exclude", "any", greater), {hosts()});
  CHECK(col(out[0], "Host").strings == strings{"web2", "db1"});
  CHECK(same_numbers(col(out[0], "cpu").numbers, {15, null}));
}

TEST_CASE("filterByValue matchers", "[transform]") {
  auto hosts_where = [](const std::string& f) { return col(run(filter("include", "any", f), {hosts()})[0], "Host").strings; };
  CHECK(hosts_where(R"([{"fieldName":"cpu","config":{"id":"lower","options":{"value":55}}}])") == strings{"web2"});
  CHECK(hosts_where(R"([{"fieldName":"cpu","config":{"id":"lowerOrEqual","options":{"value":55}}}])") ==
        strings{"web2", "db2"});
  CHECK(hosts_where(R"([{"fieldName":"cpu","config":{"id":"greaterOrEqual","options":{"value":90}}}])") ==
        strings{"web1"});
  CHECK(hosts_where(R"([{"fieldName":"mem","config":{"id":"equal","options":{"value":80}}}])") == strings{"web2"});
  CHECK(hosts_where(R"([{"fieldName":"Host","config":{"id":"notEqual","options":{"value":"web1"}}}])") ==
        strings{"web2", "db1", "db2"});
  CHECK(hosts_where(R"([{"fieldName":"cpu","config":{"id":"isNull","options":{}}}])") == strings{"db1"});
  CHECK(hosts_where(R"([{"fieldName":"cpu","config":{"id":"isNotNull","options":{}}}])") ==
        strings{"web1", "web2", "db2"});
  CHECK(hosts_where(R"([{"fieldName":"Host","config":{"id":"regex","options":{"value":"^db"}}}])") ==
        strings{"db1", "db2"});
  CHECK(hosts_where(R"([{"fieldName":"mem","config":{"id":"range","options":{"from":10,"to":40}}}])") ==
        strings{"db1"});
}

TEST_CASE("filterByValue match any or all of several filters", "[transform]") {
  const std::string two = R"([{"fieldName":"cpu","config":{"id":"greater","options":{"value":50}}},
                              {"fieldName":"mem","config":{"id":"greater","options":{"value":20}}}])";
  CHECK(col(run(filter("include", "any", two), {hosts()})[0], "Host").strings == strings{"web1", "web2", "db1", "db2"});
  CHECK(col(run(filter("include", "all", two), {hosts()})[0], "Host").strings == strings{"db2"});
}

TEST_CASE("sortBy orders rows by a field, descending when asked, nulls last ascending", "[transform]") {
  auto out = run(R"({"id":"sortBy","options":{"sort":[{"field":"cpu"}]}})", {hosts()});
  CHECK(col(out[0], "Host").strings == strings{"web2", "db2", "web1", "db1"});
  out = run(R"({"id":"sortBy","options":{"sort":[{"field":"mem","desc":true}]}})", {hosts()});
  CHECK(col(out[0], "Host").strings == strings{"web2", "db2", "db1", "web1"});
  CHECK(col(out[0], "mem").numbers == numbers{80, 40, 30, 10});
  out = run(R"({"id":"sortBy","options":{"sort":[{"field":"Host"}]}})", {hosts()});
  CHECK(col(out[0], "Host").strings == strings{"db1", "db2", "web1", "web2"});
}

TEST_CASE("limit keeps the first rows of each frame", "[transform]") {
  auto out = run(R"({"id":"limit","options":{"limitField":2}})", {hosts()});
  CHECK(col(out[0], "Host").strings == strings{"web1", "web2"});
  CHECK(col(out[0], "mem").numbers == numbers{10, 80});
  out = run(R"({"id":"limit","options":{}})", {hosts()});  // Grafana's default: 10
  CHECK(out[0].length() == 4);
}
