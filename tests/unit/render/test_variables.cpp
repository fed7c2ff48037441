#include "catch_prelude.hpp"

#include <boost/json.hpp>

#include "render/variables.hpp"

namespace {

using reportd::render::variable_set;

boost::json::object dashboard_with(const char* templating_list) {
  return boost::json::parse(std::string(R"({"templating":{"list":)") + templating_list + "}}").as_object();
}

// Two variables as Grafana saves them: a multi-value custom one and a "text : value" one.
const char* servers_and_pods = R"([
  {"type":"custom","name":"server","multi":true,"includeAll":true,
   "query":"A,B,C","current":{"text":["A","B"],"value":["A","B"]},
   "options":[{"text":"All","value":"$__all"},{"text":"A","value":"A"},{"text":"B","value":"B"},{"text":"C","value":"C"}]},
  {"type":"custom","name":"pod","multi":true,"includeAll":true,
   "query":"Bob : 1, Rob : 2,Sod : 3","current":{"text":["Bob"],"value":["1"]}},
  {"type":"constant","name":"env","query":"prod"},
  {"type":"textbox","name":"filter","query":"a.b","current":{"value":"x|y"}},
  {"type":"query","name":"host","current":{"text":"web-1","value":"web-1"}}
])";

}  // namespace

TEST_CASE("variables: saved current values substitute in every syntax") {
  const auto vars = variable_set::from_dashboard(dashboard_with(servers_and_pods), {});
  CHECK(vars.substitute("$host") == "web-1");
  CHECK(vars.substitute("${host}-x") == "web-1-x");
  CHECK(vars.substitute("[[host]]") == "web-1");
  CHECK(vars.substitute("env=$env") == "env=prod");
  CHECK(vars.substitute("$filter") == "x|y");
  CHECK(vars.substitute("$pod") == "1");
  CHECK(vars.substitute("${pod:text}") == "Bob");
  CHECK(vars.substitute("$unknown and ${nope}") == "$unknown and ${nope}");
}

TEST_CASE("variables: text without $ or [[ comes back as written, with either it interpolates") {
  const auto vars = variable_set::from_dashboard(dashboard_with(servers_and_pods), {});
  CHECK(vars.substitute("CPU {host} [x] host") == "CPU {host} [x] host");
  CHECK(vars.substitute("") == "");
  CHECK(vars.substitute("CPU on $host") == "CPU on web-1");
  CHECK(vars.substitute("CPU on [[host]]") == "CPU on web-1");
}

TEST_CASE("variables: multi-value formats follow Grafana") {
  const auto vars = variable_set::from_dashboard(dashboard_with(servers_and_pods), {});
  CHECK(vars.substitute("$server") == "{A,B}");  // default: glob
  CHECK(vars.substitute("${server:csv}") == "A,B");
  CHECK(vars.substitute("${server:pipe}") == "A|B");
  CHECK(vars.substitute("${server:raw}") == "A,B");
  CHECK(vars.substitute("${server:regex}") == "(A|B)");
  CHECK(vars.substitute("${server:json}") == R"(["A","B"])");
  CHECK(vars.substitute("${server:glob}") == "{A,B}");
  CHECK(vars.substitute("${server:text}") == "A + B");
  CHECK(vars.substitute("${server:singlequote}") == "'A','B'");
  CHECK(vars.substitute("${server:doublequote}") == R"("A","B")");
  CHECK(vars.substitute("${server:lucene}") == R"(("A" OR "B"))");
  CHECK(vars.substitute("${server:sqlstring}") == "'A','B'");
  CHECK(vars.substitute("[[server:pipe]]") == "A|B");
  CHECK(vars.substitute("${server:queryparam}") == "var-server=A&var-server=B");
  CHECK(vars.substitute("$server", "text") == "A + B");
}

TEST_CASE("variables: single values are escaped per format") {
  using reportd::render::format_values;
  CHECK(format_values({"a.b*"}, {}, "regex") == R"(a\.b\*)");
  CHECK(format_values({"it's"}, {}, "sqlstring") == "'it''s'");
  CHECK(format_values({"it's"}, {}, "singlequote") == R"('it\'s')");
  CHECK(format_values({"a:b"}, {}, "lucene") == R"(a\:b)");
  CHECK(format_values({"x"}, {}, "json") == R"("x")");
  CHECK(format_values({"a b"}, {}, "percentencode") == "a%20b");
  // As Grafana's encodeURIComponentStrict: the sub-delims ! ' ( ) * are encoded, UTF-8 bytes too.
  CHECK(format_values({"it's (a)*!~"}, {}, "percentencode") == "it%27s%20%28a%29%2A%21~");
  CHECK(format_values({"zażółć"}, {}, "percentencode") == "za%C5%BC%C3%B3%C5%82%C4%87");
  CHECK(format_values({"x"}, {}, "glob") == "x");
}

