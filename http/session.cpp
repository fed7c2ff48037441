#include "http/session.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "config/timeouts.hpp"
#include "http/json_body.hpp"
#include "http/url.hpp"

namespace reportd::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t first_read_bytes = 4096;

std::string peer_of(const tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

std::string header(const bhttp::request<bhttp::string_body>& req, bhttp::field f) {
  auto i = req.find(f);
  return i == req.end() ? std::string() : std::string(i->value());
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

// Bytes of the header fields as sent (name, ": ", value, CRLF). After a chunked body the
// parser has merged the trailer fields in, so this counts headers and trailers together.
std::size_t field_bytes(const bhttp::request<bhttp::string_body>& req) {
  std::size_t n = 0;
  for (const auto& f : req)
    n += f.name_string().size() + f.value().size() + 4;
  return n;
}

/// A 503 that closes the connection and says when to come back.
response unavailable(const std::string& message, const std::string& request_id, std::int64_t retry_after_s) {
  response r;
  r.status = 503;
  r.body = error_body(message, request_id);
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  r.close = true;
  return r;
}

response shutting_down(const std::string& request_id) {
  return unavailable("server is shutting down", request_id,
                     std::chrono::duration_cast<std::chrono::seconds>(config::defaults::shutdown_retry_after).count());
}

}  // namespace

// The buffer holds at most one header section (or trailer section) and a first read: a
// chunked body's trailers, which Beast reads whole before parsing, cannot grow it further.
session::session(tcp::socket socket, std::shared_ptr<server_state> state)
    : state_(std::move(state)),
      stream_(std::move(socket)),
      buffer_(state_->settings.max_header_bytes + first_read_bytes),
      idle_timer_(stream_.get_executor()),
      remote_(peer_of(stream_.socket())) {}

session::~session() {
  state_->sessions.remove(registry_key_);
  if (admitted_)
    --state_->connections;
}

void session::run() {
  admitted_ = true;
  ++state_->connections;
  registry_key_ = state_->sessions.add(shared_from_this());
  // The socket's executor is this connection's strand; start there.
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void session::refuse_crowded() {
  registry_key_ = state_->sessions.add(shared_from_this());
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->request_id_ = self->state_->ids.next();
    self->keep_alive_ = false;
    self->write(unavailable("too many open connections (limit " +
                                std::to_string(self->state_->settings.max_connections) + ")",
                            self->request_id_, 1),
                false);
  });
}

void session::close_if_idle() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->idle_)
      self->stream_.close();
  });
}

void session::answer_unavailable() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->awaiting_answer_.exchange(false))
      return self->write(shutting_down(self->request_id_), true);
    if (self->idle_)
      self->stream_.close();
  });
}

void session::close() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    self->stream_.close();
  });
}

void session::wait_for_request() {
  if (buffer_.size() > 0)
    return read_request();  // a pipelined request is already here
  if (state_->refusing)
    return stream_.close();  // past the drain deadline: no new request on this connection
  park();
}

void session::park() {
  // Between requests the connection may idle for long, and thousands may: it waits for the
  // socket to become readable holding no read buffer, parser or answer (a read would have
  // to own a buffer while it waits). Its own timer stands for the idle timeout, since the
  // stream's deadline covers only the stream's reads and writes.
  buffer_.shrink_to_fit();  // empty here: frees it
  parser_.reset();
  idle_ = true;
  const auto parked = ++parks_;
  idle_timer_.expires_after(state_->idle_timeout());
  idle_timer_.async_wait([self = shared_from_this(), parked](beast::error_code ec) {
    // A wait that expired as bytes arrived may run after the next park began: its own
    // park number tells it apart.
    if (!ec && self->idle_ && self->parks_ == parked)
      self->stream_.close();
  });
  stream_.socket().async_wait(tcp::socket::wait_read,
                              [self = shared_from_this()](beast::error_code ec) { self->on_readable(ec); });
}

void session::on_readable(beast::error_code ec) {
  idle_ = false;
  idle_timer_.cancel();
  if (ec)
    return stream_.close();  // idle timeout, server stop or drain closed it
  read_request();  // readable at end of stream too: the read says so
}

