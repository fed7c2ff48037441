#pragma once
// What stat, gauge, bar gauge and pie share, as Grafana's getFieldDisplayValues and
// VizRepeater do it: the panel's fields reduced to display values (reduceOptions calcs, or
// every row with values:true up to limit, fields picked by reduceOptions.fields), each with
// its resolved field config, and the layout of several values in one panel.
#include <string>
#include <vector>

#include "render/draw/draw_common.hpp"
#include "render/draw/field_config.hpp"

namespace reportd::render {

/// One value a single-value panel shows.
struct reduced {
  std::string name;                // display name (with the calc's name when several calcs)
  double value = 0;                // NaN: no value
  const series* source = nullptr;  // the series it came from (sparkline, colour)
  field_display display;           // the field's resolved config (overrides applied)
  double lo = 0, hi = 100;         // the field's min/max, else the range of all the panel's data
  std::size_t index = 0;           // position among the values (palette colour)
};

/// The calc a single-value panel uses: reduceOptions.calcs[0], legacy fieldOptions.calcs[0]
/// or options-gauge.stat; lastNotNull by default.
std::string panel_calc(const panel& p);

/// The display values of a panel (`all` must outlive the result): one per field and calc,
/// or with reduceOptions.values one per row (reduceOptions.limit, 25 by default); fields
/// hidden from the viz are left out, reduceOptions.fields (a name or /regex/) picks fields.
std::vector<reduced> reduce_series(const panel& p, const std::vector<series>& all);

/// The colour of a value: a value mapping's colour, else the field's colour mode (thresholds
/// when unset: stat, gauge and bar gauge colour by thresholds by default).
rgba reduced_color(const reduced& r);

/// What a value shows as text: noValue for a missing value, mapped text, or formatted.
std::string reduced_text(const reduced& r);

/// tinycolor's darken(darken_pct).spin(spin_deg): HSL lightness down, hue turned (Grafana's
/// shades of a value's colour for stat backgrounds and pie slices; negative darkens lighten).
rgba shade_color(const rgba& c, double darken_pct, double spin_deg);

/// Grafana's orientation of repeated values: "horizontal" stacks them in a column,
/// "vertical" puts them side by side in a row.
enum class repeat_orientation { auto_grid, row, column };

/// orientation option: auto (by aspect, or a grid of squares when `auto_grid`), horizontal, vertical.
repeat_orientation panel_orientation(const panel& p, const rect& area, bool auto_grid);

/// The boxes of `n` values over `area` as VizRepeater lays them out, `spacing` apart: a row,
/// a column, or rows of equal squares-ish cells (the last row shares its width evenly).
std::vector<rect> repeat_cells(const rect& area, std::size_t n, repeat_orientation o, double spacing);

/// Points per Grafana CSS pixel at draw scale `scale` (a 1920 px wide dashboard on the
/// A4 landscape grid), for Grafana's pixel sizes (padding, text.titleSize, text.valueSize).
double points_per_px(double scale);

/// Text size in points that fits `text` in `w` x `h` on one line (Grafana's calculateFontSize:
/// the height allows h / 1.2), capped at `max_size` when positive.
double calc_font_size(text_painter& text, const std::string& s, bool bold, double w, double h, double max_size);

}  // namespace reportd::render
