#include "render/datasources/factory.hpp"

#include "render/datasources/prometheus/prometheus.hpp"
#include "render/datasources/testdata/testdata.hpp"

namespace reportd::render {

std::shared_ptr<datasource> make_source(const model::datasource_config& config) {
  if (is_testdata_type(config.type))
    return std::make_shared<testdata_source>();
  if (config.type == "prometheus") return std::make_shared<prometheus_source>(config);
  return nullptr;
}

std::shared_ptr<const datasource_catalog> make_catalog(const std::vector<model::datasource_config>& configs,
                                                       std::shared_ptr<const remote_grafana> remote,
                                                       std::map<std::int64_t, std::shared_ptr<const remote_grafana>> per_org) {
  auto catalog = std::make_shared<datasource_catalog>();
  for (const auto& c : configs) catalog->add(c, make_source(c));
  catalog->set_remote(std::move(remote), std::move(per_org));
  return catalog;
}

}  // namespace reportd::render