void session::read_request() {
  parser_.emplace();  // a fresh parser per message, with this server's limits
  parser_->header_limit(static_cast<std::uint32_t>(state_->settings.max_header_bytes));
  parser_->body_limit(state_->settings.max_body_bytes);
  // Once bytes arrive the read deadline runs.
  stream_.expires_after(state_->settings.read_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void session::on_read(beast::error_code ec) {
  const auto& s = state_->settings;
  if (ec == bhttp::error::body_limit)
    return reject("request body too large (limit " + std::to_string(s.max_body_bytes) + " bytes)");
  if (ec == bhttp::error::header_limit)
    return reject("request header too large (limit " + std::to_string(s.max_header_bytes) + " bytes)");
  if (ec == bhttp::error::buffer_overflow)  // only a header or trailer section fills the buffer
    return reject("request header or trailer section too large (limit " + std::to_string(s.max_header_bytes) +
                  " bytes)");
  if (ec == bhttp::error::end_of_stream)
    return shut_down();
  if (ec && is_parse_error(ec) && ec != bhttp::error::partial_message)
    return reject("malformed HTTP request");
  if (ec)
    return stream_.close();  // read deadline, reset, or a request cut off mid-way
  if (parser_->chunked() && field_bytes(parser_->get()) > s.max_header_bytes)
    return reject("request headers and trailers too large (limit " + std::to_string(s.max_header_bytes) +
                  " bytes together)");
  auto req = parser_->release();
  parser_.reset();
  hand_over(std::move(req));
}

void session::hand_over(beast_request req) {
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  // RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host, and for any with two.
  auto hosts = req.count(bhttp::field::host);
  if (hosts > 1)
    return reject("more than one Host header");
  if (hosts == 0 && version_ >= 11)
    return reject("HTTP/1.1 request without a Host header");
  auto target = decode_target(std::string_view(req.target().data(), req.target().size()));
  if (!target)
    return reject("malformed request target");
  request r;
  r.id = state_->ids.next();
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.path = std::move(target->path);
  r.query = std::move(target->query);
  r.authorization = header(req, bhttp::field::authorization);
  r.content_type = header(req, bhttp::field::content_type);
  r.org_id_header = std::string(req["X-Grafana-Org-Id"]);
  r.body = std::move(req.body());
  r.remote = remote_;
  request_id_ = r.id;
  auto gone = std::make_shared<std::atomic<bool>>(false);
  r.client_gone = gone;

  state_->in_flight.add();
  awaiting_answer_ = true;
  if (state_->refusing)  // past the drain deadline: the actors are going away
    return deliver(shutting_down(r.id));
  // The sink holds this session: it must outlive the wait, even if the peer hangs up.
  responder answer([self = shared_from_this()](response res) { self->deliver(std::move(res)); }, r.id);
  try {
    state_->on_request(std::move(r), std::move(answer));
  } catch (...) {
    // A handler that throws has not answered; its copies of the responder are gone, so
    // the last one answers 500 on its own.
  }
  watch_peer(std::move(gone));
}

void session::watch_peer(std::shared_ptr<std::atomic<bool>> gone) {
  // While the actors work nothing is read, so a client that gives up would go unnoticed
  // until the answer is written. The socket turns readable when it closes (or sends more):
  // a peek tells which, and a closed one marks the request abandoned, so a render queued
  // for it is dropped instead of done for nobody. The wait is cancelled when the answer is
  // written.
  stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this(), gone](beast::error_code ec) {
    if (ec || !self->awaiting_answer_)
      return;
    char byte = 0;
    const auto n = ::recv(self->stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
      gone->store(true);
    // n > 0: the client sent more (a pipelined request); it is still there.
  });
}

void session::deliver(response r) {
  if (!awaiting_answer_.exchange(false))
    return;  // answered 503 at the drain deadline already
  std::lock_guard<std::mutex> lock(state_->stop_mutex);
  if (state_->stopped) {
    state_->in_flight.done();  // nobody runs the io_context any more: drop the answer
    return;
  }
  asio::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(r)]() mutable {
    self->write(std::move(r), true);
  });
}

void session::write(response r, bool answers_handed_request) {
  beast::error_code ignored;
  stream_.socket().cancel(ignored);  // the peer watch of a request that waited for its answer
  res_ = {};
  res_.version(version_);
  res_.result(r.status);
  if (!r.content_type.empty())  // a 204 has no body, and no type for it
    res_.set(bhttp::field::content_type, r.content_type);
  res_.set("X-Request-Id", request_id_);
  for (const auto& [name, value] : r.headers)
    res_.set(name, value);
  res_.keep_alive(keep_alive_ && !r.close && !state_->draining);
  res_.body() = std::move(r.body);
  res_.prepare_payload();
  // The answer may have taken long: a deadline left from the read must not fire now.
  stream_.expires_after(state_->settings.write_timeout);
  bhttp::async_write(stream_, res_, [self = shared_from_this(), answers_handed_request](beast::error_code ec, std::size_t) {
    self->on_write(ec, answers_handed_request);
  });
}

void session::on_write(beast::error_code ec, bool answers_handed_request) {
  if (answers_handed_request)
    state_->in_flight.done();
  const bool keep_alive = res_.keep_alive();
  res_ = {};  // its body and fields are not kept while the connection idles
  if (ec)
    return stream_.close();  // the peer went away while we worked: nothing to do
  // Draining may have begun while this answer was written: then no next request either.
  if (keep_alive && !state_->draining)
    return wait_for_request();
  shut_down();
}

void session::reject(const std::string& message) {
  request_id_ = state_->ids.next();
  keep_alive_ = false;
  response r;
  r.status = 400;
  r.body = error_body(message);
  r.close = true;
  write(std::move(r), false);
}

void session::shut_down() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  linger();
}

void session::linger() {
  // Read and discard what the client still sends (the rest of a refused body) until it
  // closes, so that closing our end does not reset the connection before it has read
  // the answer.
  stream_.expires_after(config::defaults::linger_timeout);
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(first_read_bytes), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec)
      return self->stream_.close();
    self->linger();
  });
}

}  // namespace reportd::http::detail
