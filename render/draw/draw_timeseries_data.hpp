#pragma once
// Time-series data as the drawing needs it: per-series style (panel options, legacy graph
// keys, per-series overrides), stacked values, bar slots. Internal to draw_timeseries.cpp.
#include <string>
#include <vector>

#include "render/draw/draw_common.hpp"

namespace reportd::render::timeseries {

struct style {
  std::string draw = "line";     // line | bars | points
  std::string interp = "linear"; // linear | smooth | stepBefore | stepAfter
  double fill = 0;               // 0..1
  double width = 1;
  bool points = false;
  bool dashed = false;
  bool hidden = false;  // hideFrom.viz
  bool in_legend = true;
  double point_size = 5;
  bool span_nulls = false;
  std::string stack = "none";    // none | normal | percent
  std::string group = "A";
};

struct plot_series {
  std::string name;
  rgba color;
  style st;
  std::vector<double> t;
  std::vector<double> v;     // top of the series (after stacking)
  std::vector<double> base;  // bottom when stacked (else empty)
  std::vector<double> raw;   // unstacked values for the legend
  int bar_slot = 0;          // unstacked bars of several series stand side by side
  int bar_slots = 1;
};

/// The panel's series with their styles, stacked where the panel stacks them.
std::vector<plot_series> build_series(const panel& p);

}  // namespace reportd::render::timeseries
