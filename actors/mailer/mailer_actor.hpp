#pragma once
// The mailer pool's typed interface (the pool and each worker share it).
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"
#include "actors/mailer/mail_wire.hpp"
#include "mail/engine.hpp"

namespace reportd {

using mailer_actor = caf::typed_actor<
  // Builds the MIME message and hands it to the transport (SMTP or spool). Answers once
  // the server accepted it; a mail_failed error names the cause.
  caf::replies_to<send_atom, mail::message>::with<ok_atom>>;

/// The pool's handle: the same, plus join for remote workers (actors/pool.hpp, pool_actor).
using mailer_pool_actor = mailer_actor::extend<caf::reacts_to<join_atom, caf::actor, std::string>>;

}  // namespace reportd
