#pragma once
// The front actor's typed interface: the one door from the HTTP layer into the actors.
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"
#include "http/message.hpp"
#include "http/responder.hpp"

namespace reportd {

using front_actor = caf::typed_actor<
  // Routes one request: answers 404/503 itself or spawns a request supervisor that
  // answers through the responder. Never blocks.
  caf::reacts_to<http::request, http::responder>,
  // A supervisor is about to answer: its request no longer counts as in flight. Sent
  // before the answer, so a client's next request never finds its old one still counted.
  // Carries the route (http::route as int), the status and the time from routing to answer.
  caf::reacts_to<done_atom, int, int, std::int64_t /*microseconds*/>,
  // Request counters, latency histograms and in-flight gauges in Prometheus' text format.
  caf::replies_to<metrics_atom>::with<std::string>>;

}  // namespace reportd
