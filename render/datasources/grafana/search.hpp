#pragma once
// The dashboards a report can name, for whoever builds one (GET /api/reports/dashboards):
// Grafana's `GET /api/search?type=dash-db` read into entries, and the union with the ones
// reportd stores, each uid once, marked by where a report on it would take it from.
#include <string>
#include <vector>

#include "model/records.hpp"

namespace reportd::render::grafana {

class client;

/// The dashboards Grafana lists for `q` (title search, at most q.limit), origin "grafana",
/// urls made absolute on the client's base URL. Throws std::runtime_error ("Grafana at ...
/// unreachable: ..." or "... answered 401 ...") when there is no usable answer.
std::vector<model::dashboard_entry> search(const client& grafana, const model::dashboard_search& q);

/// Reads a `/api/search` answer body (a JSON array of hits); hits that are not dashboards
/// (folders) are left out. Throws std::runtime_error when the body is not such an array.
std::vector<model::dashboard_entry> parse_search(const std::string& body, const std::string& base_url);

/// Each uid once: with `grafana_first` ([grafana] dashboards = grafana) Grafana's entry wins
/// over a stored one of the same uid, else the stored one does (as a render picks them).
/// Sorted by title (case-insensitive), then uid; at most `limit`.
std::vector<model::dashboard_entry> union_of(std::vector<model::dashboard_entry> local,
                                             std::vector<model::dashboard_entry> remote, bool grafana_first,
                                             std::size_t limit);

}  // namespace reportd::render::grafana
