#pragma once
// Internal to logo.cpp: logo bytes per URL until the time their HTTP cache headers allow,
// least recently used first out past the entry or byte bound.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "render/draw/logo_policy.hpp"

namespace reportd::render {

class logo_cache {
public:
  using clock = std::chrono::steady_clock;

  logo_cache(std::size_t max_entries, std::size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

  /// The bytes stored for `url` while fresh; an expired entry is dropped.
  std::optional<std::string> get(const std::string& url, clock::time_point now = clock::now());
  /// Stores `bytes` for `url` until `expires` (replacing what was there); bytes larger than
  /// the whole cache are not stored.
  void put(const std::string& url, std::string bytes, clock::time_point expires);
  std::size_t size() const;

private:
  struct entry {
    std::string url;
    std::string bytes;
    clock::time_point expires;
  };
  void erase(std::list<entry>::iterator it);

  mutable std::mutex mutex_;
  std::list<entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<entry>::iterator> by_url_;
  std::size_t bytes_ = 0;
  std::size_t max_entries_;
  std::size_t max_bytes_;
};

/// How long a response may be reused, from its Cache-Control and Expires header values
/// (empty when absent): nullopt when it must not be stored (no-store, no-cache, max-age=0,
/// an Expires in the past). Without either header: five minutes.
std::optional<std::chrono::seconds> freshness(const std::string& cache_control, const std::string& expires,
                                              std::int64_t now_epoch_s);

}  // namespace reportd::render
