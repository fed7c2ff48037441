#pragma once
// The auth actor: turns the credentials of a request into a principal.
//
// Two actors share the auth interface. The front one (event-based, on the scheduler
// threads) keeps a short-lived cache of verified credentials and answers cache hits at
// once; only a miss goes to the look-up worker, which owns a database connection and is
// detached because look-ups and password hashing block. Most requests of a client reuse one
// token, so most never leave the scheduler threads for authentication.
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>

#include "actors/auth/auth_actor.hpp"
#include "store/database.hpp"

namespace reportd {

struct auth_state {
  static inline const char* name = "auth";
  struct cached {
    model::principal who;
    caf::actor_clock::time_point expires;
  };
  auth_actor lookup;  // the detached worker with the database
  std::chrono::milliseconds ttl{0};
  /// SHA-256 of (authorization, org header) -> principal. Only hashes are kept in memory.
  std::unordered_map<std::string, cached> cache;
};

struct auth_lookup_state {
  static inline const char* name = "auth-lookup";
  std::shared_ptr<store::database> db;
};

/// The cache in front (named authenticator: `auth` is the namespace of the credential formats).
auth_actor::behavior_type authenticator(auth_actor::stateful_pointer<auth_state> self,
                                        auth_actor lookup, std::chrono::milliseconds ttl);

/// The worker: verifies against the database, uncached.
auth_actor::behavior_type auth_lookup(auth_actor::stateful_pointer<auth_lookup_state> self,
                                      std::shared_ptr<store::database> db);

/// Spawns the worker (detached, linked) and the cache in front of it; returns the front.
auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> db,
                      std::chrono::milliseconds ttl);

/// The verification itself, without cache (exposed for tests): a principal, or an
/// unauthenticated problem saying what was wrong.
model::checked<model::principal> verify(store::database& db, const credentials& c);

}  // namespace reportd
