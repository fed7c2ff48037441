#pragma once
// Verified credentials, remembered for a short time so that a client sending the same
// token with every request is not looked up in the database each time. Shared by the auth
// actor (which fills it) and every request supervisor (which reads it on its own thread, so
// a cache hit costs no message hop). Thread-safe; CAF-free.
//
// Only keyed hashes of the credentials are kept (HMAC with a random per-process key). The
// entries are split over shards, each with its own lock, so concurrent requests rarely wait
// for each other; a shard that fills up is emptied (bounded memory under a flood of
// distinct valid tokens).
#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/principal.hpp"

namespace reportd::auth {

class principal_cache {
public:
  using clock = std::chrono::steady_clock;  // caf::actor_clock's time base

  /// `ttl` zero or less: the cache remembers nothing.
  principal_cache(std::chrono::milliseconds ttl, std::size_t max_entries = 100'000);

  /// The key of one request's credentials (Authorization header and X-Grafana-Org-Id).
  std::string key(std::string_view authorization, std::string_view org_header) const;

  /// The principal remembered for `key`, if it has not expired at `now`.
  std::optional<model::principal> find(const std::string& key, clock::time_point now);

  /// Remembers `who` for `key` until `now` + ttl.
  void put(const std::string& key, const model::principal& who, clock::time_point now);

  bool enabled() const noexcept { return ttl_.count() > 0; }

private:
  struct entry {
    model::principal who;
    clock::time_point expires;
  };
  struct shard {
    std::mutex mutex;
    std::unordered_map<std::string, entry> entries;
  };
  static constexpr std::size_t shard_count = 16;

  shard& shard_of(const std::string& key);

  const std::chrono::milliseconds ttl_;
  const std::size_t max_per_shard_;
  const std::string secret_;
  std::array<shard, shard_count> shards_;
};

}  // namespace reportd::auth
