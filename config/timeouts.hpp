#pragma once
// Every default duration in reportd, in one place. Call sites use these names (through
// config::settings, which may override them), never duration literals.
#include <chrono>

namespace reportd::config::defaults {

using namespace std::chrono_literals;

// Socket layer.
inline constexpr auto read_timeout = 30s;    // whole request (headers + body)
inline constexpr auto write_timeout = 30s;   // whole response
inline constexpr auto idle_timeout = 75s;    // keep-alive connection with no request
// After answering and shutting down our side: how long to swallow what the client still
// sends (a refused body) so that closing does not reset the connection under its answer.
inline constexpr auto linger_timeout = 2s;

// Per hop, asked by the request supervisor.
inline constexpr auto auth_timeout = 2s;
inline constexpr auto store_timeout = 5s;
inline constexpr auto render_timeout = 60s;
inline constexpr auto mail_timeout = 60s;

// The supervisor's overall deadline for one request (under the 60 s a client waits... plus
// the mail hop; heavy requests are bounded by the sum of their hops, capped here).
inline constexpr auto request_deadline = 120s;

// Shutdown: how long requests in flight may take to finish after SIGTERM.
inline constexpr auto drain_timeout = 30s;

// Auth cache: how long a verified token is trusted without a database look-up.
inline constexpr auto auth_cache_ttl = 10s;

}  // namespace reportd::config::defaults
