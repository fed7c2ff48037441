#pragma once
// Grafana's panel transformations, run on a panel's query results before drawing: what the
// table, the CSV and every other drawer show is the transformed data.
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "render/panel.hpp"

namespace reportd::render {

/// Applies the panel's "transformations" array in order. Disabled ones are skipped; an id
/// reportd does not implement, or one that fails, leaves a note in `notes` naming it and
/// passes the data through unchanged.
std::vector<frame> apply_transformations(const boost::json::array& transformations, std::vector<frame> frames,
                                         std::vector<std::string>& notes);

}  // namespace reportd::render
