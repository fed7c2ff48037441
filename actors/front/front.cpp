#include "actors/front/front.hpp"

#include <chrono>
#include <optional>

#include <caf/all.hpp>

#include "actors/supervisor/supervisor.hpp"
#include "model/http_errors.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"

namespace reportd {
namespace {

void answer(const http::responder& out, const http::request& req, const model::problem& p,
            std::int64_t retry_after_s = 1) {
  out.send(problem_response(p, req.id, retry_after_s));
}

/// Uncounts one supervisor (once: by its done message, or else by its down message) and
/// says how it was admitted (nothing when it was already uncounted).
std::optional<admitted> release(front_state& st, const caf::actor_addr& sup) {
  auto i = st.in_flight.find(sup);
  if (i == st.in_flight.end())
    return std::nullopt;
  auto a = i->second;
  (a.heavy ? st.heavy : st.light) -= 1;
  st.in_flight.erase(i);
  return a;
}

/// Answers that say how long a job takes: served, or failed inside the render or mail hop
/// (a timeout says the job took at least the budget). Client errors answered before any
/// render (400, 404) and 503s from further in say nothing about it.
bool measures_job_time(int status) { return (status >= 200 && status < 300) || status == 500 || status == 504; }

}  // namespace

front_actor::behavior_type front(front_actor::stateful_pointer<front_state> self, services svc,
                                 admission_limits limits) {
  self->state.svc = std::move(svc);
  self->state.limits = limits;
  self->state.admission = heavy_admission({limits.render_workers, limits.render_budget_s, limits.max_heavy});
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
      if (match.heavy && st.svc.render_workers)
        st.admission.set_workers(st.svc.render_workers->load(std::memory_order_relaxed));
      if (match.heavy && !st.admission.admit(count))
        return answer(out, req,
                      {model::errc::overloaded,
                       "server is overloaded: " + std::to_string(count) +
                         " reports are being rendered or sent, as many as the render workers finish "
                         "inside the render timeout; try again shortly"},
                      st.admission.refuse(count, std::chrono::duration<double>(
                                                   std::chrono::steady_clock::now().time_since_epoch()).count()));
      if (!match.heavy && count >= st.limits.max_light)
        return answer(out, req, {model::errc::overloaded,
                                 "server is overloaded: " + std::to_string(count) +
                                   " requests of this kind in flight, try again shortly"});
      bool heavy = match.heavy;
      auto sup = self->spawn<caf::monitored>(supervisor, std::move(req), std::move(out),
                                             std::move(match), st.svc, self);
      count += 1;
      st.in_flight.emplace(sup.address(), admitted{heavy, heavy ? count : 0});
    },
    [=](done_atom, int route, int status, std::int64_t micros) {
      auto a = release(self->state, caf::actor_cast<caf::actor_addr>(self->current_sender()));
      if (a && a->heavy && measures_job_time(status))
        self->state.admission.observe(micros / 1e6, a->heavy_in_flight);
      self->state.metrics.record(http::route_name(static_cast<http::route>(route)),
                                 static_cast<unsigned>(status), micros / 1e6);
    },
    [=](metrics_atom) { return self->state.metrics.text(self->state.light, self->state.heavy); },
  };
}

}  // namespace reportd
