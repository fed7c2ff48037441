#pragma once
// What both kinds of reportd process build their actor system from (reportd serve, and
// reportd worker: app/worker.cpp): the CAF configuration, and the mail transport their mail
// workers send through. Included by those two only (it pulls in CAF's config header).
#include <caf/actor_system_config.hpp>

#include "actors/mailer/mailer.hpp"
#include "config/settings.hpp"

namespace reportd {

class system_config : public caf::actor_system_config {
public:
  /// `network`: loads CAF's middleman and the message types that cross it (a coordinator
  /// with [cluster] listen, or a worker process).
  system_config(const config::settings& cfg, bool network);
};

/// SMTP when [smtp] names a host, else the spool folder <[paths] data>/outbox.
transport_factory make_transport_factory(const config::settings& cfg);

}  // namespace reportd
