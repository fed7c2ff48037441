#pragma once
// Grafana time expressions and time-zone arithmetic (date/tz over the system tz database).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reportd::model {

/// True when `zone` is a known IANA zone name or one that means UTC (model/time_zone.hpp).
bool valid_time_zone(std::string_view zone);

/// Parses RFC 3339 with or without fractional seconds ("2020-01-01T07:00:00.000Z",
/// "2022-10-02T00:00:00+02:00"); returns epoch seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

/// Formats epoch seconds as RFC 3339 with offset, no fraction, in `zone`
/// ("2022-10-02T00:00:00+02:00"). Unknown zone: UTC.
std::string format_rfc3339(std::int64_t epoch_seconds, std::string_view zone);

/// Whether `expr` is a valid Grafana time expression: "now", "now-6h", "now-7d/d", "now/M",
/// "now-1M/M", RFC 3339, or epoch milliseconds (digits).
bool valid_time_expression(std::string_view expr);

/// Evaluates a time expression to epoch milliseconds. `now_ms` is "now"; rounding (`/d`,
/// `/w`, `/M`, `/y`, ...) happens in `zone`. `round_up` is true for the "to" end of a range
/// (Grafana rounds `now/d` to the end of the day for "to"). nullopt when invalid.
std::optional<std::int64_t> evaluate_time_expression(std::string_view expr, std::int64_t now_ms,
                                                     std::string_view zone, bool round_up);

}  // namespace reportd::model
