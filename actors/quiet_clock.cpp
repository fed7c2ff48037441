#include "actors/quiet_clock.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <caf/actor_system_config.hpp>
#include <caf/detail/set_thread_name.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>
#include <caf/policy/work_stealing.hpp>
#include <caf/scheduler/coordinator.hpp>

namespace reportd {
namespace {

/// CAF's thread-safe clock, told about an actor's end only when it may hold its timeouts.
class quiet_clock final : public caf::detail::thread_safe_actor_clock {
public:
  using super = caf::detail::thread_safe_actor_clock;

  void set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                            std::uint64_t id) override {
    note(self, std::nullopt);
    super::set_ordinary_timeout(t, self, type, id);
  }

  void set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                         std::uint64_t id) override {
    note(self, std::nullopt);
    super::set_multi_timeout(t, self, type, id);
  }

  void set_request_timeout(time_point t, caf::abstract_actor* self, caf::message_id id) override {
    note(self, id.integer_value());
    super::set_request_timeout(t, self, id);
  }

  void cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) override {
    super::cancel_request_timeout(self, id);
    forget(self, id.integer_value());
  }

  void cancel_timeouts(caf::abstract_actor* self) override {
    if (take(self))
      super::cancel_timeouts(self);
  }

private:
  /// What the clock may still hold for one actor: request timeouts by id, and whether it
  /// ever set another kind (those are not tracked one by one: its end is always forwarded).
  struct pending {
    std::vector<std::uint64_t> requests;
    bool other = false;
  };
  struct shard {
    std::mutex mx;
    std::unordered_map<const caf::abstract_actor*, pending> actors;
  };

  shard& shard_of(const caf::abstract_actor* self) {
    return shards_[(reinterpret_cast<std::uintptr_t>(self) >> 6) % shards_.size()];
  }

  void note(const caf::abstract_actor* self, std::optional<std::uint64_t> request) {
    auto& s = shard_of(self);
    std::lock_guard<std::mutex> guard(s.mx);
    auto& p = s.actors[self];
    if (request)
      p.requests.push_back(*request);
    else
      p.other = true;
  }

  void forget(const caf::abstract_actor* self, std::uint64_t request) {
    auto& s = shard_of(self);
    std::lock_guard<std::mutex> guard(s.mx);
    auto it = s.actors.find(self);
    if (it == s.actors.end())
      return;
    auto& r = it->second.requests;
    if (auto at = std::find(r.begin(), r.end(), request); at != r.end())
      r.erase(at);
    if (r.empty() && !it->second.other)
      s.actors.erase(it);
  }

  /// True when the actor may have timeouts here (and forgets it).
  bool take(const caf::abstract_actor* self) {
    auto& s = shard_of(self);
    std::lock_guard<std::mutex> guard(s.mx);
    return s.actors.erase(self) > 0;
  }

  std::array<shard, 16> shards_;
};

/// CAF's work-stealing coordinator whose clock() is the quiet clock, run on its own thread
/// (the base class's own clock thread starts too and stays idle: nothing is given to it).
class coordinator final : public caf::scheduler::coordinator<caf::policy::work_stealing> {
public:
  using super = caf::scheduler::coordinator<caf::policy::work_stealing>;
  using super::super;

  caf::detail::thread_safe_actor_clock& clock() noexcept override { return clock_; }

protected:
  void start() override {
    timer_ = std::thread([this] {
      caf::detail::set_thread_name("caf.clock");
      system().thread_started();
      clock_.run_dispatch_loop();
      system().thread_terminates();
    });
    super::start();
  }

  void stop() override {
    super::stop();  // the workers first: until they are gone they may still set timeouts
    clock_.cancel_dispatch_loop();
    timer_.join();
  }

private:
  quiet_clock clock_;
  std::thread timer_;
};

}  // namespace

void use_quiet_clock(caf::actor_system_config& cfg) {
  cfg.module_factories.push_back([](caf::actor_system& sys) -> caf::actor_system::module* {
    return new coordinator(sys);
  });
}

bool uses_quiet_clock(caf::actor_system& sys) {
  return dynamic_cast<quiet_clock*>(&sys.clock()) != nullptr;
}

}  // namespace reportd
