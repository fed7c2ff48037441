// Template variables with Prometheus: values written into PromQL as Grafana writes them, and
// query variables (label_values, query_result) through regex, sort and chained resolution.
#include "catch_prelude.hpp"

#include <boost/json.hpp>

#include "render/variables.hpp"
#include "render/variables_query.hpp"

namespace {

namespace json = boost::json;
using reportd::render::variable;
using reportd::render::variable_option;
using reportd::render::variable_set;

variable_set from(const char* list, const std::map<std::string, std::vector<std::string>>& overrides = {}) {
  auto dash = json::parse(std::string(R"({"templating":{"list":)") + list + "}}").as_object();
  return variable_set::from_dashboard(dash, overrides);
}

std::vector<std::string> texts(const std::vector<variable_option>& options) {
  std::vector<std::string> out;
  for (const auto& o : options) out.push_back(o.text);
  return out;
}

}  // namespace

TEST_CASE("promql format: a single-value variable is written as it is, quotes escaped") {
  auto vars = from(R"([{"type":"custom","name":"job","query":"node,it's","current":{"value":"it's"}}])");
  CHECK(vars.substitute(R"(up{job="$job"})", "prometheus") == R"(up{job="it\\'s"})");
  CHECK(reportd::render::format_promql({"a.b"}, false) == "a.b");
}

TEST_CASE("promql format: multi values regex-escaped, joined with | in parentheses") {
  auto vars = from(R"([{"type":"custom","name":"host","multi":true,"query":"a.example:9100,b.example:9100",
    "current":{"value":["a.example:9100","b.example:9100"]}}])");
  CHECK(vars.substitute(R"(up{instance=~"$host"})", "prometheus") ==
        R"~(up{instance=~"(a\\.example:9100|b\\.example:9100)"})~");
  // One value of a multi variable: escaped, without parentheses.
  CHECK(reportd::render::format_promql({"x+y"}, true) == R"(x\\+y)");
  CHECK(reportd::render::format_promql({R"(a\b)"}, true) == R"(a\\\\b)");
}

TEST_CASE("promql format: All is the allValue, else every value joined") {
  auto with_all_value = from(R"([{"type":"custom","name":"job","includeAll":true,"allValue":".*",
    "query":"a,b","current":{"value":"$__all"}}])");
  CHECK(with_all_value.substitute(R"(up{job=~"$job"})", "prometheus") == R"(up{job=~".*"})");
  auto without = from(R"([{"type":"custom","name":"job","includeAll":true,"query":"a,b",
    "current":{"value":"$__all"}}])");
  CHECK(without.substitute(R"(up{job=~"$job"})", "prometheus") == R"~(up{job=~"(a|b)"})~");
}

