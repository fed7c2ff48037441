#include "actors/auth/auth.hpp"

#include <caf/all.hpp>

#include "auth/token.hpp"

namespace reportd {
namespace {

model::problem unauthenticated(std::string msg) { return {model::errc::unauthenticated, std::move(msg)}; }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// The org the X-Grafana-Org-Id header asks for; 0 when absent; -1 when malformed.
std::int64_t requested_org(const std::string& header) {
  if (header.empty())
    return 0;
  try {
    std::size_t used = 0;
    auto v = std::stoll(header, &used);
    return used == header.size() && v > 0 ? v : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

model::checked<model::principal> verify_bearer(store::database& db, std::string_view token,
                                               std::int64_t org) {
  std::string secret;
  if (starts_with(token, "glsa_")) {
    if (!auth::service_account_token_well_formed(token))
      return unauthenticated("invalid service account token");
    secret = std::string(token);
  } else if (auto key = auth::parse_api_key(token)) {
    secret = key->key;
  } else {
    return unauthenticated("invalid API key");
  }
  auto who = db.principal_for_token_hash(auth::sha256_hex(secret));
  if (!who)
    return unauthenticated("invalid API key");
  // A token belongs to one org: asking for another org with it is not allowed.
  if (org != 0 && org != who->org_id)
    return unauthenticated("the token does not belong to organisation " + std::to_string(org));
  return *who;
}

}  // namespace

model::checked<model::principal> verify(store::database& db, const credentials& c) {
  auto org = requested_org(c.org_id_header);
  if (org < 0)
    return unauthenticated("invalid X-Grafana-Org-Id header");
  std::string_view h = c.authorization;
  if (h.empty())
    return unauthenticated("Unauthorized: no credentials given");
  if (starts_with(h, "Bearer ") || starts_with(h, "bearer "))
    return verify_bearer(db, h.substr(7), org);
  if (starts_with(h, "Basic ") || starts_with(h, "basic ")) {
    auto basic = auth::parse_basic(h);
    if (!basic)
      return unauthenticated("invalid Basic credentials");
    auto who = db.principal_for_user(basic->login, basic->password, org);
    if (!who)
      return unauthenticated("invalid username or password");
    return *who;
  }
  return unauthenticated("unsupported Authorization scheme");
}

auth_actor::behavior_type authenticator(auth_actor::stateful_pointer<auth_state> self,
                                        auth_actor lookup, std::chrono::milliseconds ttl) {
  self->state.lookup = std::move(lookup);
  self->state.ttl = ttl;
  self->link_to(self->state.lookup);  // the worker stops with the cache
  return {
    [=](authenticate_atom atom, credentials& c) -> caf::result<model::principal> {
      auto& st = self->state;
      auto now = self->clock().now();  // the actor clock: deterministic in tests
      auto key = auth::sha256_hex(c.authorization + '\n' + c.org_id_header);
      if (auto i = st.cache.find(key); i != st.cache.end()) {
        if (i->second.expires > now)
          return i->second.who;
        st.cache.erase(i);
      }
      auto rp = self->make_response_promise<model::principal>();
      // No timeout here: the supervisor's own auth timeout bounds the wait.
      self->request(st.lookup, caf::infinite, atom, std::move(c))
        .then(
          [=](model::principal& who) mutable {
            auto& s = self->state;
            if (s.ttl.count() > 0) {
              if (s.cache.size() > 100000)  // bound memory under a flood of distinct tokens
                s.cache.clear();
              s.cache[key] = {who, self->clock().now() + s.ttl};
            }
            rp.deliver(std::move(who));
          },
          [=](caf::error& e) mutable { rp.deliver(std::move(e)); });
      return rp;
    },
  };
}

auth_actor::behavior_type auth_lookup(auth_actor::stateful_pointer<auth_lookup_state> self,
                                      std::shared_ptr<store::database> db) {
  self->state.db = std::move(db);
  return {
    [=](authenticate_atom, const credentials& c) -> caf::result<model::principal> {
      auto who = verify(*self->state.db, c);
      if (!who)
        return to_error(who.error());
      return *who;
    },
  };
}

auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> db,
                      std::chrono::milliseconds ttl) {
  auto lookup = sys.spawn<caf::detached>(auth_lookup, std::shared_ptr<store::database>(std::move(db)));
  return sys.spawn(authenticator, lookup, ttl);
}

}  // namespace reportd
