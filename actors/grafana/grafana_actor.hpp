#pragma once
// The Grafana actor's typed interface: questions for the Grafana next to reportd that are not
// part of a render (the renderer asks Grafana for dashboards and queries itself).
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace reportd {

using grafana_actor = caf::typed_actor<
  // Grafana's dashboards matching a search (GET /api/search?type=dash-db); an error names
  // why Grafana gave no answer (unreachable, token refused, deadline passed).
  caf::replies_to<list_atom, model::dashboard_search>::with<std::vector<model::dashboard_entry>>>;

}  // namespace reportd
