#pragma once
// The mailer pool's typed interface (the pool and each worker share it).
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"
#include "mail/engine.hpp"

namespace reportd {

using mailer_actor = caf::typed_actor<
  // Builds the MIME message and hands it to the transport (SMTP or spool). Answers once
  // the server accepted it; a mail_failed error names the cause.
  caf::replies_to<send_atom, mail::message>::with<ok_atom>>;

}  // namespace reportd
