#include "http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>

#include "http/session.hpp"

namespace reportd::http::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

listener::listener(std::shared_ptr<server_state> state)
    : state_(std::move(state)), acceptor_(asio::make_strand(state_->ioc)) {}

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

void listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted)
    return;  // closed by stop_accepting() or stop()
  if (!ec)
    std::make_shared<session>(std::move(socket), state_)->run();
  // Other errors (a connection reset before accept, too many files) end that connection
  // only; the listener keeps accepting.
  accept();
}

}  // namespace reportd::http::detail
