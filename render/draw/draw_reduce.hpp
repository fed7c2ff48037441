#pragma once
// Reduction of a panel's series to single values, shared by stat, gauge, bar gauge, pie.
#include <string>
#include <vector>

#include "render/draw/draw_common.hpp"

namespace reportd::render {

struct reduced {
  std::string name;
  double value = 0;
  const series* source = nullptr;
};

/// The calc a single-value panel uses: reduceOptions.calcs[0], legacy fieldOptions.calcs[0]
/// or options-gauge.stat; lastNotNull by default.
std::string panel_calc(const panel& p);

/// One reduced value per series (`all` must outlive the result).
std::vector<reduced> reduce_series(const panel& p, const std::vector<series>& all);

/// Grid of `n` cells over `area`, as square-ish as the area's aspect allows.
std::vector<rect> cell_grid(const rect& area, std::size_t n, bool prefer_rows);

}  // namespace reportd::render
