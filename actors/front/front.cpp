#include "actors/front/front.hpp"

#include <caf/all.hpp>

#include "actors/supervisor/supervisor.hpp"
#include "model/http_errors.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"

namespace reportd {
namespace {

void answer(const http::responder& out, const http::request& req, const model::problem& p) {
  auto er = model::to_http(p, req.id);
  http::response r;
  r.status = er.status;
  r.body = std::move(er.body);
  if (p.code == model::errc::overloaded)
    r.headers.emplace_back("Retry-After", "1");
  out.send(std::move(r));
}

/// Uncounts one supervisor (once: by its done message, or else by its down message).
void release(front_state& st, const caf::actor_addr& sup) {
  auto i = st.in_flight.find(sup);
  if (i == st.in_flight.end())
    return;
  (i->second ? st.heavy : st.light) -= 1;
  st.in_flight.erase(i);
}

}  // namespace

front_actor::behavior_type front(front_actor::stateful_pointer<front_state> self, services svc,
                                 admission_limits limits) {
  self->state.svc = std::move(svc);
  self->state.limits = limits;
  // A supervisor that dies without saying done (killed) is uncounted when it goes down.
  self->set_down_handler([=](caf::down_msg& dm) { release(self->state, dm.source); });
  return {
    [=](http::request& req, http::responder& out) {
      auto& st = self->state;
      auto match = http::match_route(req.method, req.path);
      if (match.id == http::route::not_found)
        return answer(out, req, model::not_found("Not found"));
      if (match.id == http::route::method_not_allowed) {
        http::response r;
        r.status = 405;
        r.body = model::message_json("method " + req.method + " is not allowed on " + req.path);
        r.headers.emplace_back("Allow", match.allow);
        out.send(std::move(r));
        return;
      }
      auto& count = match.heavy ? st.heavy : st.light;
      auto limit = match.heavy ? st.limits.max_heavy : st.limits.max_light;
      if (count >= limit)
        return answer(out, req, {model::errc::overloaded,
                                 "server is overloaded: " + std::to_string(count) +
                                   " requests of this kind in flight, try again shortly"});
      bool heavy = match.heavy;
      auto sup = self->spawn<caf::monitored>(supervisor, std::move(req), std::move(out),
                                             std::move(match), st.svc, self);
      st.in_flight.emplace(sup.address(), heavy);
      count += 1;
    },
    [=](done_atom, int route, int status, std::int64_t micros) {
      release(self->state, caf::actor_cast<caf::actor_addr>(self->current_sender()));
      self->state.metrics.record(http::route_name(static_cast<http::route>(route)),
                                 static_cast<unsigned>(status), micros / 1e6);
    },
    [=](metrics_atom) { return self->state.metrics.text(self->state.light, self->state.heavy); },
  };
}

}  // namespace reportd
