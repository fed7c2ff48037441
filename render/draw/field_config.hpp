#pragma once
// A field's display configuration as Grafana resolves it: fieldConfig.defaults first, then
// every override whose matcher picks the field, in order (a later property wins). This is the
// one place for the rules that tables, stats, gauges, bar gauges, pies and time series share:
// display name, unit, decimals, min/max, colour mode, thresholds, value mappings, noValue and
// the panel-specific custom.* options. Drawers ask resolve_field() instead of reading
// fieldConfig themselves, so an override works the same in every panel type.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "render/draw/draw_common.hpp"

namespace reportd::render {

/// fieldConfig color: {mode, fixedColor, seriesBy}.
struct color_spec {
  /// As Grafana writes it: "palette-classic", "palette-classic-by-name", "fixed", "shades",
  /// "thresholds", "continuous-GrYlRd", "continuous-BlPu", ... Empty: the panel type's default.
  std::string mode;
  std::optional<rgba> fixed;  // fixedColor (fixed and shades modes)
  std::string series_by;      // "last" (default), "min", "max": what a continuous scheme colours by
};

/// Threshold steps, base step first, and whether their values are percentages of min..max.
struct threshold_set {
  std::vector<threshold_step> steps;
  bool percentage = false;
};

struct field_display {
  std::string name;                 // display name: displayName, displayNameFromDS, or Grafana's label rules
  std::string unit;                 // "" when none
  std::optional<int> decimals;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<std::string> no_value;
  color_spec color;
  threshold_set thresholds;
  boost::json::array mappings;      // value mappings in effect (Grafana 8+ shape)
  boost::json::object custom;       // custom.* merged, keys without "custom." ("axisPlacement": "right")
  bool hidden_in_viz = false;       // custom.hideFrom.viz
};

/// Resolves field `f` of frame `fr` of panel `p`. Frames and fields must belong to `p`.
field_display resolve_field(const panel& p, const frame& fr, const field& f);

/// The display config of a reduced or time series `s` (its source field), or of the panel's
/// defaults when `s.source` is null.
field_display resolve_series(const panel& p, const series& s);

/// The threshold step colour of `value`, honouring percentage mode against `lo`..`hi` (the
/// field's min/max or the data's range).
rgba threshold_color(const threshold_set& t, double value, double lo, double hi);

/// The colour Grafana gives `value` of a field: fixed, shades, thresholds, a continuous scheme
/// placed by `value` between `lo` and `hi`, or the classic palette at `palette_index`.
rgba field_value_color(const field_display& d, double value, double lo, double hi,
                       std::size_t palette_index);

/// The colour of a whole series (time series lines, legend swatches, pie slices): as
/// field_value_color, with the series' seriesBy value for continuous schemes.
rgba field_series_color(const field_display& d, const series& s, std::size_t palette_index);

/// Mapped text of `value` by the field's mappings, or nullopt.
std::optional<std::string> field_mapped_text(const field_display& d, double value);

/// What a single value of this field shows: mapped text, else formatted by unit and decimals.
std::string field_display_value(const field_display& d, double value);

}  // namespace reportd::render
