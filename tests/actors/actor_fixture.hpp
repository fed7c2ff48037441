#pragma once
// Shared fixture for actor tests: an actor system on CAF's deterministic test scheduler,
// stub peers for the services a supervisor talks to, and a responder that records what
// the client would receive.
#include <memory>
#include <optional>

#include <caf/all.hpp>

#include "actors/services.hpp"
#include "actors/type_ids.hpp"
#include "auth/token.hpp"
#include "http/message.hpp"
#include "http/responder.hpp"

namespace reportd::testing {

inline caf::actor_system_config& test_config(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  cfg.add_error_category(error_category, render_error);
  return cfg;
}

/// What the client got (the responder's sink writes it here).
struct client_view {
  std::optional<http::response> answer;
  int answers = 0;
};

inline http::responder recording_responder(std::shared_ptr<client_view> view, std::string id = "req-1") {
  return http::responder([view](http::response r) {
    view->answers += 1;
    view->answer = std::move(r);
  }, std::move(id));
}

/// A well-formed service-account token: a supervisor refuses a malformed one itself, before
/// the (stub) auth actor is asked.
inline const std::string& test_token() {
  static const std::string token = auth::generate_service_account_token();
  return token;
}

inline http::request make_request(std::string method, std::string path, std::string body = {},
                                  std::string auth = "Bearer " + test_token()) {
  http::request r;
  r.id = "req-1";
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  r.body = std::move(body);
  r.authorization = std::move(auth);
  if (!r.body.empty())
    r.content_type = "application/json";
  return r;
}

inline model::principal admin_of(std::int64_t org, model::role role = model::role::admin) {
  model::principal p;
  p.org_id = org;
  p.service_account_id = 7;
  p.login = "sa";
  p.role = role;
  return p;
}

/// An auth stub that accepts every request as `who`.
inline caf::behavior accepting_auth(model::principal who) {
  return {[=](authenticate_atom, const credentials&) -> caf::result<model::principal> { return who; }};
}

struct fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;

  fixture()
    : sys(test_config(cfg)),
      sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {}

  /// Actors the test spawned; killed at the end (the actor system waits for every actor).
  std::vector<caf::actor> spawned;

  template <class... Ts>
  caf::actor stub(Ts&&... xs) {
    auto a = sys.spawn(std::forward<Ts>(xs)...);
    spawned.push_back(a);
    return a;
  }

  ~fixture() {
    for (auto& a : spawned)
      caf::anon_send_exit(a, caf::exit_reason::kill);
    // Supervisors still waiting on a killed stub finish when their timeouts fire; the
    // actor system's destructor waits for every actor, so fire them all now.
    do
      sched.run();
    while (sched.trigger_timeouts() > 0);
  }

  /// Timeouts used by every test: distinct values so a message names the right one.
  static hop_timeouts timeouts() {
    using namespace std::chrono_literals;
    return {2s, 5s, 60s, 60s, 120s};
  }
};

}  // namespace reportd::testing
