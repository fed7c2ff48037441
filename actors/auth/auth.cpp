#include "actors/auth/auth.hpp"

#include <algorithm>

#include <caf/all.hpp>

#include "auth/credentials.hpp"
#include "auth/token.hpp"

namespace reportd {
namespace {

// Marks an auth_refusal inside a caf::error's context.
constexpr const char* refusal_tag = "auth_refusal";

model::problem unauthenticated(std::string msg) { return {model::errc::unauthenticated, std::move(msg)}; }

int whole_seconds(std::chrono::milliseconds ms) {
  return static_cast<int>(std::max<std::int64_t>(1, (ms.count() + 999) / 1000));
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

model::checked<model::principal> verify(store::database& db, const credentials& c) {
  auto presented = auth::read_credentials(c.authorization, c.org_id_header);
  if (!presented)
    return std::move(presented).error();
  const auto org = presented->org;
  if (presented->kind == auth::presented_credentials::scheme::basic) {
    auto who = db.principal_for_user(presented->basic.login, presented->basic.password, org);
    if (!who)
      return std::move(who).error();
    if (!*who)
      return unauthenticated("invalid username or password");
    return **who;
  }
  auto found = db.principal_for_token_hash(auth::sha256_hex(presented->token_secret));
  if (!found)
    return std::move(found).error();  // the database could not say: 500, not a refusal
  const auto& who = *found;
  if (!who)
    return unauthenticated("invalid API key");
  // A token belongs to one org: asking for another org with it is not allowed.
  if (org != 0 && org != who->org_id)
    return unauthenticated("the token does not belong to organisation " + std::to_string(org));
  return *who;
}

caf::error to_error(const auth_refusal& r) {
  return caf::error{static_cast<std::uint8_t>(model::errc::overloaded), error_category,
                    caf::make_message(r.message, std::string(refusal_tag),
                                      static_cast<std::int32_t>(r.status),
                                      static_cast<std::int32_t>(r.retry_after_s))};
}

std::optional<auth_refusal> auth_refusal_of(const caf::error& e) {
  if (e.category() != error_category || e.code() != static_cast<std::uint8_t>(model::errc::overloaded))
    return std::nullopt;
  const auto& ctx = e.context();
  if (!ctx.match_elements<std::string, std::string, std::int32_t, std::int32_t>() ||
      ctx.get_as<std::string>(1) != refusal_tag)
    return std::nullopt;
  return auth_refusal{static_cast<unsigned>(ctx.get_as<std::int32_t>(2)), ctx.get_as<std::int32_t>(3),
                      ctx.get_as<std::string>(0)};
}

namespace {

using self_ptr = auth_actor::stateful_pointer<auth_state>;

void remember(self_ptr self, const std::string& key, const model::principal& who) {
  self->state.cache->put(key, who, self->clock().now());
}

/// The 503 for a password check that found no worker and no place in the queue.
void refuse_busy(self_ptr self, auth_state::job& j) {
  auto& st = self->state;
  st.limiter->cancelled(j.login, j.source, j.admitted, self->clock().now());
  // The wait for a place: everything queued, shared by the workers.
  const double ms = (static_cast<double>(st.waiting.size()) + 1) * st.check_ms /
                    static_cast<double>(st.passwords.size());
  const int s = whole_seconds(std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
  j.rp.deliver(to_error(auth_refusal{503, s, "too many logins are being checked; try again in " +
                                                 std::to_string(s) + " s"}));
}

/// Places in the queue: `password_queue`, and no more than the workers can start within
/// max_wait at the measured check time (a place it cannot serve in time is a 503 later).
std::size_t queue_places(const auth_state& st) {
  if (st.check_ms <= 0)
    return st.opt.password_queue;
  const double can_start = static_cast<double>(st.opt.max_wait.count()) *
                           static_cast<double>(st.passwords.size()) / st.check_ms;
  return std::min(st.opt.password_queue, std::max<std::size_t>(1, static_cast<std::size_t>(can_start)));
}

/// How much recent failure a queued check carries (see auth.hpp): lower goes first.
double debt(const auth_state& st, const auth_state::job& j, caf::actor_clock::time_point now) {
  return st.limiter->source_debt(j.source, now) + st.limiter->login_debt(j.login, now);
}

void pump(self_ptr self);
void finished(self_ptr self, std::size_t worker, caf::timespan took);

void dispatch(self_ptr self, std::size_t worker, auth_state::job j) {
  auto started = self->clock().now();
  self->request(self->state.passwords[worker], caf::infinite, authenticate_atom::value, j.creds)
    .then(
      [=](model::principal& who) mutable {
        auto& st = self->state;
        auto now = self->clock().now();
        st.limiter->succeeded(j.login, j.source, j.admitted, now);
        remember(self, j.cache_key, who);
        j.rp.deliver(std::move(who));
        finished(self, worker, now - started);
      },
      [=](caf::error& e) mutable {
        auto& st = self->state;
        auto now = self->clock().now();
        // A wrong password keeps its tokens taken; anything else was no verdict.
        if (!(e.category() == error_category &&
              e.code() == static_cast<std::uint8_t>(model::errc::unauthenticated)))
          st.limiter->cancelled(j.login, j.source, j.admitted, now);
        j.rp.deliver(std::move(e));
        finished(self, worker, now - started);
      });
}

void pump(self_ptr self) {
  auto& st = self->state;
  auto now = self->clock().now();
  while (!st.idle.empty() && !st.waiting.empty()) {
    // The cleanest first; among equals, the one that waited longest.
    auto best = st.waiting.begin();
    double best_debt = debt(st, *best, now);
    for (auto i = std::next(best); i != st.waiting.end(); ++i)
      if (auto d = debt(st, *i, now); d < best_debt) {
        best = i;
        best_debt = d;
      }
    auto j = std::move(*best);
    st.waiting.erase(best);
    if (now - j.queued > st.opt.max_wait) {
      refuse_busy(self, j);
      continue;
    }
    auto w = st.idle.back();
    st.idle.pop_back();
    dispatch(self, w, std::move(j));
  }
}

void enqueue(self_ptr self, auth_state::job j) {
  auto& st = self->state;
  if (!st.idle.empty() && st.waiting.empty()) {
    auto w = st.idle.back();
    st.idle.pop_back();
    dispatch(self, w, std::move(j));
    return;
  }
  if (st.waiting.size() < queue_places(st)) {
    st.waiting.push_back(std::move(j));
    pump(self);
    return;
  }
  // Full. A cleaner source takes the place of the most indebted one queued (the latest
  // among equals), so a flood cannot keep a clean login out by filling the queue first.
  const auto now = self->clock().now();
  auto worst = st.waiting.end();
  double worst_debt = 0;
  for (auto i = st.waiting.begin(); i != st.waiting.end(); ++i)
    if (auto d = debt(st, *i, now); worst == st.waiting.end() || d >= worst_debt) {
      worst = i;
      worst_debt = d;
    }
  if (worst != st.waiting.end() && worst_debt > debt(st, j, now)) {
    auto out = std::move(*worst);
    st.waiting.erase(worst);
    st.waiting.push_back(std::move(j));
    refuse_busy(self, out);
    return;
  }
  refuse_busy(self, j);
}

void finished(self_ptr self, std::size_t worker, caf::timespan took) {
  auto& st = self->state;
  const double ms = std::chrono::duration<double, std::milli>(took).count();
  st.check_ms = st.check_ms == 0 ? ms : 0.8 * st.check_ms + 0.2 * ms;
  st.idle.push_back(worker);
  pump(self);
}

}  // namespace

auth_actor::behavior_type authenticator(auth_actor::stateful_pointer<auth_state> self,
                                        auth_actor tokens, std::vector<auth_actor> passwords,
                                        auth_options opt) {
  auto& st = self->state;
  st.tokens = std::move(tokens);
  st.passwords = std::move(passwords);
  if (st.passwords.empty())
    st.passwords.push_back(st.tokens);
  st.opt = opt;
  st.limiter = std::make_unique<auth::login_limiter>(opt.limits);
  st.cache = opt.cache ? opt.cache : std::make_shared<auth::principal_cache>(opt.cache_ttl);
  // Workers stop with the front.
  self->link_to(st.tokens);
  for (std::size_t i = 0; i < st.passwords.size(); ++i) {
    if (st.passwords[i] != st.tokens)
      self->link_to(st.passwords[i]);
    st.idle.push_back(st.passwords.size() - 1 - i);  // taken from the back: worker 0 first
  }
  return {
    [=](authenticate_atom atom, credentials& c) -> caf::result<model::principal> {
      auto& st = self->state;
      auto now = self->clock().now();  // the actor clock: deterministic in tests
      auto key = st.cache->key(c.authorization, c.org_id_header);
      if (auto who = st.cache->find(key, now))
        return std::move(*who);
      auto basic = starts_with(c.authorization, "Bearer ") ? std::nullopt
                                                            : auth::parse_basic(c.authorization);
      if (!basic) {
        // Tokens, and whatever is refused without a password check: the token worker.
        auto rp = self->make_response_promise<model::principal>();
        // No timeout here: the supervisor's own auth timeout bounds the wait.
        self->request(st.tokens, caf::infinite, atom, std::move(c))
          .then(
            [=](model::principal& who) mutable {
              remember(self, key, who);
              rp.deliver(std::move(who));
            },
            [=](caf::error& e) mutable { rp.deliver(std::move(e)); });
        return rp;
      }
      auto source = auth::source_key(c.source);
      auto admitted = st.limiter->admit(basic->login, source, now);
      if (!admitted.allowed) {
        const int s = whole_seconds(admitted.retry_after);
        return to_error(auth_refusal{429, s, admitted.reason + "; try again in " + std::to_string(s) + " s"});
      }
      auto rp = self->make_response_promise<model::principal>();
      enqueue(self, auth_state::job{std::move(c), std::move(basic->login), std::move(source),
                                    std::move(key), std::move(admitted), now, rp});
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

auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> token_db,
                      std::vector<std::unique_ptr<store::database>> password_dbs, auth_options opt) {
  auto tokens = sys.spawn<caf::detached>(auth_lookup, std::shared_ptr<store::database>(std::move(token_db)));
  std::vector<auth_actor> passwords;
  for (auto& db : password_dbs)
    passwords.push_back(sys.spawn<caf::detached>(auth_lookup, std::shared_ptr<store::database>(std::move(db))));
  return sys.spawn(authenticator, tokens, std::move(passwords), opt);
}

auth_actor spawn_auth(caf::actor_system& sys, std::unique_ptr<store::database> db,
                      std::chrono::milliseconds ttl) {
  auth_options opt;
  opt.cache_ttl = ttl;
  return spawn_auth(sys, std::move(db), {}, opt);
}

}  // namespace reportd
