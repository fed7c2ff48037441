#pragma once
// The HTTP front as seen from outside: a Beast server that turns each request into an
// http::request plus a responder and hands both to one handler. No Beast or Asio types
// here (pimpl), so actor code includes this cheaply.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "config/settings.hpp"
#include "http/message.hpp"
#include "http/responder.hpp"
#include "model/problem.hpp"

namespace reportd::http {

/// Called on an I/O thread for every well-formed request. It must not block: it passes
/// the request on and answers later, from any thread, through the responder.
using handler = std::function<void(request, responder)>;

class server {
public:
  server(const config::server_settings& settings, handler on_request);
  ~server();  // stops everything
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds and listens on http_addr:http_port (port 0 = ephemeral); returns the bound port.
  model::checked<std::uint16_t> listen();
  /// Starts io_threads threads on one io_context, and accepting if listen() succeeded.
  void start();
  /// Closes the acceptor and the idle keep-alive connections; connections in flight
  /// continue, and close after their answer.
  void stop_accepting();
  /// The drain deadline: every request handed to the handler and not yet answered is
  /// answered 503 with Retry-After now (a later answer is dropped), requests still arriving
  /// get the same, idle connections are closed. wait_idle() then waits for those writes.
  void answer_unavailable();
  /// Waits until no request is in flight (handed to the handler and not yet written or
  /// dropped); false on timeout. Idle keep-alive connections do not count.
  bool wait_idle(std::chrono::milliseconds timeout);
  /// Closes all connections, stops the io_context and joins its threads (idempotent).
  void stop();
  std::size_t in_flight() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reportd::http
