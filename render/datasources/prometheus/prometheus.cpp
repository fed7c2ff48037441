#include "render/datasources/prometheus/prometheus.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "model/text_encoding.hpp"
#include "model/clock.hpp"
#include "render/datasources/prometheus/response.hpp"
#include "render/datasources/prometheus/step.hpp"
#include "render/datasources/prometheus/variable_query.hpp"

namespace reportd::render {
namespace {

namespace json = boost::json;
namespace prom = prometheus;

constexpr std::int64_t default_timeout_ms = 30000;

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_number()) return std::to_string(v->to_number<std::int64_t>());
  return {};
}

bool flag(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && ((v->is_bool() && v->get_bool()) || (v->is_string() && v->get_string() == "true"));
}

// Explicitly set true or false; -1 when absent.
int tri(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_bool()) return -1;
  return v->get_bool() ? 1 : 0;
}

std::int64_t number(const json::object& o, std::string_view key, std::int64_t fallback) {
  const auto* v = o.if_contains(key);
  if (v && v->is_number()) return v->to_number<std::int64_t>();
  if (v && v->is_string()) {
    try {
      return std::stoll(std::string(v->get_string()));
    } catch (const std::exception&) {
    }
  }
  return fallback;
}

std::string seconds(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

// Grafana aligns start and end down to a multiple of the step (Prometheus caches by it).
std::int64_t align(std::int64_t ms, std::int64_t step) {
  return step > 0 ? static_cast<std::int64_t>(std::floor(static_cast<double>(ms) / step)) * step : ms;
}

prom::endpoint endpoint_of(const model::datasource_config& cfg) {
  prom::endpoint ep;
  ep.url = cfg.url;
  while (!ep.url.empty() && ep.url.back() == '/') ep.url.pop_back();
  const auto& jd = cfg.json_data;
  auto method = str(jd, "httpMethod");
  std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::toupper(c); });
  ep.use_get = method == "GET";
  auto secret = [&](const std::string& key) {
    auto it = cfg.secure_json_data.find(key);
    return it == cfg.secure_json_data.end() ? std::string{} : it->second;
  };
  if (cfg.basic_auth) {
    ep.basic_user = cfg.basic_auth_user;
    ep.basic_password = secret("basicAuthPassword");
  }
  for (int i = 1;; ++i) {
    const auto name = str(jd, "httpHeaderName" + std::to_string(i));
    if (name.empty()) break;
    ep.headers.emplace_back(name, secret("httpHeaderValue" + std::to_string(i)));
  }
  ep.tls_skip_verify = flag(jd, "tlsSkipVerify");
  if (flag(jd, "tlsAuthWithCACert")) ep.ca_cert_pem = secret("tlsCACert");
  const auto timeout = str(jd, "queryTimeout");
  const auto ms = prom::parse_duration_ms(timeout);
  ep.timeout_ms = ms > 0 ? ms : default_timeout_ms;
  return ep;
}

std::string trim(std::string_view s) { return std::string(model::trim_space(s)); }

}  // namespace

prometheus_source::prometheus_source(model::datasource_config cfg)
    : cfg_(std::move(cfg)), ep_(endpoint_of(cfg_)), scrape_interval_(str(cfg_.json_data, "timeInterval")) {
  max_concurrent_ = static_cast<int>(std::clamp<std::int64_t>(number(cfg_.json_data, "maxConcurrentQueries", 8), 1, 256));
}

int prometheus_source::peak_in_flight() const {
  std::lock_guard<std::mutex> lock(slots_mutex_);
  return peak_;
}

prom::http_answer prometheus_source::ask(const std::string& path, const prom::form& params,
                                         const query_context& ctx, bool force_get) {
  auto left = [&] { return ctx.deadline_ms > 0 ? ctx.deadline_ms - model::epoch_ms() : ep_.timeout_ms; };
  {
    std::unique_lock<std::mutex> lock(slots_mutex_);
    auto free = [&] { return busy_ < max_concurrent_; };
    if (ctx.deadline_ms > 0) {
      const auto until = std::chrono::system_clock::time_point(std::chrono::milliseconds(ctx.deadline_ms));
      if (!slot_freed_.wait_until(lock, until, free))
        throw std::runtime_error("no time was left to ask Prometheus at " + ep_.url +
                                 " (" + std::to_string(max_concurrent_) + " queries already running)");
    } else {
      slot_freed_.wait(lock, free);
    }
    peak_ = std::max(peak_, ++busy_);
  }
  struct release {
    prometheus_source* self;
    ~release() {
      {
        std::lock_guard<std::mutex> lock(self->slots_mutex_);
        --self->busy_;
      }
      self->slot_freed_.notify_one();
    }
  } guard{this};
  auto answer = prom::send(ep_, path, params, std::min(ep_.timeout_ms, left()), force_get);
  if (answer.status / 100 != 2) throw std::runtime_error(prom::error_message(answer.status, answer.body));
  return answer;
}

