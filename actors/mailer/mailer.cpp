#include "actors/mailer/mailer.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/pool.hpp"
#include "model/clock.hpp"

namespace reportd {

namespace {

using std::chrono::milliseconds;

/// Kept from the time left so that the worker's answer reaches the requester before it
/// gives up: a 250 that arrives after the request was answered 500 is a mail nobody expects.
milliseconds reply_margin(milliseconds left) {
  return std::min(left / 10, milliseconds{250});
}

}  // namespace

milliseconds mail_time(milliseconds mail_timeout, std::int64_t answer_by_ms, std::int64_t now_ms) {
  if (answer_by_ms == 0)
    return mail_timeout;
  const milliseconds left{answer_by_ms - now_ms};
  if (left.count() <= 0)
    return milliseconds{0};
  return std::min(mail_timeout, left - reply_margin(left));
}

mailer_actor::behavior_type mailer_worker(mailer_actor::stateful_pointer<mailer_state> self,
                                          transport_factory make, caf::timespan deadline) {
  self->state.transport = make();
  self->state.deadline = deadline;
  return {
    [=](send_atom, mail::message& m) -> caf::result<ok_atom> {
      const auto now = model::epoch_ms();
      // It waited in the queue until nobody wanted it: sending it now would deliver a mail
      // for a request already answered with an error.
      if (auto dropped = drop_if_expired(m, "mail delivery", now)) {
        spdlog::warn("mailer: '{}' not sent, its request gave up {} ms ago", m.subject,
                     now - m.answer_by_ms);
        return std::move(*dropped);
      }
      // Positive here: mail_time is 0 only once answer_by_ms has passed.
      const auto time = mail_time(std::chrono::duration_cast<milliseconds>(self->state.deadline),
                                  m.answer_by_ms, now);
      try {
        auto mime = mail::build_mime(m);
        auto sent = self->state.transport->send(m.from_address, m.to, mime, time);
        if (!sent)
          return to_error(sent.error());
        return ok_atom::value;
      } catch (const std::exception& e) {
        spdlog::error("mailer: {}", e.what());
        return to_error({model::errc::mail_failed, std::string("mail delivery failed: ") + e.what()});
      }
    },
  };
}

std::vector<mailer_actor> spawn_mailer_workers(caf::actor_system& sys, int n, transport_factory make,
                                               caf::timespan deadline) {
  std::vector<mailer_actor> ws;
  for (int i = 0; i < std::max(1, n); ++i)
    ws.push_back(sys.spawn<caf::detached>(mailer_worker, make, deadline));
  return ws;
}

mailer_pool_actor spawn_mailer_pool(caf::actor_system& sys, int workers, transport_factory make,
                                    caf::timespan deadline) {
  // A message whose remote worker went away may already be at the SMTP server: sending it
  // again could deliver it twice, so it is answered as uncertain instead.
  pool_options opts;
  opts.what = "mail delivery";
  opts.retry_lost = false;
  opts.lost_code = model::errc::mail_uncertain;
  opts.max_tries = 1;
  opts.joined_cap = 1;
  return sys.spawn(pool<mailer_actor, send_atom, mail::message, ok_atom>,
                   spawn_mailer_workers(sys, workers, std::move(make), deadline), std::move(opts));
}

}  // namespace reportd
