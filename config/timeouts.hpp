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
// Idle keep-alive wait once open connections pass 3/4 of [server] max_connections, or while
// accept() fails for lack of file descriptors: idle clients make room for new ones.
inline constexpr auto crowded_idle_timeout = 5s;
// After accept() failed with EMFILE/ENFILE (no file descriptor): wait before trying again,
// instead of spinning on a listening socket that stays readable.
inline constexpr auto accept_retry_delay = 100ms;
// Accepting again ends such an episode (and says so in the log) only after this long with no
// refusal: while closed connections free descriptors one at a time, accepts and refusals
// alternate, and that is one episode, not many.
inline constexpr auto accept_quiet_period = 1s;

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
// After the drain timeout: how long the 503 answers may take to be written, and then how
// long the actors may take to stop, before the process exits with work still running (a
// render blocked on a slow datasource must not hold the process).
inline constexpr auto shutdown_write_grace = 2s;
inline constexpr auto shutdown_stop_grace = 3s;
// Once the actors have stopped: how long workers still blocked (a render or an SMTP
// exchange with a stalled peer) may take to finish before the process exits without them.
inline constexpr auto shutdown_exit_grace = 1s;
// Retry-After of the 503 answered to requests still open at the drain deadline.
inline constexpr auto shutdown_retry_after = 5s;

// Auth cache: how long a verified token is trusted without a database look-up.
inline constexpr auto auth_cache_ttl = 10s;
// Failed logins: the window of [security] login_max_failures (Grafana's brute-force
// protection also counts 5 failures in 5 minutes).
inline constexpr auto login_failure_window = 5min;

}  // namespace reportd::config::defaults
