#pragma once
// A small Beast client for the server tests: every operation runs on the client's own
// io_context under a generous deadline, so a server bug fails a test instead of hanging it.
#include <chrono>
#include <cstdint>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "config/settings.hpp"

namespace reportd::test {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using beast_response = bhttp::response<bhttp::string_body>;
using beast_request = bhttp::request<bhttp::string_body>;

inline config::server_settings local_settings() {
  config::server_settings s;
  s.http_addr = "127.0.0.1";
  s.http_port = 0;
  s.io_threads = 2;
  return s;
}

class client {
public:
  explicit client(std::uint16_t port) : stream_(ioc_) {
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
    connect_error_ = run([&](auto done) { stream_.async_connect(ep, [done](beast::error_code ec) { done(ec); }); });
  }

  beast::error_code connect_error() const { return connect_error_; }

  beast::error_code write(beast_request req) {
    req.prepare_payload();
    return run([&](auto done) {
      bhttp::async_write(stream_, req, [done](beast::error_code ec, std::size_t) { done(ec); });
    });
  }

  beast::error_code write_raw(const std::string& bytes) {
    return run([&](auto done) {
      boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                               [done](beast::error_code ec, std::size_t) { done(ec); });
    });
  }

  /// Reads one response; `error` tells whether one arrived.
  beast_response read(beast::error_code& error) {
    beast_response res;
    error = run([&](auto done) {
      bhttp::async_read(stream_, buffer_, res, [done](beast::error_code ec, std::size_t) { done(ec); });
    });
    return res;
  }

  beast_response request(beast_request req) {
    beast::error_code ec = write(std::move(req));
    if (ec)
      throw beast::system_error(ec);
    auto res = read(ec);
    if (ec)
      throw beast::system_error(ec);
    return res;
  }

  /// True when the server has closed the connection (end of stream or reset).
  bool closed_by_server() {
    char byte = 0;
    auto ec = run([&](auto done) {
      stream_.async_read_some(boost::asio::buffer(&byte, 1), [done](beast::error_code e, std::size_t) { done(e); });
    });
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

  void disconnect() {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

private:
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result = boost::asio::error::would_block;
    stream_.expires_after(std::chrono::seconds(20));
    start([&result](beast::error_code ec) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  boost::asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  beast::error_code connect_error_;
};

inline beast_request get(const std::string& target, unsigned version = 11) {
  beast_request req{bhttp::verb::get, target, version};
  req.set(bhttp::field::host, "localhost");
  return req;
}

}  // namespace reportd::test
