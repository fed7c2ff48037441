#include "actors/front/request_metrics.hpp"

#include <cstdio>

namespace reportd {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void request_metrics::record(const std::string& route, unsigned status, double seconds) {
  requests_[{route, status}] += 1;
  auto& h = latency_[route];
  for (std::size_t i = 0; i < bounds.size(); ++i)
    if (seconds <= bounds[i]) {
      h.buckets[i] += 1;
      break;
    }
  h.count += 1;
  h.sum += seconds;
}

std::string request_metrics::text(std::int64_t light_in_flight, std::int64_t heavy_in_flight) const {
  std::string out;
  out += "# HELP reportd_http_requests_total Answered requests by route and status.\n";
  out += "# TYPE reportd_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out += "reportd_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  out += "# HELP reportd_http_request_duration_seconds Time from routing to answer, by route.\n";
  out += "# TYPE reportd_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    auto label = "reportd_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"";
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      cumulative += h.buckets[i];
      out += label + number(bounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += label + "+Inf\"} " + std::to_string(h.count) + "\n";
    out += "reportd_http_request_duration_seconds_sum{route=\"" + route + "\"} " + number(h.sum) + "\n";
    out += "reportd_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(h.count) + "\n";
  }
  out += "# HELP reportd_http_requests_in_flight Requests admitted and not yet answered, by class.\n";
  out += "# TYPE reportd_http_requests_in_flight gauge\n";
  out += "reportd_http_requests_in_flight{class=\"light\"} " + std::to_string(light_in_flight) + "\n";
  out += "reportd_http_requests_in_flight{class=\"heavy\"} " + std::to_string(heavy_in_flight) + "\n";
  return out;
}

}  // namespace reportd
