#pragma once
// Where each panel of a dashboard ends up on Grafana's 24-column grid once rows are expanded
// and repeats unrolled: the part of dashboard resolution that moves panels, before any query.
#include <cstddef>
#include <vector>

#include <boost/json/object.hpp>

#include "model/problem.hpp"
#include "render/panel.hpp"
#include "render/variables.hpp"

namespace reportd::render {

/// One panel after arrangement: its JSON (still unsubstituted), its final grid position and
/// id, and the variables as seen by it (a repeat copy has its variable narrowed to one value).
struct placed_panel {
  boost::json::object json;
  grid_pos pos;
  int id = 0;
  bool collapsed = false;  // rows: collapsed in the saved dashboard
  variable_set scope;
};

/// Reads `gridPos` (missing members keep grid_pos defaults).
grid_pos read_grid_pos(const boost::json::object& panel);

/// The panels of `dashboard` in layout order: old-schema `rows[]` converted to grid
/// positions, collapsed rows' children placed after their row, stale repeat copies dropped,
/// repeated panels and rows unrolled per value of their variable in `vars`, and the grid
/// compacted upwards the way Grafana's grid does, so nothing overlaps and no gap is left.
/// Unrolling stops as soon as one more panel (rows count) would pass `max_panels` (0: no
/// limit): a bad_request "expands to more than N panels (repeats over $a x $b)".
model::checked<std::vector<placed_panel>> arrange_panels(const boost::json::object& dashboard,
                                                         const variable_set& vars, std::size_t max_panels = 0);

}  // namespace reportd::render
