// The scheduler's next-run rule (model/schedule.hpp), in zones with DST, for the kinds of
// schedule that do the most wall-clock arithmetic.
#include <benchmark/benchmark.h>

#include "model/schedule.hpp"

namespace {

reportd::model::schedule make(const char* frequency, const char* zone) {
  reportd::model::schedule s;
  s.frequency = frequency;
  s.time_zone = zone;
  s.start_date = 1767600000;  // 2026-01-05 08:00 UTC
  return s;
}

void next_run(benchmark::State& state, reportd::model::schedule s) {
  std::int64_t last = 1767600000;
  for (auto _ : state) {
    auto next = reportd::model::next_run(s, "scheduled", last, last);
    if (!next) {
      state.SkipWithError("no next run");
      break;
    }
    benchmark::DoNotOptimize(next);
  }
}

reportd::model::schedule hourly_workdays() {
  auto s = make("hourly", "America/New_York");
  s.workdays_only = true;
  return s;
}

reportd::model::schedule monthly_last() {
  auto s = make("monthly", "Australia/Sydney");
  s.day_of_month = "last";
  return s;
}

BENCHMARK_CAPTURE(next_run, weekly_warsaw, make("weekly", "Europe/Warsaw"));
BENCHMARK_CAPTURE(next_run, hourly_workdays_new_york, hourly_workdays());
BENCHMARK_CAPTURE(next_run, monthly_last_sydney, monthly_last());

}  // namespace
