#include "render/datasources/grafana/source.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "model/text_encoding.hpp"
#include "render/datasources/grafana/frames.hpp"
#include "render/datasources/prometheus/response.hpp"
#include "render/datasources/prometheus/variable_query.hpp"

namespace reportd::render {

namespace json = boost::json;

grafana_source::grafana_source(std::shared_ptr<const grafana::client> client, std::string type, std::string uid)
    : client_(std::move(client)), type_(std::move(type)), uid_(std::move(uid)) {}

bool grafana_source::expands_time_macros() const { return type_ == "prometheus" || type_ == "loki"; }

std::string grafana_source::request_body(const json::object& target, const time_window& range,
                                         const query_context& ctx) const {
  return request_body(std::vector<json::object>{target}, range, ctx);
}

std::string grafana_source::request_body(const std::vector<json::object>& targets, const time_window& range,
                                         const query_context& ctx) const {
  const auto points = std::max<std::int64_t>(ctx.max_data_points, 1);
  const auto interval =
    ctx.interval_ms > 0 ? ctx.interval_ms : std::max<std::int64_t>((range.to_ms - range.from_ms) / points, 1);
  json::array queries;
  for (const auto& target : targets) {
    json::object q = target;
    if (!q.contains("refId")) q["refId"] = "A";
    q["datasource"] = json::object{{"type", type_}, {"uid", uid_}};
    q["intervalMs"] = interval;
    q["maxDataPoints"] = points;
    queries.push_back(std::move(q));
  }
  json::object body;
  body["queries"] = std::move(queries);
  body["from"] = std::to_string(range.from_ms);
  body["to"] = std::to_string(range.to_ms);
  return json::serialize(body);
}

std::vector<frame> grafana_source::query(const json::object& target, const time_window& range,
                                         const query_context& ctx) {
  auto got = query_batch({target}, range, ctx);
  if (!got.front().error.empty()) throw std::runtime_error(got.front().error);
  return std::move(got.front().frames);
}

std::vector<batch_answer> grafana_source::query_batch(const std::vector<json::object>& targets,
                                                      const time_window& range, const query_context& ctx) {
  const auto answer = client_->ask("/api/ds/query", request_body(targets, range, ctx), ctx.deadline_ms);
  std::map<std::string, grafana::query_result> results;
  try {
    results = grafana::parse_query_response(answer.body);
  } catch (const std::runtime_error&) {
    // No `results`: Grafana refused the request as a whole (bad token, unknown datasource).
    throw std::runtime_error("Grafana at " + client_->url() + " answered " + std::to_string(answer.status) + ": " +
                             grafana::error_text(answer));
  }
  std::vector<batch_answer> out(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto* ref = targets[i].if_contains("refId");
    const std::string ref_id = ref && ref->is_string() ? std::string(ref->get_string()) : "A";
    auto it = results.find(ref_id);
    if (it == results.end() && targets.size() == 1 && results.size() == 1) it = results.begin();
    if (it == results.end()) continue;  // no frames for it: No data
    out[i].frames = std::move(it->second.frames);
    out[i].error = std::move(it->second.error);
  }
  return out;
}

namespace {

// Prometheus' time parameters: seconds, with milliseconds when there are any.
std::string prom_seconds(std::int64_t ms) {
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms % 1000));
    text += frac;
  }
  return text;
}

}  // namespace

std::string grafana_source::resource(const std::string& path,
                                     const std::vector<std::pair<std::string, std::string>>& params,
                                     const query_context& ctx) const {
  std::string url = "/api/datasources/uid/" + model::percent_encode(uid_) + "/resources" + path;
  char sep = '?';
  for (const auto& [k, v] : params) {
    url += sep + model::percent_encode(k) + "=" + model::percent_encode(v);
    sep = '&';
  }
  const auto answer = client_->ask(url, {}, ctx.deadline_ms);
  if (answer.status != 200)
    throw std::runtime_error("Grafana at " + client_->url() + " answered " + std::to_string(answer.status) +
                             " for a variable query: " + grafana::error_text(answer));
  return answer.body;
}

std::vector<std::string> grafana_source::metric_find(const json::value& query, const time_window& range,
                                                     const query_context& ctx) {
  if (type_ != "prometheus")
    throw std::runtime_error("variable queries of " + type_ + " datasources through Grafana are not supported");
  namespace prom = prometheus;
  using kind = prom::variable_query::kind;
  const auto q = prom::parse_variable_query(query);
  const prom::form span{{"start", prom_seconds(range.from_ms)}, {"end", prom_seconds(range.to_ms)}};
  auto label_values = [&](const std::string& match, const std::string& label) {
    auto params = span;
    if (!match.empty()) params.emplace_back("match[]", match);
    return prom::string_list(resource("/api/v1/label/" + model::percent_encode(label) + "/values", params, ctx));
  };
  switch (q.what) {
    case kind::none:
      return {};
    case kind::label_names: {
      auto params = span;
      if (!q.match.empty()) params.emplace_back("match[]", q.match);
      return prom::string_list(resource("/api/v1/labels", params, ctx));
    }
    case kind::label_values:
      return label_values(q.match, q.label);
    case kind::metrics:
      return prom::metrics_matching(label_values("", "__name__"), q.regex);
    case kind::query_result:
      return prom::query_result_texts(
        resource("/api/v1/query", {{"query", q.expr}, {"time", prom_seconds(range.to_ms)}}, ctx));
    case kind::series:
      break;
  }
  auto params = span;
  params.emplace_back("match[]", q.match);
  return prom::series_texts(resource("/api/v1/series", params, ctx), q.match);
}

}  // namespace reportd::render
