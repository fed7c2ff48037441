// actor_floor: the floor of reportd's own design for the light paths (issue 13). A bare
// Boost.Beast HTTP/1.1 keep-alive server whose every request takes the hops a reportd
// request takes, and does no work on the way:
//   connection strand --anon_send--> "front" (one long-lived actor)
//   front --spawn<monitored>--> "supervisor" (one actor per request)
//   supervisor answers at once (fixed bytes), tells the front "done" and quits
//   the answer is posted back to the connection's strand and written there.
// What reportd does beyond this (routing, auth and store hops, JSON, logging) is what the
// bench's GET and 401 figures measure against it; nginx measures the HTTP part alone.
//
// Usage: actor_floor GET_BODY_FILE REJECT_BODY_FILE [EXPECTED_AUTHORIZATION] [IO_THREADS] [ACTOR_THREADS]
// Answers 200 with GET_BODY_FILE's bytes (reportd's GET /api/reports/:id answer), and 401
// with REJECT_BODY_FILE's bytes (reportd's 401 answer) for /reject401 or, when
// EXPECTED_AUTHORIZATION is given, for any other Authorization header. Listens on
// 127.0.0.1, port 0, and prints "PORT n"; stops on SIGTERM or SIGINT.
// Threads as reportd's defaults: 2 io_context threads ([server] io_threads) and CAF's
// scheduler at one worker per core with no moderate polling (app/actor_config.cpp).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <caf/all.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

using done_atom = caf::atom_constant<caf::atom("done")>;

std::string get_body, reject_body, expected_auth;
std::atomic<std::uint64_t> next_id{0};

class connection;

// What crosses into the actors: the parts of the request the answer depends on, copied out
// of Beast's message as reportd's http::request is, and the connection to answer on.
struct floor_request {
  std::string target;
  std::string authorization;
  std::shared_ptr<connection> conn;
};

}  // namespace

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(::floor_request)

namespace {

caf::actor front_handle;  // set before the first accept, reset at shutdown

class connection : public std::enable_shared_from_this<connection> {
 public:
  explicit connection(tcp::socket s) : stream_(std::move(s)) {}

  void read() {
    req_ = {};
    bhttp::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec)
        return self->stream_.close();  // peer gone (or a bad request: no 400 here, wrk sends none)
      self->hand_over();
    });
  }

  // Called from the supervisor's thread: the write belongs on this connection's strand.
  void deliver(unsigned status, std::string body) {
    asio::post(stream_.get_executor(), [self = shared_from_this(), status, body = std::move(body)]() mutable {
      self->write(status, std::move(body));
    });
  }

 private:
  void hand_over() {
    version_ = req_.version();
    keep_alive_ = req_.keep_alive();
    auto auth = req_.find(bhttp::field::authorization);
    floor_request r{std::string(req_.target()), auth == req_.end() ? std::string() : std::string(auth->value()),
              shared_from_this()};
    caf::anon_send(front_handle, std::move(r));
  }

  void write(unsigned status, std::string body) {
    res_ = {};
    res_.version(version_);
    res_.result(status);
    res_.set(bhttp::field::content_type, "application/json");
    res_.set("X-Request-Id", std::to_string(next_id.fetch_add(1, std::memory_order_relaxed)));  // as reportd
    res_.keep_alive(keep_alive_);
    res_.body() = std::move(body);
    res_.prepare_payload();
    bhttp::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->res_.keep_alive())
        return self->stream_.close();
      self->read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> req_;
  bhttp::response<bhttp::string_body> res_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
};

// One per request, like reportd's supervisor: answers at once, says done, quits.
caf::behavior supervisor(caf::event_based_actor* self, floor_request req, caf::actor front) {
  bool reject = req.target == "/reject401" || (!expected_auth.empty() && req.authorization != expected_auth);
  req.conn->deliver(reject ? 401 : 200, reject ? reject_body : get_body);  // a fresh copy, as reportd builds one
  self->send(front, done_atom::value);
  self->quit();
  return {};
}

// The long-lived front: spawns a monitored supervisor per request and keeps the in-flight
// count reportd's admission keeps (uncounted by done; the down message arrives as well).
struct front_state {
  std::size_t in_flight = 0;
};

caf::behavior front(caf::stateful_actor<front_state>* self) {
  self->set_down_handler([](caf::down_msg&) {});
  return {
    [=](floor_request& req) {
      self->spawn<caf::monitored>(supervisor, std::move(req), caf::actor_cast<caf::actor>(self));
      ++self->state.in_flight;
    },
    [=](done_atom) { --self->state.in_flight; },
  };
}

void accept(tcp::acceptor& acceptor, asio::io_context& ioc) {
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor.async_accept(asio::make_strand(ioc), [&acceptor, &ioc](beast::error_code ec, tcp::socket s) {
    if (ec == asio::error::operation_aborted)
      return;
    if (!ec)
      std::make_shared<connection>(std::move(s))->read();
    accept(acceptor, ioc);
  });
}

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "actor_floor: cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: actor_floor GET_BODY_FILE REJECT_BODY_FILE [EXPECTED_AUTHORIZATION] [IO_THREADS] [ACTOR_THREADS]\n";
    return 2;
  }
  get_body = slurp(argv[1]);
  reject_body = slurp(argv[2]);
  if (argc > 3)
    expected_auth = argv[3];
  int io_threads = argc > 4 ? std::atoi(argv[4]) : 2;
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  std::size_t actor_threads = argc > 5 ? static_cast<std::size_t>(std::atoi(argv[5])) : cores;

  // Declared first, so destroyed last: connections still held by messages in the actors'
  // mailboxes close their sockets while the io_context exists.
  asio::io_context ioc;
  caf::actor_system_config cfg;
  cfg.set("logger.verbosity", caf::atom("quiet"));
  cfg.set("scheduler.max-threads", actor_threads);
  cfg.set("work-stealing.moderate-poll-attempts", std::size_t{0});
  caf::actor_system sys{cfg};
  front_handle = sys.spawn(front);

  // Opens, binds and listens (backlog: the system's maximum, as reportd's listener).
  tcp::acceptor acceptor(asio::make_strand(ioc), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::printf("PORT %u\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);
  accept(acceptor, ioc);

  asio::signal_set signals(ioc, SIGTERM, SIGINT);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
  std::vector<std::thread> threads;
  for (int i = 0; i < std::max(1, io_threads); ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
  for (auto& t : threads)
    t.join();
  // Answers still in the mailboxes post to a stopped io_context: dropped with it.
  caf::anon_send_exit(front_handle, caf::exit_reason::user_shutdown);
  front_handle = nullptr;
  return 0;  // ~actor_system waits for the front and any supervisor left
}