TEST_CASE("variable regex: capture groups and named text/value groups") {
  using reportd::render::options_from_texts;
  const std::vector<std::string> answer{R"(node_uname_info{instance="a:9100",nodename="alpha"} 1 1700000000000)",
                                        R"(node_uname_info{instance="b:9100",nodename="beta"} 1 1700000000000)"};
  CHECK(texts(options_from_texts(answer, R"~(/nodename="([^"]+)"/)~")) == std::vector<std::string>{"alpha", "beta"});
  const auto named = options_from_texts(answer, R"~(/instance="(?<value>[^"]+)",nodename="(?<text>[^"]+)"/)~");
  REQUIRE(named.size() == 2);
  CHECK(named[0].text == "alpha");
  CHECK(named[0].value == "a:9100");
  // Texts that do not match are dropped; duplicates appear once; flags are read.
  CHECK(texts(options_from_texts({"Node", "node", "prom"}, "/^node$/i")) == std::vector<std::string>{"Node", "node"});
  CHECK(texts(options_from_texts({"a", "a", "b"}, "")) == std::vector<std::string>{"a", "b"});
  CHECK_THROWS_WITH(options_from_texts({"a"}, "/([/"), "regex /([/ is not valid");
}

TEST_CASE("variable sort: Grafana's modes") {
  const std::vector<variable_option> base{{"b10", "b10"}, {"B2", "B2"}, {"a3", "a3"}, {"x", "x"}};
  auto sorted = [&](int mode) {
    auto o = base;
    reportd::render::sort_options(o, mode);
    return texts(o);
  };
  CHECK(sorted(0) == std::vector<std::string>{"b10", "B2", "a3", "x"});
  CHECK(sorted(1) == std::vector<std::string>{"B2", "a3", "b10", "x"});
  CHECK(sorted(2) == std::vector<std::string>{"x", "b10", "a3", "B2"});
  CHECK(sorted(3) == std::vector<std::string>{"x", "B2", "a3", "b10"});  // no number sorts as -1
  CHECK(sorted(4) == std::vector<std::string>{"b10", "a3", "B2", "x"});
  CHECK(sorted(5) == std::vector<std::string>{"a3", "b10", "B2", "x"});  // "b10" < "b2" as text
  CHECK(sorted(6) == std::vector<std::string>{"x", "B2", "b10", "a3"});
  CHECK(sorted(7) == std::vector<std::string>{"a3", "B2", "b10", "x"});
  CHECK(sorted(8) == std::vector<std::string>{"x", "b10", "B2", "a3"});
}

TEST_CASE("chained variables resolve in dependency order") {
  using reportd::render::resolution_order;
  // instance names $job; job is listed after it.
  const auto order = resolution_order({"instance", "job", "free"}, {{"job"}, {}, {}});
  CHECK(order == std::vector<std::size_t>{1, 2, 0});
  CHECK(reportd::render::referenced_variables(R"~(label_values(up{job="$job", x="${env:regex}"}, [[dc]]))~") ==
        std::vector<std::string>{"job", "env", "dc"});
  // A cycle does not loop for ever.
  CHECK(resolution_order({"a", "b"}, {{"b"}, {"a"}}).size() == 2);
}

TEST_CASE("query variables: chained, first option when empty, saved value kept or replaced") {
  auto vars = from(R"~([
    {"type":"query","name":"instance","query":"label_values(node_uname_info{job=\"$job\"}, instance)",
     "current":{"value":"gone:9100","text":"gone:9100"},"sort":1},
    {"type":"query","name":"job","query":{"qryType":1,"query":"label_values(up, job)"},"current":{}}])~");
  std::vector<std::string> asked;
  auto run = [&](const variable& v, const variable_set& scope) {
    const auto q = v.query.is_string() ? std::string(v.query.get_string())
                                       : std::string(v.query.at("query").get_string());
    asked.push_back(scope.substitute(q, "prometheus"));
    if (v.name == "job") return std::vector<std::string>{"node", "prometheus"};
    return std::vector<std::string>{"b:9100", "a:9100"};
  };
  std::vector<std::string> errors;
  vars.resolve_queries(run, errors);
  CHECK(errors.empty());
  REQUIRE(asked.size() == 2);
  CHECK(asked[0] == "label_values(up, job)");
  CHECK(asked[1] == R"~(label_values(node_uname_info{job="node"}, instance))~");
  CHECK(vars.find("job")->current.at(0).value == "node");          // empty current: the first
  CHECK(vars.find("instance")->current.at(0).value == "a:9100");   // saved value gone: the first (sorted)
}

TEST_CASE("query variables: the report's value wins, a failing query keeps the saved value") {
  auto vars = from(R"~([
    {"type":"query","name":"job","query":"label_values(job)","current":{"value":"node"}},
    {"type":"query","name":"broken","query":"label_values(x)","current":{"value":"saved"}}])~",
                   {{"job", {"prometheus"}}});
  std::vector<std::string> errors;
  vars.resolve_queries([](const variable& v, const variable_set&) -> std::vector<std::string> {
    if (v.name == "broken") throw std::runtime_error("bad_data: boom");
    return {"node", "prometheus"};
  }, errors);
  CHECK(vars.find("job")->current.at(0).value == "prometheus");
  CHECK(vars.find("broken")->current.at(0).value == "saved");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "variable 'broken': bad_data: boom (its saved value is used)");
}