TEST_CASE("variables: report values override the dashboard's, All expands to every option") {
  const auto set = variable_set::from_dashboard(dashboard_with(servers_and_pods),
                                                {{"server", {"C"}}, {"pod", {"2", "3"}}});
  CHECK(set.substitute("$server") == "C");
  CHECK(set.substitute("${pod:text}") == "Rob + Sod");
  const auto all = variable_set::from_dashboard(dashboard_with(servers_and_pods), {{"server", {"$__all"}}});
  CHECK(all.repeat_values("server") == std::vector<std::string>{"A", "B", "C"});
  CHECK(all.substitute("${server:csv}") == "A,B,C");
  CHECK(all.substitute("${server:text}") == "All");
  const auto all_text = variable_set::from_dashboard(dashboard_with(servers_and_pods), {{"server", {"All"}}});
  CHECK(all_text.repeat_values("server").size() == 3);
}

TEST_CASE("variables: a custom allValue is used as written") {
  const auto vars = variable_set::from_dashboard(dashboard_with(R"([
    {"type":"custom","name":"dc","includeAll":true,"allValue":".*","query":"eu,us",
     "current":{"text":"All","value":"$__all"}}])"), {});
  CHECK(vars.substitute("${dc:regex}") == ".*");
  CHECK(vars.substitute("${dc:text}") == "All");
  CHECK(vars.repeat_values("dc") == std::vector<std::string>{"eu", "us"});
}

TEST_CASE("variables: narrowing for a repeat copy, and built-ins") {
  auto vars = variable_set::from_dashboard(dashboard_with(servers_and_pods), {});
  vars.narrow("pod", "3");
  CHECK(vars.substitute("pod $pod is ${pod:text}") == "pod 3 is Sod");
  vars.set_builtin("__from", "1600000000000");
  vars.set_builtin("__interval", "1m");
  CHECK(vars.substitute("$__from ${__from:date:seconds} ${__from:date}") ==
        "1600000000000 1600000000 2020-09-13T12:26:40.000Z");
  CHECK(vars.substitute("rate(x[$__interval])") == "rate(x[1m])");
  const auto shown = vars.effective();
  REQUIRE(shown.size() == 5);  // built-ins are not listed
  CHECK(shown[0].first == "server");
  CHECK(shown[0].second == std::vector<std::string>{"A", "B"});
}

TEST_CASE("variables: interval rounding as Grafana's") {
  using reportd::render::interval_text;
  using reportd::render::round_interval_ms;
  CHECK(interval_text(round_interval_ms(6 * 3600 * 1000, 1000)) == "20s");
  CHECK(interval_text(round_interval_ms(30 * 60 * 1000, 300)) == "5s");
  CHECK(interval_text(round_interval_ms(7LL * 24 * 3600 * 1000, 1000)) == "10m");
  CHECK(interval_text(90000) == "90s");
}

TEST_CASE("variables: an auto interval variable follows the time range") {
  auto vars = variable_set::from_dashboard(dashboard_with(R"([
    {"type":"interval","name":"step","auto":true,"auto_count":30,"auto_min":"10s",
     "query":"1m,10m,1h","current":{"text":"auto","value":"$__auto_interval_step"}},
    {"type":"interval","name":"fixed","query":"1m,10m,1h","current":{"text":"10m","value":"10m"}}])"), {});
  vars.resolve_auto_intervals(6LL * 3600 * 1000);  // 6h / 30 = 12 min, rounds to 10m
  CHECK(vars.substitute("$step $fixed") == "10m 10m");
  auto fresh = variable_set::from_dashboard(dashboard_with(R"([
    {"type":"interval","name":"step","auto":true,"query":"1m","current":{"value":"$__auto_interval_step"}}])"), {});
  fresh.resolve_auto_intervals(60LL * 1000);  // 1m / 30 = 2s: held at auto_min
  CHECK(fresh.substitute("$step") == "10s");
}

TEST_CASE("variables: values in effect are values, All when all are selected") {
  const auto vars = variable_set::from_dashboard(dashboard_with(servers_and_pods), {{"pod", {"2"}}});
  const auto shown = vars.effective();
  REQUIRE(shown.size() == 5);
  CHECK(shown[1].first == "pod");
  CHECK(shown[1].second == std::vector<std::string>{"2"});
  const auto all = variable_set::from_dashboard(dashboard_with(servers_and_pods), {{"server", {"$__all"}}});
  CHECK(all.effective()[0].second == std::vector<std::string>{"All"});
}
