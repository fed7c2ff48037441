#pragma once
// The CAF scheduler reportd runs on: CAF 0.17's work-stealing coordinator with a clock that
// skips the one timer event every actor sends when it terminates.
//
// CAF 0.17 tells its clock thread "cancel every timeout of this actor" (local_actor::cleanup)
// whenever an actor ends, whether or not it ever set one. reportd ends one supervisor per
// request, so every request woke the clock thread once for nothing (measured on 2 cores, 401
// at 64 connections: 13,000 wake-ups a second, 6 % of the process's CPU). This clock notes
// which actors have timeouts it may still hold and forwards the cancellation only for them.
// Used by app/actor_config.cpp (both kinds of process); tested in tests/actors/test_quiet_clock.cpp.
#include <caf/actor_system.hpp>

namespace reportd {

/// Loads the coordinator into `cfg` (before the actor system is made from it).
void use_quiet_clock(caf::actor_system_config& cfg);

/// Whether `sys` runs on it.
bool uses_quiet_clock(caf::actor_system& sys);

}  // namespace reportd
