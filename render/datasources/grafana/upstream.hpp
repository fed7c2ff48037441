#pragma once
// The Grafana next to reportd ([grafana] url): the remote_grafana the datasource catalog
// hands to the resolver (sources reportd does not serve, asked through Grafana) and the
// dashboards a report names that reportd does not store, fetched when the report is rendered.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "model/problem.hpp"
#include "render/datasources/datasource.hpp"
#include "render/datasources/grafana/client.hpp"

namespace reportd::render {

struct render_request;

namespace grafana {

struct upstream_options {
  connection conn;
  std::string dashboards = "both";  // grafana | local | both
  bool prefer_proxy = false;
};

class upstream final : public remote_grafana {
public:
  explicit upstream(upstream_options o);
  datasource* source_for(const std::string& type, const std::string& uid) const override;
  bool preferred() const override { return prefer_proxy_; }
  const std::string& dashboards() const override { return dashboards_; }
  std::string dashboard(const std::string& uid, std::int64_t deadline_ms) const override;
  std::vector<model::dashboard_entry> search(const model::dashboard_search& q) const override;
  const std::string& url() const override { return client_->url(); }
  std::int64_t org_id() const override { return org_id_; }

private:
  std::shared_ptr<const client> client_;
  std::string dashboards_;
  std::int64_t org_id_ = 0;
  bool prefer_proxy_ = false;
  mutable std::mutex mutex_;
  mutable std::map<std::pair<std::string, std::string>, std::unique_ptr<datasource>> sources_;
};

/// Fills in the dashboards of `req` that reportd does not store (empty JSON), or, with
/// `dashboards = grafana`, every one Grafana has, from `remote` (nullptr: none). A dashboard
/// neither has is errc::not_found naming its uid; one that cannot be fetched (Grafana
/// unreachable, the token refused) and is not stored is errc::render_failed.
std::optional<model::problem> fetch_dashboards(render_request& req, const remote_grafana* remote);

}  // namespace grafana
}  // namespace reportd::render
