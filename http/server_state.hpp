#pragma once
// What the listener and every session of one server share. Held by shared_ptr from the
// server, the listener and each session: a session kept alive by a responder still in the
// actors may outlive the server object, and its socket needs the io_context it was made
// on, so the io_context lives here, destroyed with the last session.
// Asio types: include from http/*.cpp only.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "config/settings.hpp"
#include "http/server.hpp"

namespace reportd::http::detail {

class session;

/// Counts requests handed to the handler and not yet written or dropped.
class in_flight_counter {
public:
  void add();
  void done();
  std::size_t count() const;
  bool wait_zero(std::chrono::milliseconds timeout);

private:
  mutable std::mutex mutex_;
  std::condition_variable zero_;
  std::size_t count_ = 0;
};

/// Live sessions, so that stop() can close them. Weak: the registry never keeps one alive.
class session_registry {
public:
  std::uint64_t add(const std::shared_ptr<session>& s);
  void remove(std::uint64_t key);
  void close_all();
  /// Closes the connections waiting idle for their next request (drain start).
  void close_idle();
  /// Answers 503 (with Retry-After) every request handed over and not yet answered, and
  /// closes the idle connections (drain deadline).
  void answer_unavailable();

private:
  std::vector<std::shared_ptr<session>> live();

  std::mutex mutex_;
  std::uint64_t next_ = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<session>> sessions_;
};

/// Unique, unguessable-looking request ids: 16 hex chars, a bijective mix of a counter
/// that starts at a random value, so no two requests of one server share an id.
class request_ids {
public:
  request_ids();
  std::string next();

private:
  std::atomic<std::uint64_t> counter_;
};

struct server_state {
  boost::asio::io_context ioc;  // first member: destroyed last, after everything using it
  config::server_settings settings;
  handler on_request;
  in_flight_counter in_flight;
  session_registry sessions;
  request_ids ids;

  std::atomic<bool> draining{false};  // stop_accepting() was called: close after answering
  // answer_unavailable() was called: every request still arriving is answered 503 at once.
  std::atomic<bool> refusing{false};
  // Sessions admitted under [server] max_connections and still open.
  std::atomic<std::size_t> connections{0};
  // The listener cannot accept (no file descriptor): idle connections get a short wait.
  std::atomic<bool> accept_failing{false};
  // Set by stop(); read under the mutex by a late responder so it never posts to an
  // io_context whose threads have gone (the answer could not be written anyway).
  std::mutex stop_mutex;
  bool stopped = false;

  server_state(const config::server_settings& s, handler h)
      : ioc(s.io_threads > 0 ? s.io_threads : 1), settings(s), on_request(std::move(h)) {}

  /// How long an idle keep-alive connection may wait for its next request now: shorter
  /// when connections are close to the limit or descriptors ran out.
  std::chrono::milliseconds idle_timeout() const;
};

}  // namespace reportd::http::detail
