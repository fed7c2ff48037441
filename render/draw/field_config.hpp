#pragma once
// A field's display configuration as Grafana resolves it: fieldConfig.defaults first, then
// every override whose matcher picks the field, in order (a later property wins). This is the
// one place for the rules that tables, stats, gauges, bar gauges, pies and time series share:
// display name, unit, decimals, min/max, colour mode, thresholds, value mappings, noValue and
// the panel-specific custom.* options. Drawers ask resolve_field() instead of reading
// fieldConfig themselves, so an override works the same in every panel type.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "render/draw/draw_common.hpp"

namespace reportd::render {

/// fieldConfig color: {mode, fixedColor, seriesBy}.
struct color_spec {
  /// As Grafana writes it: "palette-classic", "palette-classic-by-name", "fixed", "shades",
  /// "thresholds", "continuous-GrYlRd", "continuous-BlPu", ... resolve_field() fills in the
  /// panel type's default (palette-classic for time series, graphs, bar charts and pies,
  /// continuous-GrYlRd for state timelines and status histories, thresholds otherwise).
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
  // Added after the first version:
  std::string field_name;           // the field's own name (what byName also matches)
  /// The range percentages, percentage thresholds and continuous schemes are placed in: min/max
  /// when set, else the smallest and largest number of all the panel's number fields (Grafana's
  /// global range; fieldMinMax: this field's own), else 0..100.
  double range_min = 0;
  double range_max = 100;
  bool legacy_palette = false;      // the legacy graph panel: palette-classic is Grafana 6/7's palette
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

// ---- Added after the first version (the functions above keep their meaning) ----

/// The colour a value mapping gives `value` (result.color), or nullopt when the matching
/// mapping sets none or no mapping matches.
std::optional<rgba> field_mapped_color(const field_display& d, double value);

/// As field_value_color and field_series_color, with the colours of theme `th` (the panel
/// background for the blues/reds/greens/purples schemes, contrast for by-name). The versions
/// without a theme use the light one.
rgba field_value_color(const field_display& d, double value, double lo, double hi, std::size_t palette_index,
                       const theme& th);
rgba field_series_color(const field_display& d, const series& s, std::size_t palette_index, const theme& th);

/// The colour of `value` placed in the field's own range (range_min..range_max).
rgba field_value_color(const field_display& d, double value, std::size_t palette_index = 0);

/// The properties of the overrides whose matcher picks field `f` of frame `fr`, in order, as
/// (property id, value) pairs; value is nullptr when the property has none (Grafana unsets it).
std::vector<std::pair<std::string, const boost::json::value*>> matching_properties(const panel& p, const frame& fr,
                                                                                 const field& f);

/// Grafana's display name of a field before displayName: the datasource's name (our sources
/// name a one-series frame after its series: Prometheus' legend, testdata's alias), else built
/// from frame names (when they differ), the field name and labels (a single label key across
/// the panel shows only its value, else {a="b", c="d"}), "Value" falling back to the frame
/// name, duplicate field names numbered ("x 1", "x 2").
std::string field_display_name(const panel& p, const frame& fr, const field& f);

/// Only the display name resolve_field() would give (no data is read: cheap for name lookups).
std::string resolve_display_name(const panel& p, const frame& fr, const field& f);

/// Labels as Grafana formats them: {a="b", c="d"} (without braces: a="b", c="d").
std::string format_labels(const std::map<std::string, std::string>& labels, bool braces = true);

/// Colour of continuous scheme `mode` ("continuous-GrYlRd", "continuous-viridis", ...) at
/// `percent` (0..1, clamped) in theme `th`; nullopt when `mode` is not a continuous scheme.
std::optional<rgba> continuous_color(std::string_view mode, double percent, const theme& th);

/// palette-classic-by-name: the palette colour Grafana picks from a hash of `name` (the
/// palette without colours that lack contrast against the theme's background).
rgba color_by_name(std::string_view name, const theme& th);

/// The hash Grafana's by-name colouring uses (string-hash over UTF-16 code units).
std::uint32_t string_hash(std::string_view utf8);

/// The shades mode's colour `index` of `base` (the base, then alternately lighter and darker).
rgba shade_color(const rgba& base, std::size_t index);

}  // namespace reportd::render
