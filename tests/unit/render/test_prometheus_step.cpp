// Step and macro arithmetic of the Prometheus source, checked against the examples of
// Grafana's own backend tests (pkg/tsdb/prometheus/models/query_test.go): same range,
// scrape interval, intervalFactor and expression in, same step and expression out.
#include "catch_prelude.hpp"

#include "render/datasources/prometheus/step.hpp"

namespace {

namespace prom = reportd::render::prometheus;

constexpr std::int64_t hour = 3600000;
constexpr std::int64_t minute = 60000;
constexpr std::int64_t second = 1000;

prom::step_result step(std::int64_t range_ms, const char* scrape, std::int64_t factor = 1,
                       const char* target_interval = "") {
  prom::step_inputs in;
  in.range_ms = range_ms;
  in.scrape_interval = scrape;
  in.interval_factor = factor;
  in.target_interval = target_interval;
  return prom::compute_step(in);
}

std::string expand(const char* expr, std::int64_t range_ms, const char* scrape = "15s",
                   const char* target_interval = "") {
  return prom::interpolate_macros(expr, step(range_ms, scrape, 1, target_interval), range_ms);
}

}  // namespace

TEST_CASE("prometheus step: Grafana's examples") {
  CHECK(step(12 * hour, "15s").step_ms == 30 * second);      // 43200 s / 1500 = 28.8 s -> 30 s
  CHECK(step(1 * hour, "15s").step_ms == 15 * second);       // 2.4 s is below the scrape interval
  CHECK(step(48 * hour, "15s", 10).step_ms == 20 * minute);  // 2 m x intervalFactor 10
  CHECK(step(48 * hour, "15s", 1).step_ms == 2 * minute);
  CHECK(step(48 * hour, "240s").step_ms == 4 * minute);      // the datasource's timeInterval wins
  CHECK(step(48 * hour, "15s", 0).step_ms == 2 * minute);    // factor 0 counts as 1
}

TEST_CASE("prometheus step: maxDataPoints, the panel interval and the target's min step") {
  prom::step_inputs in;
  in.range_ms = 6 * hour;
  in.max_data_points = 600;  // 36 s -> 30 s
  CHECK(prom::compute_step(in).step_ms == 30 * second);
  in.interval_ms = prom::panel_interval_ms(in.range_ms, in.max_data_points, "1m");
  CHECK(in.interval_ms == minute);
  CHECK(prom::compute_step(in).step_ms == minute);
  in.target_interval = "5m";  // a target's min step above the rest
  CHECK(prom::compute_step(in).step_ms == 5 * minute);
  in.target_interval = "$__interval";  // a macro as min step means "no minimum"
  CHECK(prom::compute_step(in).step_ms == minute);
}

TEST_CASE("prometheus step: never finer than range / 11000") {
  prom::step_inputs in;
  in.range_ms = 30LL * 24 * hour;  // 30 days at 1 s resolution would be 2.6 M points
  in.max_data_points = 100000;
  in.scrape_interval = "1s";
  CHECK(prom::compute_step(in).step_ms == 5 * minute);  // 235 s rounds to 5 m
}

TEST_CASE("prometheus macros: $__interval and $__interval_ms are the step") {
  CHECK(expand(R"(rate(ALERTS{job="test"}[$__interval]))", 48 * hour) == R"(rate(ALERTS{job="test"}[2m]))");
  CHECK(expand(R"(rate(ALERTS{job="test"}[${__interval}]))", 48 * hour) == R"(rate(ALERTS{job="test"}[2m]))");
  CHECK(expand("rate(x[$__interval_ms])", 48 * hour) == "rate(x[120000])");
  CHECK(expand("rate(x[$__interval_ms]) + rate(x[$__interval])", 48 * hour) == "rate(x[120000]) + rate(x[2m])");
}

TEST_CASE("prometheus macros: $__range, $__range_s, $__range_ms") {
  CHECK(expand("rate(x[$__range])", 48 * hour) == "rate(x[172800s])");
  CHECK(expand("rate(x[$__range_s])", 48 * hour) == "rate(x[172800])");
  CHECK(expand("rate(x[${__range_s}s])", 48 * hour) == "rate(x[172800s])");
  CHECK(expand("rate(x[$__range_s])", 40) == "rate(x[0])");   // below 0.5 s rounds to 0
  CHECK(expand("rate(x[$__range_s])", 800) == "rate(x[1])");  // 0.5 s .. 1 s rounds to 1
  CHECK(expand("rate(x[$__range_ms])", 48 * hour) == "rate(x[172800000])");
  CHECK(expand("rate(x[$__range_ms])", 20) == "rate(x[20])");
}

TEST_CASE("prometheus macros: $__rate_interval = max($__interval + scrape, 4 x scrape)") {
  // Grafana: 5 m range, min step 5 m, scrape 15 s -> 5m15s.
  CHECK(expand("rate(x[$__rate_interval])", 5 * minute, "15s", "5m") == "rate(x[5m15s])");
  // A short step: four scrape intervals.
  CHECK(expand("rate(x[$__rate_interval])", 1 * hour, "15s") == "rate(x[1m0s])");
  CHECK(expand("rate(x[$__rate_interval_ms])", 1 * hour, "15s") == "rate(x[60000])");
  // A scrape interval of 1 s and a 2 m step: step + scrape.
  CHECK(expand("rate(x[$__rate_interval])", 48 * hour, "1s") == "rate(x[2m1s])");
  // No scrape interval configured: Grafana's 15 s.
  CHECK(step(48 * hour, "").rate_interval_ms == 2 * minute + 15 * second);
}

TEST_CASE("prometheus step: $__rate_interval as the min step makes the step the rate interval") {
  const auto s = step(5 * minute, "15s", 1, "$__rate_interval");
  CHECK(s.step_ms == minute);
  CHECK(expand("rate(x[$__rate_interval])", 5 * minute, "15s", "$__rate_interval") == "rate(x[1m0s])");
}

TEST_CASE("prometheus intervals: parsing and text") {
  CHECK(prom::parse_duration_ms("15s") == 15000);
  CHECK(prom::parse_duration_ms("30") == 30000);  // a bare number is seconds
  CHECK(prom::parse_duration_ms("500ms") == 500);
  CHECK(prom::parse_duration_ms("1w") == 604800000);
  CHECK(prom::parse_duration_ms("") == -1);
  CHECK(prom::parse_duration_ms("soon") == -1);
  CHECK(prom::go_duration(315000) == "5m15s");
  CHECK(prom::go_duration(7200000) == "2h0m0s");
  CHECK(prom::go_duration(1500) == "1.5s");
  CHECK(prom::go_duration(200) == "200ms");
  CHECK(prom::format_interval(120000) == "2m");
  CHECK(prom::round_interval(115200) == 120000);
  CHECK(prom::round_interval(45000) == 30000);  // inclusive bounds, as Grafana's backend
  CHECK(prom::round_interval(3 * 24 * hour) == 24 * hour);
}
