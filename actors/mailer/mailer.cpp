#include "actors/mailer/mailer.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/pool.hpp"

namespace reportd {

mailer_actor::behavior_type mailer_worker(mailer_actor::stateful_pointer<mailer_state> self,
                                          transport_factory make, caf::timespan deadline) {
  self->state.transport = make();
  self->state.deadline = deadline;
  return {
    [=](send_atom, mail::message& m) -> caf::result<ok_atom> {
      try {
        auto mime = mail::build_mime(m);
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(self->state.deadline);
        auto sent = self->state.transport->send(m.from_address, m.to, mime, ms);
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

mailer_actor spawn_mailer_pool(caf::actor_system& sys, int workers, transport_factory make,
                               caf::timespan deadline) {
  std::vector<mailer_actor> ws;
  for (int i = 0; i < std::max(1, workers); ++i)
    ws.push_back(sys.spawn<caf::detached>(mailer_worker, make, deadline));
  return sys.spawn(pool<mailer_actor, send_atom, mail::message, ok_atom>, std::move(ws));
}

}  // namespace reportd
