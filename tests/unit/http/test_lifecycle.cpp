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

// Waits for the event "no request in flight" (the server signals it; the bound only keeps a
// broken build from hanging).
void await_idle(reportd::http::server& srv) {
  REQUIRE(srv.wait_idle(20s));
  CHECK(srv.in_flight() == 0);
}

}  // namespace

TEST_CASE("a responder dropped unanswered becomes a 500 with the trace id", "[http]") {
  running s([](request, responder) {});
  client c(s.port);
  auto res = c.request(get("/api/reports"));
  CHECK(res.result_int() == 500);
  CHECK(res.body() == R"({"message":"internal error: request was dropped unanswered","traceID":")" +
                          x_request_id(res) + R"("})");
  await_idle(s.srv);  // decremented once the write completes, just after the client read it
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
    auto [req, answer] = box.take();  // the request is in the actors; the client waits
    answer.send(text("late " + req.path, 201));
  });
  auto res = c.request(get("/slow"));
  answerer.join();
  CHECK(res.result_int() == 201);
  CHECK(res.body() == "late /slow");
  await_idle(s.srv);  // decremented once the write completes, just after the client read it
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
  // Answered from another thread while the server drains; `answered` is set before the
  // answer, so wait_idle returning true after it shows draining waited for the answer.
  std::thread answerer([&, a = answer] {
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
  answer.send(text("too late"));  // before or after the server sees the hang-up: both harmless
  await_idle(s.srv);
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
    after_stop.send(text("dropped"));
    CHECK(s.srv.in_flight() == 1);
    boost::beast::error_code ec;
    a.read(ec);  // the client sees its connection closed, never the late answer
    CHECK(ec);
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

TEST_CASE("at the drain deadline a request still waiting is answered 503 and the late answer dropped", "[http]") {
  inbox box;
  running s(box.handler());
  client c(s.port);
  REQUIRE_FALSE(c.write(get("/api/reports/email")));
  auto [req, answer] = box.take();
  s.srv.stop_accepting();
  CHECK_FALSE(s.srv.wait_idle(50ms));

  s.srv.answer_unavailable();
  boost::beast::error_code ec;
  auto res = c.read(ec);
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 503);
  CHECK(res["Retry-After"] == "5");
  CHECK(res.body() == R"({"message":"server is shutting down","traceID":")" + req.id + R"("})");
  CHECK_FALSE(res.keep_alive());
  await_idle(s.srv);  // counted once, by the 503

  answer.send(text("too late"));  // the actors answer after all: nothing more is written
  CHECK(s.srv.in_flight() == 0);
  CHECK(c.closed_by_server());
}

TEST_CASE("draining closes idle keep-alive connections at once", "[http]") {
  inbox box;
  running s(box.handler());
  client c(s.port);
  REQUIRE_FALSE(c.write(get("/first")));
  box.take().second.send(text("one"));
  boost::beast::error_code ec;
  REQUIRE(c.read(ec).keep_alive());
  s.srv.stop_accepting();
  CHECK(c.closed_by_server());  // not after the 75 s idle timeout
}
