#pragma once
// One function per Grafana transformation id: options in, frames in, frames out.
#include <vector>

#include <boost/json/object.hpp>

#include "render/panel.hpp"

namespace reportd::render::transform {

using options = boost::json::object;

// Fields: fields.cpp
std::vector<frame> organize(const options& o, std::vector<frame> frames);
std::vector<frame> filter_fields_by_name(const options& o, std::vector<frame> frames);
std::vector<frame> rename_by_regex(const options& o, std::vector<frame> frames);
std::vector<frame> labels_to_fields(const options& o, std::vector<frame> frames);
// Frames into one: combine.cpp
std::vector<frame> merge(const options& o, std::vector<frame> frames);
std::vector<frame> join_by_field(const options& o, std::vector<frame> frames);
std::vector<frame> series_to_rows(const options& o, std::vector<frame> frames);
// Calculations: calculate.cpp
std::vector<frame> reduce(const options& o, std::vector<frame> frames);
std::vector<frame> calculate_field(const options& o, std::vector<frame> frames);
// Rows: rows.cpp
std::vector<frame> filter_by_value(const options& o, std::vector<frame> frames);
std::vector<frame> sort_by(const options& o, std::vector<frame> frames);
std::vector<frame> limit(const options& o, std::vector<frame> frames);

}  // namespace reportd::render::transform
