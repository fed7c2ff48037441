#include "http/responder.hpp"

#include <atomic>
#include <utility>

#include "http/json_body.hpp"

namespace reportd::http {

// Shared by every copy of one responder. The atomic flag makes "first send wins" hold
// across threads without a lock; the destructor runs when the last copy goes away.
struct responder::state {
  sink deliver;
  std::string request_id;
  std::atomic<bool> answered{false};

  state(sink d, std::string id) : deliver(std::move(d)), request_id(std::move(id)) {}
  state(const state&) = delete;
  state& operator=(const state&) = delete;

  ~state() {
    if (answered.exchange(true))
      return;
    response r;
    r.status = 500;
    r.body = error_body("internal error: request was dropped unanswered", request_id);
    // A destructor must not throw; a sink that throws loses only this answer.
    try {
      deliver(std::move(r));
    } catch (...) {
    }
  }
};

responder::responder(sink deliver, std::string request_id)
    : state_(std::make_shared<state>(std::move(deliver), std::move(request_id))) {}

bool responder::send(response r) const {
  if (!state_ || state_->answered.exchange(true))
    return false;
  state_->deliver(std::move(r));
  return true;
}

bool responder::answered() const { return state_ && state_->answered.load(); }

const std::string& responder::request_id() const {
  static const std::string none;  // immutable: a default-constructed responder has no id
  return state_ ? state_->request_id : none;
}

}  // namespace reportd::http
