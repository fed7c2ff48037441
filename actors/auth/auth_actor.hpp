#pragma once
// The auth actor's typed interface.
#include <optional>
#include <string>

#include <caf/typed_actor.hpp>
#include <caf/replies_to.hpp>

#include "actors/type_ids.hpp"

namespace reportd {

using auth_actor = caf::typed_actor<
  // Verifies the credentials of one request. Answers the caller's principal; an
  // unauthenticated error (missing, malformed, unknown, revoked or other-org credentials);
  // or a refusal before any check (auth_refusal_of: too many failed logins, or too busy).
  caf::replies_to<authenticate_atom, credentials>::with<model::principal>>;

/// Why the auth actor answered without checking a password: 429 (too many recent failed
/// logins for this login or source) or 503 (every password worker busy and the queue full).
struct auth_refusal {
  unsigned status = 503;
  int retry_after_s = 1;  // whole seconds, at least 1
  std::string message;
};

/// The refusal as a caf::error (errc::overloaded, so a caller that does not know refusals
/// still answers 503), and back; nullopt for any other error.
caf::error to_error(const auth_refusal& r);
std::optional<auth_refusal> auth_refusal_of(const caf::error& e);

}  // namespace reportd
