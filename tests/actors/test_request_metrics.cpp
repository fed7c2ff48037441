// The front's request counters in Prometheus' text format: what a scrape shows.
#include "catch_prelude.hpp"

#include "actors/front/request_metrics.hpp"

using reportd::request_metrics;

TEST_CASE("request metrics count by route and status, with cumulative latency buckets") {
  request_metrics m;
  m.record("GET /api/reports/:id", 200, 0.0008);
  m.record("GET /api/reports/:id", 200, 0.004);
  m.record("GET /api/reports/:id", 404, 2.0);
  m.record("POST /api/reports/email", 500, 61.0);
  auto text = m.text(3, 1);
  CHECK(text.find("reportd_http_requests_total{route=\"GET /api/reports/:id\",status=\"200\"} 2\n") != std::string::npos);
  CHECK(text.find("reportd_http_requests_total{route=\"GET /api/reports/:id\",status=\"404\"} 1\n") != std::string::npos);
  // cumulative: one at <= 1 ms, two at <= 5 ms, two at <= 1 s, three at <= 5 s
  CHECK(text.find("_bucket{route=\"GET /api/reports/:id\",le=\"0.001\"} 1\n") != std::string::npos);
  CHECK(text.find("_bucket{route=\"GET /api/reports/:id\",le=\"0.005\"} 2\n") != std::string::npos);
  CHECK(text.find("_bucket{route=\"GET /api/reports/:id\",le=\"1\"} 2\n") != std::string::npos);
  CHECK(text.find("_bucket{route=\"GET /api/reports/:id\",le=\"5\"} 3\n") != std::string::npos);
  // a request slower than the last bound counts only in +Inf
  CHECK(text.find("_bucket{route=\"POST /api/reports/email\",le=\"30\"} 0\n") != std::string::npos);
  CHECK(text.find("_bucket{route=\"POST /api/reports/email\",le=\"+Inf\"} 1\n") != std::string::npos);
  CHECK(text.find("reportd_http_request_duration_seconds_count{route=\"GET /api/reports/:id\"} 3\n") != std::string::npos);
  CHECK(text.find("reportd_http_requests_in_flight{class=\"light\"} 3\n") != std::string::npos);
  CHECK(text.find("reportd_http_requests_in_flight{class=\"heavy\"} 1\n") != std::string::npos);
}
