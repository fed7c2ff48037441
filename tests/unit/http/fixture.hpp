#pragma once
// Shared by the server tests: a running server on an ephemeral port, a handler that
// keeps requests for the test to answer later, and a plain-text response.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include "catch_prelude.hpp"
#include "http/server.hpp"
#include "test_client.hpp"

namespace reportd::test {

// Collects what the handler received, so a test can answer later from its own thread.
struct inbox {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<http::request, http::responder>> items;

  http::handler handler() {
    return [this](http::request r, http::responder a) {
      std::lock_guard<std::mutex> lock(mutex);
      items.emplace_back(std::move(r), std::move(a));
      arrived.notify_all();
    };
  }
  std::pair<http::request, http::responder> take() {
    std::unique_lock<std::mutex> lock(mutex);
    REQUIRE(arrived.wait_for(lock, std::chrono::seconds(20), [this] { return !items.empty(); }));
    auto item = std::move(items.front());
    items.erase(items.begin());
    return item;
  }
};

inline http::response text(std::string body, unsigned status = 200) {
  http::response r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

// A server listening on 127.0.0.1 with an ephemeral port, already started.
struct running {
  http::server srv;
  std::uint16_t port = 0;
  explicit running(http::handler h, config::server_settings s = local_settings()) : srv(s, std::move(h)) {
    auto p = srv.listen();
    REQUIRE(p.ok());
    port = *p;
    srv.start();
  }
};

inline std::string x_request_id(const beast_response& res) { return std::string(res["X-Request-Id"]); }

}  // namespace reportd::test
