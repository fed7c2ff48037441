#include "http/listener.hpp"

#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>

#include <spdlog/spdlog.h>

#include "config/timeouts.hpp"
#include "http/session.hpp"

namespace reportd::http::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

listener::listener(std::shared_ptr<server_state> state)
    : state_(std::move(state)), acceptor_(asio::make_strand(state_->ioc)), retry_(acceptor_.get_executor()),
      settled_(acceptor_.get_executor()) {}

model::checked<std::uint16_t> listener::open(const std::string& address, std::uint16_t port) {
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec)
    return model::bad_request("[server] http_addr: \"" + address + "\" is not an IP address");
  tcp::endpoint endpoint(ip, port);
  auto where = address + ":" + std::to_string(port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor_.bind(endpoint, ec);
  if (!ec)
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.close(ec);
    return model::internal_error("cannot listen on " + where + ": " + ec.message());
  }
  return acceptor_.local_endpoint().port();
}

void listener::run() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void listener::close() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
    self->settled_.cancel();
  });
}

void listener::accept() {
  if (!acceptor_.is_open())
    return;
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(state_->ioc),
                         [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                           self->on_accept(ec, std::move(socket));
                         });
}

namespace {

// Errors that stay until some connection closes: accepting again at once would spin.
bool lacks_resources(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors ||  // EMFILE: this process's limit
         ec == boost::system::errc::too_many_files_open_in_system ||  // ENFILE
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

void listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted)
    return;  // closed by stop_accepting() or stop()
  if (lacks_resources(ec))
    return retry_later(ec);
  if (!ec) {
    state_->accept_failing.store(false);
    if (episode_ && !settling_)
      settle();
    auto limit = static_cast<std::size_t>(state_->settings.max_connections);
    auto s = std::make_shared<session>(std::move(socket), state_);
    if (state_->connections.load() >= limit)
      s->refuse_crowded();
    else
      s->run();
  }
  // Other errors (a connection reset before accept) end that connection only.
  accept();
}

void listener::retry_later(const boost::system::error_code& ec) {
  // Logged once per episode, not per attempt: the next line says when it is over.
  state_->accept_failing.store(true);
  last_refusal_ = std::chrono::steady_clock::now();
  if (!std::exchange(episode_, true))
    spdlog::error("cannot accept connections: {} ({} open); retrying every {} ms until one closes",
                  ec.message(), state_->connections.load(),
                  std::chrono::duration_cast<std::chrono::milliseconds>(config::defaults::accept_retry_delay).count());
  retry_.expires_after(config::defaults::accept_retry_delay);
  retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
    if (!wait_ec)
      self->accept();
  });
}

void listener::settle() {
  settling_ = true;
  const auto quiet = config::defaults::accept_quiet_period;
  settled_.expires_at(last_refusal_ + quiet);
  settled_.async_wait([self = shared_from_this(), quiet](boost::system::error_code wait_ec) {
    self->settling_ = false;
    if (wait_ec)
      return;  // closed
    if (std::chrono::steady_clock::now() - self->last_refusal_ < quiet)
      return self->settle();  // refused again meanwhile: still the same episode
    self->episode_ = false;
    spdlog::info("accepting connections again ({} open)", self->state_->connections.load());
  });
}

}  // namespace reportd::http::detail
