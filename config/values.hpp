#pragma once
// Parsers for the value syntaxes a setting may use. Each returns the parsed value or the
// reason it was rejected ("is not a number"); the caller adds the key and the value, so
// every message a user sees names both.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

namespace reportd::config {

/// A parsed value, or the reason (a predicate phrase such as "is not a number").
template <class T>
using parsed = std::variant<T, std::string>;

/// Grafana-style durations: "30s", "500ms", "2m", "1h", "1m30s", or a bare number of
/// seconds ("30").
parsed<std::chrono::milliseconds> parse_duration(std::string_view text);

/// true/false, yes/no, on/off, 1/0 (case-insensitive).
parsed<bool> parse_bool(std::string_view text);

/// A non-negative decimal integer no larger than `max`.
parsed<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max);

/// [grafana] org_map: "reportd_org:grafana_org" pairs separated by commas ("1:1, 2:4"), each
/// reportd organisation (>= 1) once; "" is the empty map.
parsed<std::map<std::int64_t, std::int64_t>> parse_org_map(std::string_view text);

/// `text` without surrounding blanks and without one pair of surrounding double quotes.
std::string unquote(std::string_view text);

/// An ASCII lower-case copy, for matching keys.
std::string to_lower(std::string_view text);

}  // namespace reportd::config