std::vector<frame> prometheus_source::query(const json::object& target, const time_window& range,
                                            const query_context& ctx) {
  const auto expr_written = trim(str(target, "expr"));
  if (expr_written.empty()) return {};  // Grafana sends no query for an empty expression
  prom::frame_spec spec;
  spec.ref_id = str(target, "refId");
  spec.legend_format = str(target, "legendFormat");
  spec.format = str(target, "format").empty() ? "time_series" : str(target, "format");

  const auto range_ms = range.to_ms - range.from_ms;
  prom::step_inputs in;
  in.range_ms = range_ms;
  in.max_data_points = ctx.max_data_points;
  const bool macro_min = ctx.min_interval.rfind("$", 0) == 0;
  in.interval_ms = prom::panel_interval_ms(range_ms, ctx.max_data_points,
                                           !ctx.min_interval.empty() && !macro_min ? ctx.min_interval
                                                                                   : scrape_interval_);
  in.target_interval = str(target, "interval");
  in.scrape_interval = scrape_interval_;
  in.interval_factor = number(target, "intervalFactor", 1);
  const auto step = prom::compute_step(in);
  spec.expr = prom::interpolate_macros(expr_written, step, range_ms);

  const int range_flag = tri(target, "range");
  const int instant_flag = tri(target, "instant");
  bool instant = instant_flag == 1 || (spec.format == "table" && range_flag != 1);
  bool ranged = range_flag == 1 || (!instant && instant_flag != 1);

  std::vector<frame> out;
  if (ranged) {
    const prom::form params{{"query", spec.expr},
                            {"start", seconds(align(range.from_ms, step.step_ms))},
                            {"end", seconds(align(range.to_ms, step.step_ms))},
                            {"step", seconds(step.step_ms)}};
    const auto answer = ask("/api/v1/query_range", params, ctx);
    for (auto& f : prom::frames_from_response(answer.body, spec)) out.push_back(std::move(f));
  }
  if (instant) {
    const prom::form params{{"query", spec.expr}, {"time", seconds(range.to_ms)}};
    const auto answer = ask("/api/v1/query", params, ctx);
    for (auto& f : prom::frames_from_response(answer.body, spec)) out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> prometheus_source::label_values(const std::string& match, const std::string& label,
                                                         const time_window& range, const query_context& ctx) {
  prom::form params{{"start", seconds(range.from_ms)}, {"end", seconds(range.to_ms)}};
  if (!match.empty()) params.emplace_back("match[]", match);
  return prom::string_list(ask("/api/v1/label/" + label + "/values", params, ctx, true).body);
}

std::vector<std::string> prometheus_source::metric_find(const json::value& query, const time_window& range,
                                                        const query_context& ctx) {
  using kind = prom::variable_query::kind;
  const auto q = prom::parse_variable_query(query);
  const prom::form span{{"start", seconds(range.from_ms)}, {"end", seconds(range.to_ms)}};
  switch (q.what) {
    case kind::none:
      return {};
    case kind::label_names: {
      auto params = span;
      if (!q.match.empty()) params.emplace_back("match[]", q.match);
      return prom::string_list(ask("/api/v1/labels", params, ctx, true).body);
    }
    case kind::label_values:
      return label_values(q.match, q.label, range, ctx);
    case kind::metrics:
      return prom::metrics_matching(label_values("", "__name__", range, ctx), q.regex);
    case kind::query_result: {
      const prom::form params{{"query", q.expr}, {"time", seconds(range.to_ms)}};
      return prom::query_result_texts(ask("/api/v1/query", params, ctx).body);
    }
    case kind::series:
      break;
  }
  // A series selector: each series as metric{labels}.
  auto params = span;
  params.emplace_back("match[]", q.match);
  return prom::series_texts(ask("/api/v1/series", params, ctx, true).body, q.match);
}

}  // namespace reportd::render
