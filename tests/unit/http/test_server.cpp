#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "catch_prelude.hpp"
#include "http/server.hpp"
#include "fixture.hpp"

namespace {

using namespace std::chrono_literals;
using reportd::http::request;
using reportd::http::responder;
using reportd::http::response;
namespace bhttp = boost::beast::http;
using reportd::test::client;
using reportd::test::get;
using reportd::test::local_settings;
using reportd::test::running;
using reportd::test::text;
using reportd::test::x_request_id;

// Answers every request at once with what it saw.
void echo(request r, responder a) {
  std::string q;
  for (const auto& [k, v] : r.query)
    q += k + "=" + v + ";";
  a.send(text(r.method + "|" + r.path + "|" + q + "|" + r.authorization + "|" + r.content_type + "|" +
              r.org_id_header + "|" + r.body + "|" + r.remote.substr(0, 10) + "|" + r.id));
}

}  // namespace

TEST_CASE("the handler sees method, decoded path and query, headers and body", "[http]") {
  running s(echo);
  REQUIRE(s.port != 0);
  client c(s.port);
  auto req = get("/api/reports/a%20b?from=now-7d&name=x%2By+z&flag");
  req.method(bhttp::verb::post);
  req.set(bhttp::field::authorization, "Bearer glsa_abc");
  req.set(bhttp::field::content_type, "application/json");
  req.set("X-Grafana-Org-Id", "2");
  req.body() = R"({"id":1})";
  auto res = c.request(req);
  CHECK(res.result_int() == 200);
  CHECK(res[bhttp::field::content_type] == "text/plain");
  auto id = x_request_id(res);
  CHECK(id.size() == 16);
  CHECK(res.body() == "POST|/api/reports/a b|flag=;from=now-7d;name=x+y z;|Bearer glsa_abc|application/json|2|"
                      R"({"id":1})" "|127.0.0.1:|" + id);
}

TEST_CASE("keep-alive serves several requests on one connection", "[http]") {
  running s(echo);
  client c(s.port);
  auto first = c.request(get("/one"));
  auto second = c.request(get("/two"));
  CHECK(first.result_int() == 200);
  CHECK(second.result_int() == 200);
  CHECK(second.body().find("GET|/two|") == 0);
  CHECK(first.keep_alive());
  CHECK(x_request_id(first) != x_request_id(second));
}

TEST_CASE("an HTTP/1.0 client gets its answer and the connection closed", "[http]") {
  running s(echo);
  client c(s.port);
  auto res = c.request(get("/old", 10));
  CHECK(res.result_int() == 200);
  CHECK_FALSE(res.keep_alive());
  CHECK(c.closed_by_server());
}

TEST_CASE("extra headers and close are honoured", "[http]") {
  running s([](request, responder a) {
    auto r = text("busy", 503);
    r.headers.emplace_back("Retry-After", "5");
    r.close = true;
    a.send(r);
  });
  client c(s.port);
  auto res = c.request(get("/"));
  CHECK(res.result_int() == 503);
  CHECK(res["Retry-After"] == "5");
  CHECK_FALSE(res.keep_alive());
  CHECK(c.closed_by_server());
}

