#pragma once
// One HTTP connection: reads a request with limits and deadlines, hands it to the
// handler with a responder, reads nothing more until that responder answers, writes the
// answer, then reads the next request (keep-alive) or shuts the connection down.
// Beast internals: included by http/*.cpp only.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"
#include "http/server_state.hpp"

namespace reportd::http::detail {

class session : public std::enable_shared_from_this<session> {
public:
  session(boost::asio::ip::tcp::socket socket, std::shared_ptr<server_state> state);
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  /// Registers with the server and starts reading.
  void run();
  /// Over [server] max_connections: answers 503 with Retry-After at once, without reading a
  /// request, and closes.
  void refuse_crowded();
  /// Closes the connection from any thread (server stop).
  void close();
  /// From any thread: closes the connection if it waits idle for its next request.
  void close_if_idle();
  /// From any thread: answers 503 with Retry-After if a request waits for its answer (the
  /// answer the actors send later is dropped), or closes the connection if it is idle.
  void answer_unavailable();

private:
  using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
  using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

  void wait_for_request();
  void park();
  void on_readable(boost::beast::error_code ec);
  void read_request();
  void on_read(boost::beast::error_code ec);
  void hand_over(beast_request req);
  void watch_peer(std::shared_ptr<std::atomic<bool>> gone);
  void deliver(response r);
  void write(response r, bool answers_handed_request);
  void on_write(boost::beast::error_code ec, bool answers_handed_request);
  void reject(const std::string& message);
  void shut_down();
  void linger();

  // First: destroyed last. It may hold the last reference to the io_context, which the
  // stream's strand and socket below still need while they are destroyed.
  std::shared_ptr<server_state> state_;
  boost::beast::tcp_stream stream_;
  // Empty (no allocation) while the connection is parked between requests: an idle
  // keep-alive connection costs this object and the kernel's socket, not a read buffer.
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer idle_timer_;  // the idle timeout of a parked connection
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  beast_response res_;  // kept here until its async_write completes, then emptied
  std::uint64_t registry_key_ = 0;
  std::string remote_;
  std::string request_id_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool admitted_ = false;  // counted in server_state::connections
  bool idle_ = false;      // parked, waiting for the next request (strand only)
  std::uint64_t parks_ = 0;  // counts parks, so a stale idle-timer wake-up is told apart
  // A request was handed over and not yet answered. Whoever clears it first (the actors'
  // answer, or the 503 at the drain deadline) writes the answer; the other is dropped.
  std::atomic<bool> awaiting_answer_{false};
};

}  // namespace reportd::http::detail
