#pragma once
// Time-series data as the drawing needs it: per-series style and y axis (field config with
// overrides through field_config.hpp, or the legacy graph panel's keys and seriesOverrides),
// stacked values, bar slots. Internal to the time series drawer.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "render/draw/field_config.hpp"

namespace reportd::render::timeseries {

struct style {
  std::string draw = "line";     // line | bars | points
  std::string interp = "linear"; // linear | smooth | stepBefore | stepAfter
  double fill = 0;               // 0..1
  double width = 1;              // 0: no line (fill and points only)
  std::string show_points = "auto";  // auto (when sparse) | always | never
  std::vector<double> dash;      // on/off lengths in px; empty: solid
  bool round_caps = false;       // dotted lines
  bool hidden = false;           // hideFrom.viz
  bool in_legend = true;
  double point_size = 5;
  double span_ms = 0;            // null gaps up to this long are bridged (infinity: all)
  std::string stack = "none";    // none | normal | percent
  std::string group = "A";
  int bar_align = 0;             // -1 before the point, 0 centred, 1 after
  std::string gradient = "none"; // none | opacity | hue | scheme
  std::string fill_below_to;     // another series' name: fill between the two
  bool negative_y = false;       // transform: negative-Y
};

/// What decides a series' y axis. Series with equal keys share one scale and axis, as in
/// Grafana (a scale per unit, limits, placement, distribution and label).
struct axis_spec {
  std::string unit;
  std::optional<int> decimals;
  std::optional<double> min, max, soft_min, soft_max;
  std::string placement = "auto";  // auto | left | right | hidden
  std::string label;
  double log_base = 0;             // 0: linear
  bool centered_zero = false;
  std::string key() const;
};

struct plot_series {
  std::string name;
  rgba color;
  style st;
  axis_spec axis;
  field_display display;
  std::vector<double> t;
  std::vector<double> v;     // top of the series (after negative-Y and stacking)
  std::vector<double> base;  // bottom when stacked (else empty)
  std::vector<double> raw;   // values as they came, for the legend
  int bar_slot = 0;          // unstacked bars of several series stand side by side
  int bar_slots = 1;
};

/// The panel's series with their styles and axes, stacked where the panel stacks them.
std::vector<plot_series> build_series(const panel& p);

/// The legacy graph panel's style of series `name`: panel keys, then matching seriesOverrides.
void legacy_series(const panel& p, const std::string& name, style& st, axis_spec& axis, std::optional<rgba>& color);

}  // namespace reportd::render::timeseries