TEST_CASE("limits and malformed requests are answered 400 and the connection closed", "[http]") {
  auto settings = local_settings();
  settings.max_body_bytes = 1024;
  settings.max_header_bytes = 1024;
  std::atomic<int> handled{0};
  running s([&](request r, responder a) { ++handled; echo(std::move(r), std::move(a)); }, settings);
  client c(s.port);
  boost::beast::error_code ec;

  SECTION("body over the limit") {
    auto req = get("/api/reports");
    req.method(bhttp::verb::post);
    req.body() = std::string(4096, 'x');
    CHECK_FALSE(c.write(req));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"j({"message":"request body too large (limit 1024 bytes)"})j");
  }
  SECTION("header over the limit") {
    auto req = get("/api/reports");
    req.set("X-Padding", std::string(2000, 'p'));
    CHECK_FALSE(c.write(req));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"j({"message":"request header too large (limit 1024 bytes)"})j");
  }
  SECTION("not HTTP at all") {
    CHECK_FALSE(c.write_raw("HELLO THERE\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"({"message":"malformed HTTP request"})");
  }
  SECTION("a header line without a colon") {
    CHECK_FALSE(c.write_raw("GET / HTTP/1.1\r\nHost localhost\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"({"message":"malformed HTTP request"})");
  }
  CHECK(c.closed_by_server());
  CHECK(handled == 0);
}

TEST_CASE("Host is required once on HTTP/1.1 (RFC 9112 3.2)", "[http]") {
  std::atomic<int> handled{0};
  running s([&](request r, responder a) { ++handled; echo(std::move(r), std::move(a)); });
  client c(s.port);
  boost::beast::error_code ec;
  SECTION("missing") {
    CHECK_FALSE(c.write_raw("GET /x HTTP/1.1\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"({"message":"HTTP/1.1 request without a Host header"})");
    CHECK(handled == 0);
  }
  SECTION("twice") {
    CHECK_FALSE(c.write_raw("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"({"message":"more than one Host header"})");
    CHECK(handled == 0);
  }
  SECTION("HTTP/1.0 may leave it out") {
    CHECK_FALSE(c.write_raw("GET /x HTTP/1.0\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 200);
    CHECK(handled == 1);
  }
}

TEST_CASE("chunked trailers count against max_header_bytes", "[http]") {
  auto settings = local_settings();
  settings.max_header_bytes = 1024;
  std::atomic<int> handled{0};
  running s([&](request r, responder a) { ++handled; echo(std::move(r), std::move(a)); }, settings);
  client c(s.port);
  boost::beast::error_code ec;
  const std::string head = "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n";
  SECTION("small trailers pass, merged into the headers") {
    CHECK_FALSE(c.write_raw(head + "X-Sum: 1\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 200);
    CHECK(handled == 1);
  }
  SECTION("trailers that push the total past the limit") {
    CHECK_FALSE(c.write_raw(head + "X-Pad: " + std::string(600, 'p') + "\r\nX-More: " + std::string(600, 'q') +
                            "\r\n\r\n"));
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"j({"message":"request headers and trailers too large (limit 1024 bytes together)"})j");
    CHECK(handled == 0);
  }
  SECTION("trailers larger than the buffer") {
    std::string trailers;
    for (int i = 0; i < 100; ++i)
      trailers += "X-T" + std::to_string(i) + ": " + std::string(100, 't') + "\r\n";
    c.write_raw(head + trailers + "\r\n");  // the server may answer and close before it is all sent
    auto res = c.read(ec);
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 400);
    CHECK(res.body() == R"j({"message":"request header or trailer section too large (limit 1024 bytes)"})j");
    CHECK(handled == 0);
  }
}

TEST_CASE("past max_connections a new connection is answered 503 at once and closed", "[http]") {
  auto settings = local_settings();
  settings.max_connections = 2;
  running s(echo, settings);
  client a(s.port);
  client b(s.port);
  CHECK(a.request(get("/a")).result_int() == 200);  // both admitted, kept alive
  CHECK(b.request(get("/b")).result_int() == 200);
  client over(s.port);
  boost::beast::error_code ec;
  auto res = over.read(ec);  // without sending anything
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 503);
  CHECK(res["Retry-After"] == "1");
  CHECK(res.body().find("too many open connections (limit 2)") != std::string::npos);
  CHECK_FALSE(res.keep_alive());
  CHECK(over.closed_by_server());
}

TEST_CASE("close to max_connections an idle keep-alive connection waits 5 s, not idle_timeout", "[http]") {
  auto settings = local_settings();
  settings.max_connections = 4;
  settings.idle_timeout = std::chrono::minutes(5);  // far past the client's 20 s deadline
  running s(echo, settings);
  client a(s.port);
  client b(s.port);
  client c(s.port);  // the third of four: 3/4 of the limit
  CHECK(a.request(get("/a")).result_int() == 200);
  CHECK(b.request(get("/b")).result_int() == 200);
  CHECK(c.request(get("/c")).result_int() == 200);
  CHECK(c.closed_by_server());  // closed after the crowded idle timeout, inside 20 s
}
