#pragma once
// What the state timeline, status history, heatmap, bar chart and histogram drawers share:
// a time axis under a plot, a value axis beside it, and value mappings that give a cell both
// a text and a colour (field_config.hpp resolves the mappings; this reads their results).
#include <optional>
#include <string>
#include <vector>

#include "render/draw/draw_common.hpp"
#include "render/draw/field_config.hpp"

namespace reportd::render {

/// One cell's value as a field holds it: a number (NaN is null) or a string.
struct cell_value {
  bool is_string = false;
  double number = 0;
  std::string text;
  bool is_null() const;
  bool operator==(const cell_value& o) const;
};

/// Value `i` of field `f` (time fields read as numbers).
cell_value value_at(const field& f, std::size_t i);

/// What the first matching value mapping gives a cell: its text and colour (either may be
/// missing). nullopt: no mapping matches. (mapped_result of draw_common.hpp, for either kind
/// of value, with the colour parsed.)
struct cell_mapping {
  std::optional<std::string> text;
  std::optional<rgba> color;
};
std::optional<cell_mapping> mapping_for(const boost::json::array& mappings, const cell_value& v);

/// The text a cell shows: mapped text, else the number formatted by unit, else the string.
std::string cell_text(const field_display& d, const cell_value& v);

/// Time labels along the bottom of `plot`, in the band `axis` under it (from..to of `ctx.range`
/// unless given).
void draw_time_axis(const draw_context& ctx, const rect& plot, const rect& axis, std::int64_t from_ms,
                    std::int64_t to_ms);

/// Height of the time axis band and the text size of axis labels.
double axis_text_size(const draw_context& ctx);

/// A linear value axis: nice ticks over lo..hi with grid lines across `plot`, labels in
/// `labels` (left of a vertical axis, under a horizontal one). Returns the ticks drawn.
std::vector<double> draw_value_axis(const draw_context& ctx, const rect& plot, const rect& labels, double lo,
                                    double hi, bool vertical, const std::string& unit);

/// The widest label of `labels` at `size`, capped at `cap`.
double widest(const draw_context& ctx, const std::vector<std::string>& labels, double size, double cap);

}  // namespace reportd::render
