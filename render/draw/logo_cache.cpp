#include "render/draw/logo_cache.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <curl/curl.h>

#include <boost/algorithm/string/case_conv.hpp>

namespace reportd::render {

std::shared_ptr<logo_cache> make_logo_cache(std::size_t max_entries, std::size_t max_bytes) {
  return std::make_shared<logo_cache>(max_entries, max_bytes);
}

std::vector<std::string> split_host_list(const std::string& comma_list) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t");
    auto e = cur.find_last_not_of(" \t");
    if (b != std::string::npos) {
      out.push_back(boost::algorithm::to_lower_copy(cur.substr(b, e - b + 1)));
    }
    cur.clear();
  };
  for (char c : comma_list) {
    if (c == ',') flush();
    else cur += c;
  }
  flush();
  return out;
}

std::optional<std::string> logo_cache::get(const std::string& url, clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = by_url_.find(url);
  if (found == by_url_.end()) return std::nullopt;
  auto it = found->second;
  if (it->expires <= now) {
    erase(it);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it);
  return it->bytes;
}

void logo_cache::put(const std::string& url, std::string bytes, clock::time_point expires) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto found = by_url_.find(url); found != by_url_.end()) erase(found->second);
  if (bytes.size() > max_bytes_ || max_entries_ == 0) return;
  while (!lru_.empty() && (lru_.size() >= max_entries_ || bytes_ + bytes.size() > max_bytes_))
    erase(std::prev(lru_.end()));
  bytes_ += bytes.size();
  lru_.push_front({url, std::move(bytes), expires});
  by_url_[url] = lru_.begin();
}

std::size_t logo_cache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

void logo_cache::erase(std::list<entry>::iterator it) {
  bytes_ -= it->bytes.size();
  by_url_.erase(it->url);
  lru_.erase(it);
}

namespace {

// The value of directive `name` in a Cache-Control list ("" for a bare directive), or nullopt.
std::optional<std::string> directive(const std::string& cache_control, const std::string& name) {
  std::string cc = boost::algorithm::to_lower_copy(cache_control);
  std::size_t pos = 0;
  while (pos < cc.size()) {
    std::size_t end = cc.find(',', pos);
    if (end == std::string::npos) end = cc.size();
    std::string item = cc.substr(pos, end - pos);
    pos = end + 1;
    auto b = item.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    item = item.substr(b);
    auto eq = item.find('=');
    std::string key = item.substr(0, std::min(eq, item.find_first_of(" \t")));
    if (key != name) continue;
    if (eq == std::string::npos) return std::string();
    std::string value = item.substr(eq + 1);
    value.erase(std::remove(value.begin(), value.end(), '"'), value.end());
    return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::seconds> freshness(const std::string& cache_control, const std::string& expires,
                                              std::int64_t now_epoch_s) {
  if (directive(cache_control, "no-store") || directive(cache_control, "no-cache")) return std::nullopt;
  if (auto max_age = directive(cache_control, "max-age")) {
    long long n = 0;
    for (char c : *max_age) {
      if (c < '0' || c > '9') return std::nullopt;  // malformed: do not store
      n = std::min<long long>(n * 10 + (c - '0'), 365LL * 86400);
    }
    if (max_age->empty() || n == 0) return std::nullopt;
    return std::chrono::seconds(n);
  }
  if (!expires.empty()) {
    time_t at = curl_getdate(expires.c_str(), nullptr);
    if (at == -1 || at <= now_epoch_s) return std::nullopt;  // "0" and past dates mean expired
    return std::chrono::seconds(std::min<std::int64_t>(at - now_epoch_s, 365LL * 86400));
  }
  return std::chrono::seconds(300);
}

}  // namespace reportd::render
