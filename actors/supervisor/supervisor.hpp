#pragma once
// The request supervisor: one per HTTP request. It owns the request from routing to
// answer: asks auth, then the store, renderer and mailer as the route needs, each hop with
// its own timeout under one overall deadline, and answers exactly once through finish().
#include <chrono>

#include <caf/actor_clock.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/front/front_actor.hpp"
#include "actors/services.hpp"
#include "http/router.hpp"

namespace reportd {

struct supervisor_state {
  static inline const char* name = "request-supervisor";
  http::request req;
  http::responder out;
  http::route_match match;
  services svc;
  front_actor front;  // told when the request is done (may be invalid in tests)
  model::principal who;
  std::chrono::steady_clock::time_point started;
  /// When the client must have its answer; every hop's timeout is cut to what is left.
  caf::actor_clock::time_point deadline;
  bool done = false;
};

using supervisor_actor = caf::stateful_actor<supervisor_state>;

/// Spawned by the front actor with a routed request.
caf::behavior supervisor(supervisor_actor* self, http::request req, http::responder out,
                         http::route_match match, services svc, front_actor front);

/// The answer to `p`: the status and JSON body the error table gives, with Retry-After when
/// it is an overload (the front's refusals and the supervisor's failures alike).
http::response problem_response(const model::problem& p, const std::string& request_id,
                                std::int64_t retry_after_s = 1);

// --- used by the route handlers (routes.cpp) ---

/// Answers (once; later calls are ignored), logs the request line, and quits.
void finish(supervisor_actor* self, http::response r);
/// Answers with the status and body the error table gives for `p`.
void fail(supervisor_actor* self, const model::problem& p);
/// Answers the error of a hop: `step` names it in the message ("report store", ...).
void fail_hop(supervisor_actor* self, const caf::error& e, const char* step, caf::timespan timeout);
/// A hop's configured timeout, cut to what is left of the request's overall deadline. The
/// deadline is enforced this way (not by a timer message) so that a finished supervisor is
/// freed at once: a pending delayed message would keep it alive until it fired.
caf::timespan budget(supervisor_actor* self, caf::timespan hop);

/// The error continuation of a hop: answers the error, naming `step` ("report store").
inline auto on_hop_error(supervisor_actor* self, const char* step, caf::timespan timeout) {
  return [=](caf::error& e) { fail_hop(self, e, step, timeout); };
}
/// The error continuation of every store hop.
inline auto store_failed(supervisor_actor* self) {
  return on_hop_error(self, "report store", budget(self, self->state.svc.timeouts.store));
}
/// 200 with a JSON body.
void reply_json(supervisor_actor* self, std::string body, unsigned status = 200);
/// Checks an RBAC action; answers 403 and returns false when not allowed.
bool require(supervisor_actor* self, const char* action, const std::string& scope = {});
/// Checks that a request with a body declares JSON; answers 400 and returns false if not.
bool require_json_body(supervisor_actor* self);

/// Runs the route once the caller is authenticated (routes.cpp).
void dispatch(supervisor_actor* self);

}  // namespace reportd
