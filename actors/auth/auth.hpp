#pragma once
// The auth actor: turns the credentials of a request into a principal.
//
// The front one (event-based, on the scheduler threads) keeps a short-lived cache of
// verified credentials (auth/principal_cache.hpp, shared with the request supervisors,
// which answer hits and malformed credentials themselves without asking) and answers cache
// hits at once. A miss goes to one of two places:
//  - tokens (Bearer) and anything that is not a well-formed Basic credential: the token
//    worker, detached with its own database connection. A token look-up is one indexed
//    query, so it never waits behind a password check.
//  - Basic credentials: first the login limiter (auth/login_limiter.hpp: too many recent
//    failures is a 429 with Retry-After, without running PBKDF2), then a bounded pool of
//    password workers (detached, a database connection each). When every worker is busy a
//    check waits in a queue of `password_queue` places, cleanest first (below), so a flood
//    does not push a legitimate login out; a
//    full queue, or a wait longer than `max_wait`, is a 503 with Retry-After at once.
//    "Cleanest" is the fewest recent failures and checks in flight of the request's source
//    plus those of its login: a flood's targets and addresses pile up both, a user logging in
//    to an account nobody attacks from an address that did not fail has none. (An attacker
//    with fresh addresses and fresh logins looks like anyone else: then the queue is FIFO.)
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>
#include <caf/typed_response_promise.hpp>

#include "actors/auth/auth_actor.hpp"
#include "auth/login_limiter.hpp"
#include "auth/principal_cache.hpp"
#include "store/database.hpp"

namespace reportd {

struct auth_options {
  std::chrono::milliseconds cache_ttl{0};  // [security] auth_cache_ttl; 0: no cache
  // The cache of verified credentials, shared with the request supervisors (which answer
  // hits without a hop); none: the actor makes its own from cache_ttl.
  std::shared_ptr<auth::principal_cache> cache;
  std::size_t password_queue = 32;         // [security] password_queue
  // A queued password check that waited this long is answered 503 instead (the caller's
  // own auth timeout would otherwise answer for it, later and as a 500).
  std::chrono::milliseconds max_wait{1000};
  auth::login_limits limits;
};

struct auth_state {
  static inline const char* name = "auth";
  struct job {
    credentials creds;
    std::string login;  // of the Basic credential
    std::string source;  // auth::source_key of the peer
    std::string cache_key;
    auth::login_limiter::verdict admitted;
    caf::actor_clock::time_point queued;
    caf::typed_response_promise<model::principal> rp;
  };
  auth_actor tokens;                  // the token worker
  std::vector<auth_actor> passwords;  // the password workers
  std::vector<std::size_t> idle;      // indexes into passwords
  std::deque<job> waiting;
  auth_options opt;
  std::unique_ptr<auth::login_limiter> limiter;
  std::shared_ptr<auth::principal_cache> cache;  // of verified credentials (keyed hashes)
  double check_ms = 0;  // moving average of one password check, for Retry-After
};

struct auth_lookup_state {
  static inline const char* name = "auth-lookup";
  std::shared_ptr<store::database> db;
};

/// The front (named authenticator: `auth` is the namespace of the credential formats).
/// `passwords` must not be empty.
auth_actor::behavior_type authenticator(auth_actor::stateful_pointer<auth_state> self,
                                        auth_actor tokens, std::vector<auth_actor> passwords,
                                        auth_options opt);

/// A worker: verifies against the database, uncached.
auth_actor::behavior_type auth_lookup(auth_actor::stateful_pointer<auth_lookup_state> self,
                                      std::shared_ptr<store::database> db);

/// Spawns the token worker on `token_db`, one password worker per database in
/// `password_dbs` (detached, linked to the front) and the front; returns the front.
auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> token_db,
                      std::vector<std::unique_ptr<store::database>> password_dbs, auth_options opt);

/// The same with one worker for tokens and passwords and no login limits beyond the
/// defaults (for callers that open a single connection).
auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> db,
                      std::chrono::milliseconds ttl);

/// The verification itself, without cache (exposed for tests): a principal, or an
/// unauthenticated problem saying what was wrong.
model::checked<model::principal> verify(store::database& db, const credentials& c);

}  // namespace reportd
