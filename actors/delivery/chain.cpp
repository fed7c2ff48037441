#include "actors/delivery/chain.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "actors/delivery/delivery.hpp"
#include "actors/log.hpp"
#include "model/clock.hpp"

namespace reportd::delivery {
namespace {

const std::shared_ptr<spdlog::logger>& delivery_log() {
  static const auto l = named_logger("delivery");
  return l;
}

/// The renderer writes one line per failed panel ("panel 'CPU' (id 3): ...", prefixed with
/// the dashboard's title when a report has several) beside lines for failed query variables
/// ("variable 'job': ..."); only the former are failed panels.
int count_failed_panels(const std::vector<std::string>& errors) {
  int n = 0;
  for (const auto& e : errors)
    if (e.rfind("panel '", 0) == 0 || e.find(": panel '") != std::string::npos)
      ++n;
  return n;
}

rendered_report summarize(const send_bundle& b, render::render_result& out) {
  rendered_report r;
  for (const auto* files : {&out.pdfs, &out.csvs, &out.pngs})
    for (const auto& f : *files)
      r.attachment_bytes += static_cast<std::int64_t>(f.data.size());
  r.failed_panels = count_failed_panels(out.panel_errors);
  r.panel_errors = std::move(out.panel_errors);
  if (!r.panel_errors.empty()) {
    std::string why;
    for (const auto& e : r.panel_errors)
      why += (why.empty() ? "" : "; ") + e;
    delivery_log()->warn("report {} '{}': {} panel(s) failed, sent with their errors drawn: {}",
                         b.report.id, b.report.name, r.failed_panels, why);
  }
  return r;
}

}  // namespace

caf::timespan cut(caf::timespan hop, caf::actor_clock::time_point deadline,
                  caf::actor_clock::time_point now) {
  if (deadline == caf::actor_clock::time_point::max())
    return hop;
  auto left = std::chrono::duration_cast<caf::timespan>(deadline - now);
  return std::max(std::min(hop, left), caf::timespan{std::chrono::milliseconds(1)});
}

void render(caf::event_based_actor* self, const services& svc, render::render_request req,
            caf::actor_clock::time_point deadline, rendered_fn next, failed_fn failed) {
  req.limits = svc.render_limits;
  auto timeout = cut(svc.timeouts.render, deadline, self->clock().now());
  // Queries get the hop's time less a fifth (at most 5 s) kept for drawing, so an answer
  // never arrives after the renderer has given up.
  const auto hop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  const auto now_ms = model::epoch_ms();
  req.deadline_ms = now_ms + hop_ms - std::min<std::int64_t>(hop_ms / 5, 5000);
  // When this hop stops waiting: the pool asks its worker with the time left, a worker that
  // reaches the job later drops it, and the render stops at its next check.
  req.answer_by_ms = now_ms + hop_ms;
  self->request(svc.renderer, timeout, render_atom::value, std::move(req))
    .then([next](render::render_result& out) { next(out); },
          [failed, timeout](caf::error& e) { failed({std::move(e), "report rendering", timeout, {}}); });
}

void render_and_mail(caf::event_based_actor* self, const services& svc, send_bundle b,
                     std::vector<std::string> to, bool test, std::int64_t now_ms,
                     caf::actor_clock::time_point deadline, sent_fn sent, failed_fn failed,
                     std::shared_ptr<const std::atomic<bool>> client_gone) {
  auto req = make_render_request(b, now_ms);
  req.client_gone = std::move(client_gone);
  auto mailer = svc.mailer;
  auto mail_hop = svc.timeouts.mail;
  auto identity = svc.mail;
  render(self, svc, std::move(req), deadline,
         [=, b = std::move(b), to = std::move(to)](render::render_result& out) mutable {
           auto what = summarize(b, out);
           auto msg = make_message(b, std::move(out), std::move(to), identity, test);
           auto timeout = cut(mail_hop, deadline, self->clock().now());
           // When this hop stops waiting: the mailer sends within the time left and drops a
           // message still queued then, so no mail goes out for a request answered 500.
           msg.answer_by_ms =
             model::epoch_ms() + std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
           self->request(mailer, timeout, send_atom::value, std::move(msg))
             .then([sent, what](ok_atom) { sent(what); },
                   [failed, timeout, what](caf::error& e) {
                     failed({std::move(e), "mail delivery", timeout, what});
                   });
         },
         failed);
}

}  // namespace reportd::delivery
