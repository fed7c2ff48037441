#include "actors/cluster/cluster.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <spdlog/spdlog.h>

#include "auth/token.hpp"

namespace reportd::cluster {
namespace {

std::string peer_of(caf::event_based_actor* self) {
  const auto& sender = self->current_sender();
  return sender ? caf::to_string(sender->node()) : std::string("unknown node");
}

/// Compares digests, so the time taken says nothing about the secret, not even its length.
bool same_secret(const std::string& given, const std::string& expected) {
  return auth::equal_constant_time(auth::sha256_hex(given), auth::sha256_hex(expected));
}

caf::behavior registrar(caf::event_based_actor* self, std::string secret, renderer_pool_actor renderers,
                        mailer_pool_actor mailers) {
  return {
    [=](join_atom, const std::string& given, const std::string& name, const std::vector<caf::actor>& rs,
        const std::vector<caf::actor>& ms) -> caf::result<ok_atom> {
      if (!same_secret(given, secret)) {
        spdlog::warn("cluster: refused worker '{}' from {}: wrong cluster secret", name, peer_of(self));
        return to_error({model::errc::unauthenticated,
                         "refused by the coordinator: the cluster secret does not match its [cluster] secret"});
      }
      // CAF 0.17 drops the sender of a message that arrives before the peer's route is
      // known (and the actor handles inside it with it): such a join cannot be answered or
      // used. The worker times out and joins again.
      if (!self->current_sender()) {
        spdlog::warn("cluster: a join from worker '{}' arrived without its sender; ignored (it will try again)", name);
        return caf::delegated<ok_atom>{};
      }
      auto valid = [](const std::vector<caf::actor>& v) {
        return std::all_of(v.begin(), v.end(), [](const caf::actor& a) { return static_cast<bool>(a); });
      };
      if (!valid(rs) || !valid(ms))
        return to_error({model::errc::internal, "the coordinator did not receive this worker's actors; join again"});
      for (std::size_t i = 0; i < rs.size(); ++i)
        self->send(renderers, join_atom::value, rs[i], name + "/render-" + std::to_string(i + 1));
      for (std::size_t i = 0; i < ms.size(); ++i)
        self->send(mailers, join_atom::value, ms[i], name + "/mail-" + std::to_string(i + 1));
      spdlog::info("cluster: worker '{}' joined from {}: {} render and {} mail workers", name, peer_of(self),
                   rs.size(), ms.size());
      return ok_atom::value;
    },
  };
}

}  // namespace

model::checked<caf::actor> listen(caf::actor_system& sys, const config::host_port& where,
                                  const std::string& secret, renderer_pool_actor renderers,
                                  mailer_pool_actor mailers) {
  auto reg = sys.spawn(registrar, secret, std::move(renderers), std::move(mailers));
  const char* host = where.host.empty() ? nullptr : where.host.c_str();
  // reuse: a coordinator restarted at once binds its port again despite TIME_WAIT.
  auto port = sys.middleman().publish(reg, where.port, host, true);
  if (!port) {
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
    return model::problem{model::errc::internal, "[cluster] listen " + (where.host.empty() ? "*" : where.host) + ":" +
                                                   std::to_string(where.port) +
                                                   ": cannot listen: " + sys.render(port.error())};
  }
  spdlog::info("cluster: taking workers on {}:{}", where.host.empty() ? "*" : where.host, *port);
  return reg;
}

model::checked<caf::actor> join(caf::actor_system& sys, const config::host_port& where,
                                const std::string& secret, const offer& what,
                                std::chrono::milliseconds timeout) {
  const auto address = where.host + ":" + std::to_string(where.port);
  auto reg = sys.middleman().remote_actor(where.host, where.port);
  if (!reg)
    return model::problem{model::errc::internal,
                          "cannot reach the coordinator at " + address + ": " + sys.render(reg.error())};
  model::checked<caf::actor> out = model::problem{model::errc::internal, "no answer"};
  caf::scoped_actor self{sys};
  self->request(*reg, timeout, join_atom::value, secret, what.name, what.renderers, what.mailers)
    .receive([&](ok_atom) { out = *reg; },
             [&](caf::error& e) {
               out = to_problem(e, ("joining the coordinator at " + address).c_str(),
                                std::chrono::duration_cast<caf::timespan>(timeout));
             });
  return out;
}

}  // namespace reportd::cluster
