#pragma once
// Internals of units.cpp (the catalogue, the time formatters and the number core call one another).
// Not for drawers: they call the functions in units.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/units.hpp"

namespace reportd::render::units_detail {

/// JavaScript's String(number): shortest round-trip digits, exponent form below 1e-6 and from 1e21.
std::string js_number(double v);

/// Grafana's toFixed: `decimals` digits (zero-padded), or the magnitude's automatic decimals.
std::string to_fixed(double v, std::optional<int> decimals);

/// Grafana's getDecimalsForValue: 0 for integers, 2 - floor(log10|v|) otherwise (at least 0).
int auto_decimals(double v);

/// Grafana's scaledUnits: the value divided by factor^k, with ext[offset + k] as the suffix.
formatted_value scaled(double v, double factor, const std::vector<std::string>& ext, int offset,
                       std::optional<int> decimals);

/// SI prefixes f..Y on `unit` ("si:" and most physical units), `offset` steps of 1000 from the base.
formatted_value si_prefix(double v, std::string_view unit, int offset, std::optional<int> decimals);

/// IEC prefixes Ki..Yi on `unit`, `offset` steps of 1024.
formatted_value binary_prefix(double v, std::string_view unit, int offset, std::optional<int> decimals);

/// The built-in unit ids (categories.ts); nullopt when `id` is not one of them.
std::optional<formatted_value> catalog_format(std::string_view id, double v, std::optional<int> decimals,
                                              const value_context& ctx);

/// The Time category and the Date & time category, and `time:<moment pattern>`.
std::optional<formatted_value> time_format(std::string_view id, double v, std::optional<int> decimals,
                                           const value_context& ctx);

/// A moment.js pattern ("YYYY-MM-DD HH:mm:ss", "MM/DD/YYYY h:mm:ss a", "[Q]Q") for epoch ms in `zone`.
std::string moment_format(std::int64_t ms, std::string_view zone, std::string_view pattern);

}  // namespace reportd::render::units_detail
