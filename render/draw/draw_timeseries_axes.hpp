#pragma once
// The y axes of a time series panel: one scale per distinct axis_spec (unit, limits,
// placement, distribution, label) as Grafana builds them, placed left or right (auto: the
// first on the left, the others on the right), with ranges from their series' data, soft and
// hard limits, centred zero, log scales, and tick labels through value mappings and units.
// Internal to the time series drawer.
#include <string>
#include <vector>

#include "render/draw/draw_timeseries_data.hpp"

namespace reportd::render::timeseries {

struct y_axis {
  axis_spec spec;
  const field_display* display = nullptr;  // of its first series: value mappings on ticks
  std::string side;                        // left | right | hidden
  double lo = 0, hi = 1;
  std::vector<double> ticks;
  std::vector<std::string> labels;
  double width = 0;  // tick label column plus the axis label band, in device units
  bool grid = false;  // only the first shown axis draws grid lines, as in Grafana

  /// Where `v` sits between the bottom (0) and top (1) of the axis; NaN when a log axis
  /// cannot place it (zero or negative).
  double frac(double v) const;
};

struct axes {
  std::vector<y_axis> list;
  std::vector<std::size_t> of_series;  // axis index of each series
  double left_w = 0, right_w = 0;
};

/// The axes of `all`, their ranges and tick labels for a plot about `height` tall.
axes build_axes(const draw_context& ctx, const std::vector<plot_series>& all, double height);

/// Tick labels, the first axis' grid lines and the rotated axis labels round `area` (the
/// plot itself); axes on one side stack outwards from it, the first nearest.
void draw_y_axes(const draw_context& ctx, const axes& ax, const rect& area);

}  // namespace reportd::render::timeseries
