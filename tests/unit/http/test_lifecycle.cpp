// Answers that come late, from other threads, or never; draining and stopping.
#include <atomic>
#include <thread>

#include "catch_prelude.hpp"
#include "fixture.hpp"

namespace {

using namespace std::chrono_literals;
using reportd::http::request;
using reportd::http::responder;
using reportd::test::client;
using reportd::test::get;
using reportd::test::inbox;
using reportd::test::running;
using reportd::test::text;
using reportd::test::x_request_id;

// Waits (boundedly) until the server counts `n` requests in flight.
void await_in_flight(const reportd::http::server& srv, std::size_t n) {
  for (int i = 0; i < 2000 && srv.in_flight() != n; ++i)
    std::this_thread::sleep_for(5ms);
  REQUIRE(srv.in_flight() == n);
}

}  // namespace

TEST_CASE("a responder dropped unanswered becomes a 500 with the trace id", "[http]") {
  running s([](request, responder) {});
  client c(s.port);
  auto res = c.request(get("/api/reports"));
  CHECK(res.result_int() == 500);
  CHECK(res.body() == R"({"message":"internal error: request was dropped unanswered","traceID":")" +
                          x_request_id(res) + R"("})");
  await_in_flight(s.srv, 0);  // decremented once the write completes, just after the client read it
}

TEST_CASE("a handler that throws still gets its client a 500", "[http]") {
  running s([](request, responder) { throw std::runtime_error("bug"); });
  client c(s.port);
  auto res = c.request(get("/"));
  CHECK(res.result_int() == 500);
  // The connection survives: the next request is served too.
  CHECK(c.request(get("/")).result_int() == 500);
}

TEST_CASE("an answer sent later from another thread is delivered", "[http]") {
  inbox box;
  running s(box.handler());
  client c(s.port);
  std::thread answerer([&] {
    auto [req, answer] = box.take();
    std::this_thread::sleep_for(200ms);  // the actors took their time
    answer.send(text("late " + req.path, 201));
  });
  auto res = c.request(get("/slow"));
  answerer.join();
  CHECK(res.result_int() == 201);
  CHECK(res.body() == "late /slow");
  await_in_flight(s.srv, 0);  // decremented once the write completes, just after the client read it
}

TEST_CASE("draining waits for the request in flight, which still gets its answer", "[http]") {
  inbox box;
  running s(box.handler());
  client idle(s.port);  // a keep-alive connection with nothing to do must not block draining
  client c(s.port);
  REQUIRE_FALSE(c.write(get("/api/reports/email")));
  auto [req, answer] = box.take();
  REQUIRE(s.srv.in_flight() == 1);

  s.srv.stop_accepting();
  CHECK_FALSE(s.srv.wait_idle(50ms));  // nobody has answered yet

  std::atomic<bool> answered{false};
  std::thread answerer([&, a = answer] {
    std::this_thread::sleep_for(300ms);
    answered = true;
    a.send(text("Report was sent"));
  });
  answer = responder();  // only the answering thread holds it now
  CHECK(s.srv.wait_idle(20s));
  CHECK(answered);
  answerer.join();

  boost::beast::error_code ec;
  auto res = c.read(ec);
  REQUIRE_FALSE(ec);
  CHECK(res.body() == "Report was sent");
  CHECK_FALSE(res.keep_alive());  // draining: this connection is done

  client late(s.port);
  CHECK(late.connect_error());  // no longer accepting
  s.srv.stop();
}

TEST_CASE("a client that hangs up while its request is in the actors does no harm", "[http]") {
  inbox box;
  running s(box.handler());
  {
    client c(s.port);
    REQUIRE_FALSE(c.write(get("/api/reports")));
    box.take().second.send(text("nobody listens"));  // may race with the hang-up: both fine
  }
  client gone(s.port);
  REQUIRE_FALSE(gone.write(get("/api/reports")));
  auto [req, answer] = box.take();
  gone.disconnect();
  std::this_thread::sleep_for(50ms);
  CHECK(answer.send(text("too late")));
  await_in_flight(s.srv, 0);
  // The server still serves others.
  client next(s.port);
  REQUIRE_FALSE(next.write(get("/next")));
  box.take().second.send(text("fine"));
  boost::beast::error_code ec;
  CHECK(next.read(ec).body() == "fine");
}

TEST_CASE("an answer that arrives after stop, or after the server is gone, is dropped safely", "[http]") {
  inbox box;
  responder after_stop;
  responder after_destruction;
  {
    running s(box.handler());
    client a(s.port);
    client b(s.port);
    REQUIRE_FALSE(a.write(get("/a")));
    after_stop = box.take().second;
    REQUIRE_FALSE(b.write(get("/b")));
    after_destruction = box.take().second;
    s.srv.stop();
    s.srv.stop();  // idempotent
    CHECK(after_stop.send(text("dropped")));
    CHECK(s.srv.in_flight() == 1);
  }
  // The server object is gone; the last copy of this responder answers 500 into nothing.
  after_destruction = responder();
  CHECK_FALSE(after_stop.send(text("again")));
}

TEST_CASE("listen reports an address that cannot be used", "[http]") {
  auto settings = reportd::test::local_settings();
  settings.http_addr = "not-an-address";
  reportd::http::server srv(settings, [](request, responder) {});
  auto port = srv.listen();
  REQUIRE_FALSE(port.ok());
  CHECK_THAT(port.error().message, Catch::Contains("not-an-address"));
}
