#pragma once
// The one "render -> compose -> mail" chain. POST /api/reports/email, the test email
// (the request supervisor) and every scheduled run (the scheduler's run actor) call it;
// the caller loads the bundle before and says what happens after.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>

#include "actors/messages.hpp"
#include "actors/services.hpp"

namespace reportd::delivery {

/// A hop's configured timeout cut to what is left until `deadline` (at least 1 ms, so an
/// expired deadline still ends in that hop's timeout error instead of never).
caf::timespan cut(caf::timespan hop, caf::actor_clock::time_point deadline,
                  caf::actor_clock::time_point now);

/// What one render put in the mail: the bytes of rendered files, and the panels drawn with
/// an error instead of data (a report with failed panels is still sent).
struct rendered_report {
  std::int64_t attachment_bytes = 0;
  int failed_panels = 0;
  std::vector<std::string> panel_errors;  // one line each, as the renderer wrote them
};

/// The chain succeeded: the mail server accepted the message carrying `what`.
using sent_fn = std::function<void(const rendered_report& what)>;

/// A hop that failed: `step` names it ("report rendering", "mail delivery"), `timeout` is
/// the budget it had (for the "timed out after N s" message).
struct hop_failure {
  caf::error error;
  const char* step = "";
  caf::timespan timeout{};
  rendered_report rendered;  // what was rendered before the mail hop failed; empty before
};
using failed_fn = std::function<void(const hop_failure&)>;

/// The renderer answered.
using rendered_fn = std::function<void(render::render_result&)>;

/// One render hop under `deadline` (caf::actor_clock::time_point::max() for none).
void render(caf::event_based_actor* self, const services& svc, render::render_request req,
            caf::actor_clock::time_point deadline, rendered_fn next, failed_fn failed);

/// Renders the report of `b`, composes the email to `to` (a test email when `test`) and
/// mails it; each hop under its configured timeout cut to `deadline`. Calls exactly one
/// of `sent` and `failed`, once.
/// `client_gone` (http::request::client_gone; nullptr for a scheduled run): the render is
/// dropped if it is set before the render starts.
void render_and_mail(caf::event_based_actor* self, const services& svc, send_bundle b,
                     std::vector<std::string> to, bool test, std::int64_t now_ms,
                     caf::actor_clock::time_point deadline, sent_fn sent, failed_fn failed,
                     std::shared_ptr<const std::atomic<bool>> client_gone = nullptr);

}  // namespace reportd::delivery
