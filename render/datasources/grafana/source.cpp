#include "render/datasources/grafana/source.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "render/datasources/grafana/frames.hpp"

namespace reportd::render {

namespace json = boost::json;

grafana_source::grafana_source(std::shared_ptr<const grafana::client> client, std::string type, std::string uid)
    : client_(std::move(client)), type_(std::move(type)), uid_(std::move(uid)) {}

bool grafana_source::expands_time_macros() const { return type_ == "prometheus" || type_ == "loki"; }

std::string grafana_source::request_body(const json::object& target, const time_window& range,
                                         const query_context& ctx) const {
  json::object q = target;
  if (!q.contains("refId")) q["refId"] = "A";
  q["datasource"] = json::object{{"type", type_}, {"uid", uid_}};
  const auto points = std::max<std::int64_t>(ctx.max_data_points, 1);
  const auto interval =
    ctx.interval_ms > 0 ? ctx.interval_ms : std::max<std::int64_t>((range.to_ms - range.from_ms) / points, 1);
  q["intervalMs"] = interval;
  q["maxDataPoints"] = points;
  json::object body;
  body["queries"] = json::array{std::move(q)};
  body["from"] = std::to_string(range.from_ms);
  body["to"] = std::to_string(range.to_ms);
  return json::serialize(body);
}

std::vector<frame> grafana_source::query(const json::object& target, const time_window& range,
                                         const query_context& ctx) {
  const auto answer = client_->ask("/api/ds/query", request_body(target, range, ctx), ctx.deadline_ms);
  const auto* ref = target.if_contains("refId");
  const std::string ref_id = ref && ref->is_string() ? std::string(ref->get_string()) : "A";
  std::map<std::string, grafana::query_result> results;
  try {
    results = grafana::parse_query_response(answer.body);
  } catch (const std::runtime_error&) {
    // No `results`: Grafana refused the request as a whole (bad token, unknown datasource).
    throw std::runtime_error("Grafana at " + client_->url() + " answered " + std::to_string(answer.status) + ": " +
                             grafana::error_text(answer));
  }
  auto it = results.find(ref_id);
  if (it == results.end() && results.size() == 1) it = results.begin();
  if (it == results.end()) return {};
  if (!it->second.error.empty()) throw std::runtime_error(it->second.error);
  return std::move(it->second.frames);
}

}  // namespace reportd::render
