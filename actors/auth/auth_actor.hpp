#pragma once
// The auth actor's typed interface.
#include <caf/typed_actor.hpp>
#include <caf/replies_to.hpp>

#include "actors/type_ids.hpp"

namespace reportd {

using auth_actor = caf::typed_actor<
  // Verifies the credentials of one request. Answers the caller's principal, or an
  // unauthenticated error (missing, malformed, unknown, revoked or other-org credentials).
  caf::replies_to<authenticate_atom, credentials>::with<model::principal>>;

}  // namespace reportd
