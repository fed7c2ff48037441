#pragma once
// How many requests are waiting for the report store. The store is a few detached actors
// (one writer, [database] max_open_conn - 1 readers), each answering one request at a time
// on its own SQLite connection; every request supervisor
// enters this shared gauge before it asks the store and leaves it when the answer (or the
// error) has arrived. Past `max_depth` outstanding requests a new one is refused at once
// (503 with Retry-After) instead of queueing into "report store timed out". CAF-free.
#include <atomic>
#include <memory>

namespace reportd {

class store_queue : public std::enable_shared_from_this<store_queue> {
public:
  /// Held while a request to the store is outstanding; leaving is destroying the last copy.
  using ticket = std::shared_ptr<void>;

  explicit store_queue(int max_depth) : max_depth_(max_depth) {}

  /// A ticket, or an empty one when `max_depth` requests are already outstanding.
  ticket enter() {
    if (depth_.fetch_add(1, std::memory_order_relaxed) >= max_depth_) {
      depth_.fetch_sub(1, std::memory_order_relaxed);
      return nullptr;
    }
    auto self = shared_from_this();
    return ticket(this, [self](void*) { self->depth_.fetch_sub(1, std::memory_order_relaxed); });
  }

  int depth() const noexcept { return depth_.load(std::memory_order_relaxed); }
  int max_depth() const noexcept { return max_depth_; }

private:
  std::atomic<int> depth_{0};
  const int max_depth_;
};

}  // namespace reportd
