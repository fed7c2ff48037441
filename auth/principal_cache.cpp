#include "auth/principal_cache.hpp"

#include <functional>

#include "auth/token.hpp"

namespace reportd::auth {

principal_cache::principal_cache(std::chrono::milliseconds ttl, std::size_t max_entries)
    : ttl_(ttl), max_per_shard_(max_entries / shard_count + 1), secret_(random_key()) {}

std::string principal_cache::key(std::string_view authorization, std::string_view org_header) const {
  std::string text;
  text.reserve(authorization.size() + 1 + org_header.size());
  text.append(authorization).append(1, '\n').append(org_header);
  return hmac_sha256_hex(secret_, text);
}

principal_cache::shard& principal_cache::shard_of(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % shard_count];
}

std::optional<model::principal> principal_cache::find(const std::string& key, clock::time_point now) {
  if (!enabled())
    return std::nullopt;
  auto& s = shard_of(key);
  std::lock_guard<std::mutex> lock(s.mutex);
  auto i = s.entries.find(key);
  if (i == s.entries.end())
    return std::nullopt;
  if (i->second.expires <= now) {
    s.entries.erase(i);
    return std::nullopt;
  }
  return i->second.who;
}

void principal_cache::put(const std::string& key, const model::principal& who, clock::time_point now) {
  if (!enabled())
    return;
  auto& s = shard_of(key);
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.entries.size() >= max_per_shard_ && !s.entries.count(key))
    s.entries.clear();
  s.entries.insert_or_assign(key, entry{who, now + ttl_});
}

}  // namespace reportd::auth
