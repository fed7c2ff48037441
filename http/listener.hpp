#pragma once
// Accepts connections and starts one session per connection, each on its own strand.
// Beast/Asio internals: included by http/server.cpp only.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/server_state.hpp"
#include "model/problem.hpp"

namespace reportd::http::detail {

class listener : public std::enable_shared_from_this<listener> {
public:
  explicit listener(std::shared_ptr<server_state> state);

  /// Opens, binds and listens; returns the bound port (useful when asked for port 0).
  model::checked<std::uint16_t> open(const std::string& address, std::uint16_t port);
  /// Starts the accept loop.
  void run();
  /// Closes the acceptor from any thread; connections already accepted go on.
  void close();

private:
  void accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void retry_later(const boost::system::error_code& ec);
  /// Ends the logged episode once accepting has worked for accept_quiet_period with no refusal.
  void settle();

  std::shared_ptr<server_state> state_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // on the acceptor's strand
  // One logged episode of running out of descriptors: closing connections frees one at a
  // time, and each freed one is taken by a waiting client, so accepts and refusals alternate
  // for a while; the episode ends (and is logged as over) only when that has settled.
  boost::asio::steady_timer settled_;  // on the acceptor's strand
  bool episode_ = false;
  bool settling_ = false;
  std::chrono::steady_clock::time_point last_refusal_{};
};

}  // namespace reportd::http::detail
