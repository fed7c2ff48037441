#pragma once
// Prometheus as a datasource, over its HTTP API (libcurl): range and instant queries with
// Grafana's step and macros, series named as Grafana names them, and the template-variable
// queries (label_values, label_names, metrics, query_result). Configured as Grafana
// configures it (url, basic auth, jsonData: timeInterval, httpMethod, tlsSkipVerify,
// tlsAuthWithCACert, httpHeaderName1.., queryTimeout, maxConcurrentQueries).
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "model/datasource.hpp"
#include "render/datasources/datasource.hpp"
#include "render/datasources/prometheus/http_client.hpp"

namespace reportd::render {

class prometheus_source final : public datasource {
public:
  explicit prometheus_source(model::datasource_config cfg);

  std::vector<frame> query(const boost::json::object& target, const time_window& range,
                           const query_context& ctx) override;
  std::vector<std::string> metric_find(const boost::json::value& query, const time_window& range,
                                       const query_context& ctx) override;
  bool expands_time_macros() const override { return true; }

  /// At most this many requests to this Prometheus at once (jsonData.maxConcurrentQueries,
  /// default 8); others wait for a free slot, never past their deadline.
  int max_concurrent() const { return max_concurrent_; }
  /// The most requests that were in flight at one moment since start (for the bench).
  int peak_in_flight() const;

private:
  prometheus::http_answer ask(const std::string& path, const prometheus::form& params,
                              const query_context& ctx, bool force_get = false);
  std::vector<std::string> label_values(const std::string& match, const std::string& label,
                                        const time_window& range, const query_context& ctx);

  model::datasource_config cfg_;
  prometheus::endpoint ep_;
  std::string scrape_interval_;  // jsonData.timeInterval
  int max_concurrent_ = 8;
  mutable std::mutex slots_mutex_;
  std::condition_variable slot_freed_;
  int busy_ = 0;
  int peak_ = 0;
};

}  // namespace reportd::render
