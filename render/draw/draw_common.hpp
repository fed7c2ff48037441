#pragma once
// What every panel drawer shares: theme, colours, the draw context, data extraction from
// frames (series, reductions), thresholds, and the panel frame with its title.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cairo.h>

#include "render/draw/fonts.hpp"
#include "render/draw/geometry.hpp"
#include "render/panel.hpp"
#include "render/reduce.hpp"  // reduce(): the calcs shared with transformations

namespace reportd::render {

struct theme {
  rgba page;
  rgba panel;
  rgba border;
  rgba text;
  rgba muted;
  rgba grid;
};

/// "light" or "dark" (anything else is light).
const theme& theme_named(std::string_view name);

/// Grafana 8+'s classic palette (theme.visualization.palette: green, yellow, blue, orange,
/// red, purple, their dark and super-light shades, then the older hex colours), cycling. What
/// palette-classic gives time series, bar charts and pie charts.
rgba palette_color(std::size_t index);

/// The palette of Grafana 6/7 (classicColors: #7EB26D, #EAB839, #6ED0E0, ...), cycling. The
/// legacy graph panel still colours its series with it.
rgba legacy_palette_color(std::size_t index);

/// "#RRGGBB", "#RGB", "rgb(a)(...)", Grafana named colours ("green", "dark-red",
/// "semi-dark-yellow", "text", ...). Unknown: nullopt.
std::optional<rgba> parse_color(std::string_view text);

struct draw_context {
  cairo_t* cr;
  text_painter& text;
  const theme& th;
  const time_window& range;
  double scale = 1;  // text size multiplier (report scale factor and page scale)
};

/// A numeric series of a panel: one number field, its times (may be empty) and its name.
struct series {
  std::string name;
  std::vector<double> times;   // epoch ms, same length as values, or empty
  std::vector<double> values;  // NaN is null
  const field* source = nullptr;
};

/// Every number field of every frame, named as Grafana would show it.
std::vector<series> panel_series(const panel& p);


/// A display name for a calc id ("mean" -> "Mean", "lastNotNull" -> "Last *").
std::string calc_label(std::string_view calc);

struct threshold_step {
  std::optional<double> value;  // nullopt: the base step (-Infinity)
  rgba color;
};

/// fieldConfig.defaults.thresholds.steps (or legacy thresholds: Grafana 6 fieldOptions
/// thresholds arrays, gauge options, singlestat lists), base first.
std::vector<threshold_step> panel_thresholds(const panel& p);

/// Whether the panel's default thresholds are percentages of min..max (thresholds.mode).
bool panel_thresholds_percentage(const panel& p);

/// The field defaults a panel keeps, newest schema first: fieldConfig.defaults, Grafana 6/7
/// options.fieldOptions.defaults, options.fieldOptions (thresholds and mappings lived there).
std::vector<const boost::json::object*> field_defaults_chain(const panel& p);

/// The colour of the step `value` falls into (base colour when there are no steps).
rgba threshold_color(const std::vector<threshold_step>& steps, double value);

/// What a panel without data says: fieldConfig.defaults.noValue when set, else Grafana's
/// "No data".
std::string no_data_text(const panel& p);

/// Unit and decimals of the panel's field defaults (legacy fieldOptions / format too).
std::string panel_unit(const panel& p);
std::optional<int> panel_decimals(const panel& p);
std::optional<double> panel_min(const panel& p);
std::optional<double> panel_max(const panel& p);

/// Fixed colour of the field defaults when color.mode is "fixed".
std::optional<rgba> fixed_color(const panel& p);

/// The properties of fieldConfig.overrides that match series `name` (byName, or
/// byRegexp/byFrameRefID are not matched), in order, as (property id, value) pairs.
std::vector<std::pair<std::string, const boost::json::value*>> overrides_for(const panel& p,
                                                                           const std::string& name);

/// Colour of series `index` named `name`: overrides (byName color), fixed colour, or palette.
rgba series_color(const panel& p, const std::string& name, std::size_t index);

/// The text a value mapping gives `value` (fieldConfig mappings of Grafana 8+: value, range,
/// special null/nan; legacy type 1 value / type 2 range lists), or nullopt when none matches.
std::optional<std::string> mapped_text(const panel& p, double value);
/// The same over one list of mappings (either shape).
std::optional<std::string> mapped_text(const boost::json::array& mappings, double value);

/// The panel's value mappings (fieldConfig defaults, legacy fieldOptions, gauge or valueMaps).
const boost::json::array* panel_mappings(const panel& p);

/// What a value mapping gives a value: its text (may be empty: the value is shown formatted)
/// and its colour (Grafana 8+ result.color, as written: a name or #hex).
struct mapping_result {
  std::string text;
  std::string color;
};

/// The first mapping that matches `value` (Grafana stops at the first match), or nullopt.
std::optional<mapping_result> mapped_result(const boost::json::array& mappings, double value);
/// The same for a string value: value keys compare as text, ranges parse it as a number,
/// regex mappings (/pattern/flags or a whole-string pattern) match it, special "empty" matches "".
std::optional<mapping_result> mapped_result(const boost::json::array& mappings, std::string_view value);

/// What a single-value panel shows: the mapped text, else the value formatted by unit.
std::string display_value(const panel& p, double value);

void set_color(cairo_t* cr, const rgba& c, double alpha_mul = 1);
void fill_rect(cairo_t* cr, const rect& r, const rgba& c);
void stroke_rect(cairo_t* cr, const rect& r, const rgba& c, double width);

/// The largest font size (at most `max_size`) at which `text` fits `w` x `h` on one line.
double fit_size(text_painter& text, std::string_view s, bool bold, double w, double h, double max_size);

/// Draws a message centred in `body` (used for "No data", notices, unsupported types).
void draw_message(const draw_context& ctx, const rect& body, std::string_view message);

}  // namespace reportd::render
