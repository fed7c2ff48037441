#pragma once
// From a datasource as configured to the source that answers its queries, and the catalog
// of every organisation's sources built from the provisioned list.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/datasource.hpp"
#include "render/datasources/datasource.hpp"

namespace reportd::render {

/// The source for `config`, or nullptr when reportd cannot query its type (its panels
/// then say "datasource X (type Y) is not supported by reportd").
std::shared_ptr<datasource> make_source(const model::datasource_config& config);

/// Every provisioned datasource in its organisation's registry; with `remote` ([grafana]
/// url), references reportd does not serve are asked through that Grafana. `per_org`
/// ([grafana] org_map) gives those orgs their own Grafana organisation instead.
std::shared_ptr<const datasource_catalog> make_catalog(
    const std::vector<model::datasource_config>& configs, std::shared_ptr<const remote_grafana> remote = nullptr,
    std::map<std::int64_t, std::shared_ptr<const remote_grafana>> per_org = {});

}  // namespace reportd::render
