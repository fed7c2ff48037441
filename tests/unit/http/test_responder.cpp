#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "catch_prelude.hpp"
#include "http/responder.hpp"
#include "http/url.hpp"

using reportd::http::responder;
using reportd::http::response;

namespace {

response ok(std::string body) {
  response r;
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("the first send wins, across copies and threads", "[responder]") {
  std::vector<response> delivered;
  std::mutex mutex;
  {
    responder a([&](response r) {
      std::lock_guard<std::mutex> lock(mutex);
      delivered.push_back(std::move(r));
    }, "abc");
    std::vector<std::thread> senders;
    std::atomic<int> wins{0};
    for (int i = 0; i < 8; ++i)
      senders.emplace_back([&wins, copy = a, i] { wins += copy.send(ok(std::to_string(i))) ? 1 : 0; });
    for (auto& t : senders)
      t.join();
    CHECK(wins == 1);
    CHECK(a.answered());
    CHECK_FALSE(a.send(ok("late")));
  }
  REQUIRE(delivered.size() == 1);  // no 500 after a real answer
  CHECK(delivered[0].status == 200);
}

TEST_CASE("the last copy dropped unanswered answers 500 with the request id", "[responder]") {
  std::vector<response> delivered;
  {
    responder a([&](response r) { delivered.push_back(std::move(r)); }, "0123456789abcdef");
    responder b = a;
    CHECK(b.request_id() == "0123456789abcdef");
    CHECK_FALSE(b.answered());
  }
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].status == 500);
  CHECK(delivered[0].content_type == "application/json");
  CHECK(delivered[0].body ==
        R"({"message":"internal error: request was dropped unanswered","traceID":"0123456789abcdef"})");
}

TEST_CASE("an empty responder answers nothing", "[responder]") {
  responder none;
  CHECK_FALSE(none);
  CHECK_FALSE(none.send(ok("x")));
  CHECK(none.request_id().empty());
}

TEST_CASE("request targets are split and percent-decoded", "[url]") {
  auto t = reportd::http::decode_target("/api/reports/dashboards/a%2Fb%20c?from=now-7d&to=now&var-x=1%2C2&q=a+b&from=x");
  REQUIRE(t.ok());
  CHECK(t->path == "/api/reports/dashboards/a/b c");
  CHECK(t->query.at("from") == "now-7d");  // first value wins
  CHECK(t->query.at("to") == "now");
  CHECK(t->query.at("var-x") == "1,2");
  CHECK(t->query.at("q") == "a b");
  CHECK(reportd::http::decode_target("/plain")->query.empty());
  CHECK_FALSE(reportd::http::decode_target("/bad%zz").ok());
  CHECK_FALSE(reportd::http::decode_target("no-slash").ok());
}
