#include "actors/front/request_metrics.hpp"

#include "model/metrics_text.hpp"

namespace reportd {

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
  model::metrics_text out;
  out.family("reportd_http_requests_total", "counter", "Answered requests by route and status.");
  for (const auto& [key, n] : requests_)
    out.sample("reportd_http_requests_total", {{"route", key.first}, {"status", std::to_string(key.second)}}, n);
  out.family("reportd_http_request_duration_seconds", "histogram", "Time from routing to answer, by route.");
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      cumulative += h.buckets[i];
      out.sample("reportd_http_request_duration_seconds_bucket",
                 {{"route", route}, {"le", model::metric_number(bounds[i])}}, cumulative);
    }
    out.sample("reportd_http_request_duration_seconds_bucket", {{"route", route}, {"le", "+Inf"}}, h.count);
    out.sample("reportd_http_request_duration_seconds_sum", {{"route", route}}, h.sum);
    out.sample("reportd_http_request_duration_seconds_count", {{"route", route}}, h.count);
  }
  out.family("reportd_http_requests_in_flight", "gauge", "Requests admitted and not yet answered, by class.");
  out.sample("reportd_http_requests_in_flight", {{"class", "light"}}, light_in_flight);
  out.sample("reportd_http_requests_in_flight", {{"class", "heavy"}}, heavy_in_flight);
  return out.take();
}

}  // namespace reportd
