#pragma once
// What the transformations share: Grafana's field display names, cell access across field
// types, row selection, and the join of frames on a field.
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "render/panel.hpp"

namespace reportd::render::transform {

namespace json = boost::json;

/// The name Grafana shows for a field (getFieldDisplayName): time fields by name; else the
/// frame name when frame names differ, the field name unless it is "Value", and the labels
/// that tell the fields apart (one label name: its value; more: {k="v", ...}).
std::string display_name(const field& f, const frame& fr, const std::vector<frame>& all);

/// Grafana's getFrameDisplayName: frame name, the labels of its one labelled field, or its
/// non-time fields' display names joined by ", ".
std::string frame_display_name(const frame& fr);

/// {a="1", b="2"}, keys sorted.
std::string format_labels(const std::map<std::string, std::string>& labels);

/// A JavaScript regex as Grafana's stringToJsRegex takes it: "/re/flags" or a bare pattern.
/// nullopt when it does not compile.
std::optional<std::regex> js_regex(const std::string& text);

bool is_null(const field& f, std::size_t row);
/// The cell as text: strings as they are, numbers shortest round-trip, null as "".
std::string cell_text(const field& f, std::size_t row);
/// The cell as a number: numbers as they are, numeric strings parsed, else NaN.
double cell_number(const field& f, std::size_t row);

/// A field with `f`'s name, type and labels and no values.
field empty_like(const field& f);
/// Appends row `row` of `src` to `dst`, converting between text and number when they differ.
void push_cell(field& dst, const field& src, std::size_t row);
void push_null(field& dst);
/// Keeps the listed rows, in the order listed.
void take_rows(frame& fr, const std::vector<std::size_t>& rows);

const field* first_time_field(const frame& fr);

enum class join_mode { outer, inner };
/// Joins frames on the field named `by` (display name), or on each frame's first time field
/// when `by` is empty. Frames without it are left out. One frame: the join field, then the
/// other fields of every frame in order; fields named after their frame where Grafana does.
/// nullopt when no frame has the field.
std::optional<frame> join_frames(const std::vector<frame>& frames, const std::string& by, join_mode mode);

/// Strings, numbers and booleans of a JSON options object, with defaults.
std::string opt_string(const json::object& o, std::string_view key, std::string fallback = {});
std::optional<double> opt_number(const json::object& o, std::string_view key);
bool opt_bool(const json::object& o, std::string_view key, bool fallback);
std::vector<std::string> opt_strings(const json::object& o, std::string_view key);

}  // namespace reportd::render::transform
