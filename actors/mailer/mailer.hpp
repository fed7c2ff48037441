#pragma once
// The mailer: a pool of detached workers, each owning one transport (an SMTP connection
// reused between messages, or the spool folder), so blocking I/O stays off the scheduler.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "mail/engine.hpp"
#include "actors/mailer/mailer_actor.hpp"

namespace reportd {

struct mailer_state {
  static inline const char* name = "mailer-worker";
  std::unique_ptr<mail::transport> transport;
  caf::timespan deadline{};
};

using transport_factory = std::function<std::unique_ptr<mail::transport>()>;

/// How long a worker may spend on a message: `mail_timeout`, cut to the time left until
/// `answer_by_ms` (less a margin for the answer's way back); 0 when that time is up.
std::chrono::milliseconds mail_time(std::chrono::milliseconds mail_timeout,
                                    std::int64_t answer_by_ms, std::int64_t now_ms);

/// One worker: builds MIME and sends through its transport within `deadline` (the mail
/// timeout) cut to the message's answer_by_ms; a message whose time is up is not sent.
mailer_actor::behavior_type mailer_worker(mailer_actor::stateful_pointer<mailer_state> self,
                                          transport_factory make, caf::timespan deadline);

/// `n` (at least 1) detached workers, each with its own transport from `make`.
std::vector<mailer_actor> spawn_mailer_workers(caf::actor_system& sys, int n, transport_factory make,
                                               caf::timespan deadline);

/// Spawns `workers` detached workers behind a pool with the same interface (plus join, for
/// remote workers).
mailer_pool_actor spawn_mailer_pool(caf::actor_system& sys, int workers, transport_factory make,
                                    caf::timespan deadline);

}  // namespace reportd
