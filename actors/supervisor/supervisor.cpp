#include "actors/supervisor/supervisor.hpp"

#include <caf/all.hpp>

#include "actors/delivery/chain.hpp"
#include "actors/log.hpp"
#include "auth/credentials.hpp"
#include "auth/principal_cache.hpp"
#include "http/log_text.hpp"
#include "model/http_errors.hpp"

namespace reportd {
namespace {

const std::shared_ptr<spdlog::logger>& request_log() {
  static const auto l = named_logger("http");
  return l;
}

/// Answers what needs no hop: credentials that are malformed or missing (401), and those
/// the auth cache verified lately. True when the principal is known or the request failed.
bool authenticate_here(supervisor_actor* self) {
  auto& st = self->state;
  auto presented = auth::read_credentials(st.req.authorization, st.req.org_id_header);
  if (!presented) {
    fail(self, presented.error());
    return true;
  }
  if (!st.svc.auth_cache || !st.svc.auth_cache->enabled())
    return false;
  auto who = st.svc.auth_cache->find(st.svc.auth_cache->key(st.req.authorization, st.req.org_id_header),
                                     self->clock().now());
  if (!who)
    return false;
  st.who = std::move(*who);
  dispatch(self);
  return true;
}

void authenticate(supervisor_actor* self) {
  if (authenticate_here(self))
    return;
  auto& st = self->state;
  credentials creds{st.req.authorization, st.req.org_id_header, st.req.remote};
  auto timeout = budget(self, st.svc.timeouts.auth);
  self->request(st.svc.auth, timeout, authenticate_atom::value, std::move(creds))
    .then(
      [=](model::principal who) {
        self->state.who = std::move(who);
        dispatch(self);
      },
      [=](caf::error& e) {
        // Too many failed logins (429) or password checks all busy (503): said at once, with
        // when to come back. An auth hop that timed out is the same overload: 503, not 500.
        auto refusal = auth_refusal_of(e);
        if (!refusal && e == caf::sec::request_timeout)
          refusal = auth_refusal{503, 1, to_problem(e, "authentication", timeout).message};
        if (!refusal)
          return fail_hop(self, e, "authentication", timeout);
        auto r = problem_response({model::errc::overloaded, refusal->message}, self->state.req.id,
                                  refusal->retry_after_s);
        r.status = refusal->status;
        finish(self, std::move(r));
      });
}

}  // namespace

http::response problem_response(const model::problem& p, const std::string& request_id,
                                std::int64_t retry_after_s) {
  auto er = model::to_http(p, request_id);
  http::response r;
  r.status = er.status;
  r.body = std::move(er.body);
  if (p.code == model::errc::overloaded)
    r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

caf::behavior supervisor(supervisor_actor* self, http::request req, http::responder out,
                         http::route_match match, services svc, front_actor front) {
  auto& st = self->state;
  st.req = std::move(req);
  st.out = std::move(out);
  st.match = std::move(match);
  st.svc = std::move(svc);
  st.front = std::move(front);
  st.started = std::chrono::steady_clock::now();
  st.deadline = self->clock().now() + st.svc.timeouts.deadline;
  if (st.match.needs_auth)
    authenticate(self);
  else
    dispatch(self);
  // Every step is a request with its own continuation; nothing arrives unasked.
  return {};
}

caf::timespan budget(supervisor_actor* self, caf::timespan hop) {
  return delivery::cut(hop, self->state.deadline, self->clock().now());
}

void finish(supervisor_actor* self, http::response r) {
  auto& st = self->state;
  if (st.done)
    return;
  st.done = true;
  // Nobody reads an answer to a client that has gone: counted as nginx's 499 ("client
  // closed request"), so the metrics do not show the dropped render as a server error.
  auto status = st.req.client_gone && st.req.client_gone->load() ? 499u : r.status;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
              std::chrono::steady_clock::now() - st.started).count();
  if (st.front)
    self->send(st.front, done_atom::value, static_cast<int>(st.match.id), static_cast<int>(status),
               static_cast<std::int64_t>(us));
  st.out.send(std::move(r));
  if (st.svc.router_logging || status >= 500)
    request_log()->info("id={} {} {} route=\"{}\" status={} duration_ms={:.3f} org={}", st.req.id,
                        http::log_text(st.req.method), http::log_text(st.req.path), http::route_name(st.match.id),
                        status, us / 1000.0, st.who.org_id);
  self->quit();
}

void fail(supervisor_actor* self, const model::problem& p) {
  auto r = problem_response(p, self->state.req.id);
  if (r.status >= 500)
    request_log()->error("id={} {} {}: {}", self->state.req.id, http::log_text(self->state.req.method),
                         http::log_text(self->state.req.path), http::log_text(p.message));
  finish(self, std::move(r));
}

void fail_hop(supervisor_actor* self, const caf::error& e, const char* step, caf::timespan timeout) {
  fail(self, to_problem(e, step, timeout));
}

void reply_json(supervisor_actor* self, std::string body, unsigned status) {
  http::response r;
  r.status = status;
  r.body = std::move(body);
  finish(self, std::move(r));
}

bool require(supervisor_actor* self, const char* action, const std::string& scope) {
  if (model::allowed(self->state.who, action, scope))
    return true;
  fail(self, {model::errc::forbidden, "permission denied", action});
  return false;
}

bool require_json_body(supervisor_actor* self) {
  const auto& ct = self->state.req.content_type;
  if (ct.find("application/json") != std::string::npos || ct.find("+json") != std::string::npos)
    return true;
  fail(self, model::bad_request(ct.empty() ? "missing Content-Type: the body must be JSON (application/json)"
                                           : "Content-Type \"" + ct + "\" is not JSON: the body must be application/json"));
  return false;
}

}  // namespace reportd
