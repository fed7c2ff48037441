#include "http/server_state.hpp"

#include <random>
#include <vector>

#include "config/timeouts.hpp"
#include "http/session.hpp"

namespace reportd::http::detail {

void in_flight_counter::add() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++count_;
}

void in_flight_counter::done() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (count_ > 0 && --count_ == 0)
    zero_.notify_all();
}

std::size_t in_flight_counter::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

bool in_flight_counter::wait_zero(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return zero_.wait_for(lock, timeout, [this] { return count_ == 0; });
}

std::uint64_t session_registry::add(const std::shared_ptr<session>& s) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = next_++;
  sessions_.emplace(key, s);
  return key;
}

void session_registry::remove(std::uint64_t key) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(key);
}

std::vector<std::shared_ptr<session>> session_registry::live() {
  // Collected first and acted on outside the lock: the last reference to a session may
  // drop there, and its destructor calls remove().
  std::vector<std::shared_ptr<session>> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, weak] : sessions_)
    if (auto s = weak.lock())
      out.push_back(std::move(s));
  return out;
}

void session_registry::close_all() {
  for (auto& s : live())
    s->close();
}

void session_registry::close_idle() {
  for (auto& s : live())
    s->close_if_idle();
}

void session_registry::answer_unavailable() {
  for (auto& s : live())
    s->answer_unavailable();
}

std::chrono::milliseconds server_state::idle_timeout() const {
  auto limit = static_cast<std::size_t>(settings.max_connections > 0 ? settings.max_connections : 1);
  bool crowded = connections.load() * 4 >= limit * 3 || accept_failing.load();
  return crowded ? std::min(settings.idle_timeout, std::chrono::milliseconds(config::defaults::crowded_idle_timeout))
                 : settings.idle_timeout;
}

request_ids::request_ids() {
  std::random_device rd;
  counter_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::string request_ids::next() {
  // splitmix64's finalizer: a bijection, so distinct counters give distinct ids.
  std::uint64_t z = counter_.fetch_add(1) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, z >>= 4)
    id[static_cast<std::size_t>(i)] = hex[z & 0xf];
  return id;
}

}  // namespace reportd::http::detail
