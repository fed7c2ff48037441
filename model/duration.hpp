#pragma once
// Grafana's duration text, read one way everywhere: settings (`render_timeout = 60s`), panel and
// datasource intervals (`interval: 1m`, `timeInterval: 15s`), `queryTimeout`, interval
// variables' `auto_min`. A bare number is seconds, as Grafana reads it; otherwise a sequence of
// <digits><unit> terms ("1m30s"), units ms, s, m, h, d, w, y.
#include <cstdint>
#include <optional>
#include <string_view>

namespace reportd::model {

/// The duration in milliseconds; nullopt when empty, unreadable or too long for 64 bits.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

}  // namespace reportd::model
