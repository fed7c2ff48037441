// Template substitution, which runs over every title, legend, unit and query text of every
// panel: a text without `$` or `[[` (most of them) next to one that references a variable.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include <string>

#include "render/variables.hpp"

namespace {

reportd::render::variable_set two_variables() {
  const auto dash = boost::json::parse(R"({"templating":{"list":[
    {"type":"custom","name":"job","query":"api,db","current":{"text":"api","value":"api"}},
    {"type":"constant","name":"env","query":"prod"}]}})").as_object();
  return reportd::render::variable_set::from_dashboard(dash, {});
}

void substitute_text(benchmark::State& state, std::string text) {
  const auto vars = two_variables();
  for (auto _ : state) benchmark::DoNotOptimize(vars.substitute(text));
}

}  // namespace

BENCHMARK_CAPTURE(substitute_text, no_reference, std::string("CPU busy per core (5m average)"));
BENCHMARK_CAPTURE(substitute_text, one_reference, std::string("CPU busy of $job in [[env]]"));
