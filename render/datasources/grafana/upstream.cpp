#include "render/datasources/grafana/upstream.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "model/text_encoding.hpp"
#include "render/datasources/grafana/search.hpp"
#include "render/datasources/grafana/source.hpp"
#include "render/engine.hpp"

namespace reportd::render::grafana {

upstream::upstream(upstream_options o)
    : client_(std::make_shared<const client>(o.conn)),
      dashboards_(std::move(o.dashboards)),
      org_id_(o.conn.org_id),
      prefer_proxy_(o.prefer_proxy) {}

datasource* upstream::source_for(const std::string& type, const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = sources_[{type, uid}];
  if (!slot) slot = std::make_unique<grafana_source>(client_, type, uid);
  return slot.get();
}

std::string upstream::dashboard(const std::string& uid, std::int64_t deadline_ms) const {
  const auto answer = client_->ask("/api/dashboards/uid/" + model::percent_encode(uid), {}, deadline_ms);
  if (answer.status == 404) return {};
  if (answer.status != 200)
    throw std::runtime_error("Grafana at " + url() + " answered " + std::to_string(answer.status) +
                             " for dashboard " + uid + ": " + error_text(answer));
  boost::system::error_code ec;
  auto v = boost::json::parse(answer.body, ec);
  const auto* d = !ec && v.is_object() ? v.get_object().if_contains("dashboard") : nullptr;
  if (d == nullptr || !d->is_object())
    throw std::runtime_error("Grafana at " + url() + " answered dashboard " + uid + " without its JSON");
  return boost::json::serialize(*d);
}

std::vector<model::dashboard_entry> upstream::search(const model::dashboard_search& q) const {
  return grafana::search(*client_, q);
}

std::optional<model::problem> fetch_dashboards(render_request& req, const remote_grafana* remote) {
  for (auto& d : req.dashboards) {
    const auto& uid = d.ref.dashboard.uid;
    const bool stored = !d.json.empty();
    if (remote == nullptr || remote->dashboards() == "local" || (stored && remote->dashboards() != "grafana")) {
      if (!stored) return model::not_found("dashboard " + uid + " not found");
      continue;
    }
    std::string json;
    try {
      json = remote->dashboard(uid, req.deadline_ms);
    } catch (const std::runtime_error& e) {
      if (stored) continue;  // Grafana first, but the stored copy still answers
      return model::problem{model::errc::render_failed, "dashboard " + uid + " could not be fetched: " + e.what()};
    }
    if (!json.empty()) {
      d.json = std::move(json);
      d.origin_url = remote->url();
      d.origin_org_id = remote->org_id();
    } else if (!stored) {
      return model::not_found("dashboard " + uid + " not found in reportd nor in Grafana at " + remote->url());
    }
  }
  return std::nullopt;
}

}  // namespace reportd::render::grafana
