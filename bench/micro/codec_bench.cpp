// The model layer's hot paths on every request: the report JSON codec and the error table.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "model/http_errors.hpp"
#include "model/report_json.hpp"

namespace {

std::string create_body() {
  std::ifstream in(REPORTD_BENCH_DIR "/fixtures/report_create.json");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void parse_valid_report(benchmark::State& state) {
  const auto body = create_body();
  for (auto _ : state) {
    auto r = reportd::model::parse_valid_report(body);
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(parse_valid_report);

void report_to_json(benchmark::State& state) {
  auto r = reportd::model::parse_valid_report(create_body());
  if (!r) {
    state.SkipWithError(r.error().message.c_str());
    return;
  }
  r->id = 1;
  for (auto _ : state)
    benchmark::DoNotOptimize(reportd::model::report_to_json(*r, 1767225600));
}
BENCHMARK(report_to_json);

void error_table(benchmark::State& state) {
  using reportd::model::errc;
  const reportd::model::problem problems[] = {
      {errc::bad_request, "bad request data"},
      {errc::unauthenticated, "invalid API key"},
      {errc::forbidden, "You'll need additional permissions", "reports:create"},
      {errc::not_found, "report not found"},
      {errc::internal, "database is locked"},
  };
  std::size_t i = 0;
  for (auto _ : state) {
    auto res = reportd::model::to_http(problems[i++ % 5], "0123456789abcdef");
    benchmark::DoNotOptimize(res);
  }
}
BENCHMARK(error_table);

}  // namespace
