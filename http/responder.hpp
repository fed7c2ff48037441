#pragma once
// A responder carries one answer back to the connection that asked. It may be copied
// (it travels inside actor messages); the first send() wins and later ones are ignored.
// When the last copy goes away without an answer (an actor died, a bug dropped it) it
// answers 500 itself, so no client ever hangs.
#include <functional>
#include <memory>

#include "http/message.hpp"

namespace reportd::http {

class responder {
public:
  using sink = std::function<void(response)>;

  responder() = default;
  /// `deliver` is called exactly once, from whichever thread answers; it must post the
  /// response onto the connection's strand itself. `request_id` goes into the 500 body.
  responder(sink deliver, std::string request_id);

  /// Answers the request; returns false if it had already been answered.
  bool send(response r) const;
  bool answered() const;
  const std::string& request_id() const;
  explicit operator bool() const { return static_cast<bool>(state_); }

private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace reportd::http
