#pragma once
// The front actor: routes each request, applies admission limits, and spawns one request
// supervisor per admitted request. It never waits on anything.
#include <cstdint>
#include <unordered_map>

#include <caf/actor_addr.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/front/admission.hpp"
#include "actors/front/front_actor.hpp"
#include "actors/front/request_metrics.hpp"
#include "actors/services.hpp"

namespace reportd {

struct admission_limits {
  std::int64_t max_light = 10000;  // CRUD requests in flight
  std::int64_t max_heavy = 256;    // send/render requests in flight, at most
  int render_workers = 2;          // heavy admission follows what they finish inside...
  double render_budget_s = 60;     // ...the render hop's timeout (see admission.hpp)
};

/// One admitted request: its class, and (heavy) how many were in flight with it.
struct admitted {
  bool heavy = false;
  std::int64_t heavy_in_flight = 0;
};

struct front_state {
  static inline const char* name = "front";
  services svc;
  admission_limits limits;
  std::int64_t light = 0;
  std::int64_t heavy = 0;
  heavy_admission admission{{}};
  /// Supervisors in flight -> how they were admitted (uncounted on their exit).
  std::unordered_map<caf::actor_addr, admitted> in_flight;
  request_metrics metrics;
};

front_actor::behavior_type front(front_actor::stateful_pointer<front_state> self, services svc,
                                 admission_limits limits);

}  // namespace reportd
