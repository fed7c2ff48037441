#pragma once
// The auth actor: turns the credentials of a request into a principal. Owns its own
// (read) database connection and a short-lived cache of verified credentials; spawned
// detached because look-ups and password hashing block.
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include <caf/fwd.hpp>

#include "actors/auth/auth_actor.hpp"
#include "actors/store/database.hpp"

namespace reportd {

struct auth_state {
  static inline const char* name = "auth";
  struct cached {
    model::principal who;
    std::chrono::steady_clock::time_point expires;
  };
  std::shared_ptr<store::database> db;
  std::chrono::milliseconds ttl{0};
  /// SHA-256 of (authorization, org header) -> principal. Only hashes are kept in memory.
  std::unordered_map<std::string, cached> cache;
};

/// The behaviour (named authenticator: `auth` is the namespace of the credential formats).
auth_actor::behavior_type authenticator(auth_actor::stateful_pointer<auth_state> self,
                                        std::shared_ptr<store::database> db, std::chrono::milliseconds ttl);

auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> db,
                      std::chrono::milliseconds ttl);

/// The verification itself, without cache (exposed for tests): a principal, or an
/// unauthenticated problem saying what was wrong.
model::checked<model::principal> verify(store::database& db, const credentials& c);

}  // namespace reportd
