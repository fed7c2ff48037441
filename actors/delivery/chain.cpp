#include "actors/delivery/chain.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "actors/delivery/delivery.hpp"
#include "model/clock.hpp"

namespace reportd::delivery {

caf::timespan cut(caf::timespan hop, caf::actor_clock::time_point deadline,
                  caf::actor_clock::time_point now) {
  if (deadline == caf::actor_clock::time_point::max())
    return hop;
  auto left = std::chrono::duration_cast<caf::timespan>(deadline - now);
  return std::max(std::min(hop, left), caf::timespan{std::chrono::milliseconds(1)});
}

void render(caf::event_based_actor* self, const services& svc, render::render_request req,
            caf::actor_clock::time_point deadline, rendered_fn next, failed_fn failed) {
  auto timeout = cut(svc.timeouts.render, deadline, self->clock().now());
  // Queries get the hop's time less a fifth (at most 5 s) kept for drawing, so an answer
  // never arrives after the renderer has given up.
  const auto hop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  req.deadline_ms = model::epoch_ms() + hop_ms - std::min<std::int64_t>(hop_ms / 5, 5000);
  self->request(svc.renderer, timeout, render_atom::value, std::move(req))
    .then([next](render::render_result& out) { next(out); },
          [failed, timeout](caf::error& e) { failed({std::move(e), "report rendering", timeout, 0}); });
}

void render_and_mail(caf::event_based_actor* self, const services& svc, send_bundle b,
                     std::vector<std::string> to, bool test, std::int64_t now_ms,
                     caf::actor_clock::time_point deadline, sent_fn sent, failed_fn failed) {
  auto req = make_render_request(b, now_ms);
  auto mailer = svc.mailer;
  auto mail_hop = svc.timeouts.mail;
  auto identity = svc.mail;
  render(self, svc, std::move(req), deadline,
         [=, b = std::move(b), to = std::move(to)](render::render_result& out) mutable {
           std::int64_t bytes = 0;
           for (const auto* files : {&out.pdfs, &out.csvs, &out.pngs})
             for (const auto& f : *files)
               bytes += static_cast<std::int64_t>(f.data.size());
           auto msg = make_message(b, std::move(out), std::move(to), identity, test);
           auto timeout = cut(mail_hop, deadline, self->clock().now());
           self->request(mailer, timeout, send_atom::value, std::move(msg))
             .then([sent, bytes](ok_atom) { sent(bytes); },
                   [failed, timeout, bytes](caf::error& e) {
                     failed({std::move(e), "mail delivery", timeout, bytes});
                   });
         },
         failed);
}

}  // namespace reportd::delivery
