#pragma once
// A datasource reportd does not serve itself, queried through Grafana's `POST /api/ds/query`
// with the request Grafana's own frontend sends: `queries` of {refId, datasource {type, uid},
// the target's fields, intervalMs, maxDataPoints} and `from`/`to` as epoch ms strings. The
// data frames that come back feed the drawing as native frames; a query's error in the
// answer (`results.A.error`) is the query's error.
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "render/datasources/batching.hpp"
#include "render/datasources/datasource.hpp"
#include "render/datasources/grafana/client.hpp"

namespace reportd::render {

class grafana_source final : public datasource, public batching_datasource {
public:
  grafana_source(std::shared_ptr<const grafana::client> client, std::string type, std::string uid);

  std::vector<frame> query(const boost::json::object& target, const time_window& range,
                           const query_context& ctx) override;
  /// Grafana's Prometheus and Loki backends expand $__interval, $__rate_interval and $__range
  /// themselves from the request's intervalMs and range; the renderer leaves them in place.
  bool expands_time_macros() const override;
  /// A Prometheus-type variable query (label_values, label_names, metrics, query_result, a
  /// series selector) asked as Grafana's own frontend asks it: the datasource's resource API,
  /// `GET /api/datasources/uid/<uid>/resources/api/v1/...`, which Grafana's backend answers
  /// from that Prometheus. Other types throw (the variable keeps its saved value).
  std::vector<std::string> metric_find(const boost::json::value& query, const time_window& range,
                                       const query_context& ctx) override;

  /// A panel's targets in one request (`queries[]` holds them all), answers by refId.
  std::vector<batch_answer> query_batch(const std::vector<boost::json::object>& targets, const time_window& range,
                                        const query_context& ctx) override;

  /// The request body for `target` / for a panel's `targets` (tests read it).
  std::string request_body(const boost::json::object& target, const time_window& range,
                           const query_context& ctx) const;
  std::string request_body(const std::vector<boost::json::object>& targets, const time_window& range,
                           const query_context& ctx) const;

private:
  /// GET a Prometheus API path through Grafana's resource proxy for this datasource.
  std::string resource(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params,
                       const query_context& ctx) const;

  std::shared_ptr<const grafana::client> client_;
  std::string type_;
  std::string uid_;
};

}  // namespace reportd::render
