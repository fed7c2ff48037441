#include "auth/login_limiter.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace reportd::auth {
namespace {

std::string login_key(std::string_view login) {
  // Case variants of a login are one target for the limits, whatever the store matches.
  return boost::algorithm::to_lower_copy(std::string(login));
}

// The three buckets an attempt draws on, as admit() and refund() both name them.
struct attempt_keys {
  std::string pair;    // lowercased login + '\n' + source
  std::string source;
  std::string login;   // lowercased login
};

attempt_keys keys_of(std::string_view login, std::string_view source) {
  auto lk = login_key(login);
  auto pk = lk + '\n' + std::string(source);
  return {std::move(pk), std::string(source), std::move(lk)};
}

}  // namespace

std::string source_key(std::string_view remote) {
  // The port follows the last ':'; an IPv6 address has colons of its own before it.
  std::string host(remote);
  if (auto colon = host.rfind(':'); colon != std::string::npos)
    host.resize(colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(host, ec);
  if (ec)
    return std::string(remote);
  if (addr.is_v4())
    return addr.to_string();
  auto v6 = addr.to_v6();
  if (v6.is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

login_limiter::login_limiter(login_limits limits, std::size_t max_entries)
  : limits_(limits), max_entries_(std::max<std::size_t>(max_entries, 16)) {
  limits_.max_failures = std::max(limits_.max_failures, 1);
  limits_.max_failures_per_source = std::max(limits_.max_failures_per_source, 1);
  limits_.max_failures_per_login = std::max(limits_.max_failures_per_login, 1);
  if (limits_.window.count() <= 0)
    limits_.window = std::chrono::milliseconds(1);
}

double login_limiter::level(const table& t, const std::string& key, double capacity,
                            time_point now) const {
  auto i = t.find(key);
  if (i == t.end())
    return capacity;
  const double elapsed = std::chrono::duration<double, std::milli>(now - i->second.updated).count();
  const double refill = std::max(elapsed, 0.0) * capacity / static_cast<double>(limits_.window.count());
  return std::min(capacity, i->second.tokens + refill);
}

void login_limiter::set(table& t, const std::string& key, double capacity, double tokens,
                        time_point now) {
  if (tokens >= capacity) {  // a full bucket is the same as none
    t.erase(key);
    return;
  }
  auto i = t.find(key);
  if (i == t.end()) {
    make_room(t, capacity, now);
    i = t.emplace(key, bucket{}).first;
  }
  i->second = {std::max(tokens, 0.0), now};
}

void login_limiter::make_room(table& t, double capacity, time_point now) {
  if (t.size() < max_entries_)
    return;
  // Buckets that refilled carry no information. If that is not enough (a flood of distinct
  // keys), drop arbitrary ones down to 90 %: giving a few attackers a fresh start is better
  // than unbounded memory, and the next scan is then ~10 % of the table away (amortised O(1)).
  for (auto i = t.begin(); i != t.end();)
    i = level(t, i->first, capacity, now) >= capacity ? t.erase(i) : std::next(i);
  while (t.size() > max_entries_ * 9 / 10)
    t.erase(t.begin());
}

std::chrono::milliseconds login_limiter::until(double have, double wanted, double capacity) const {
  if (have >= wanted)
    return std::chrono::milliseconds(0);
  const double ms = (wanted - have) * static_cast<double>(limits_.window.count()) / capacity;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(ms)));
}

login_limiter::verdict login_limiter::admit(std::string_view login, std::string_view source,
                                            time_point now) {
  const double cap_pair = limits_.max_failures;
  const double cap_src = limits_.max_failures_per_source;
  const double cap_login = limits_.max_failures_per_login;
  const auto [pk, sk, lk] = keys_of(login, source);
  const double pair = level(pairs_, pk, cap_pair, now);
  const double src = level(sources_, sk, cap_src, now);
  const double lg = level(logins_, lk, cap_login, now);
  const bool pair_clean = pair >= cap_pair - 1e-9;
  verdict v;
  // How long until each limit lets this attempt through; the longest is the answer.
  const auto wait_pair = until(pair, 1, cap_pair);
  const auto wait_src = until(src, 1, cap_src);
  const auto wait_login = lg >= 1 || pair_clean
                              ? std::chrono::milliseconds(0)
                              : std::min(until(lg, 1, cap_login), until(pair, cap_pair, cap_pair));
  if (wait_pair.count() > 0)
    v.reason = "too many failed logins for this user from your address";
  else if (wait_src.count() > 0)
    v.reason = "too many failed logins from your address";
  else if (wait_login.count() > 0)
    v.reason = "too many failed logins for this user";
  if (!v.reason.empty()) {
    v.allowed = false;
    v.retry_after = std::max({wait_pair, wait_src, wait_login});
    return v;
  }
  set(pairs_, pk, cap_pair, pair - 1, now);
  set(sources_, sk, cap_src, src - 1, now);
  v.took_login = lg >= 1;
  if (v.took_login)
    set(logins_, lk, cap_login, lg - 1, now);
  return v;
}

void login_limiter::refund(std::string_view login, std::string_view source,
                           const verdict& admitted, time_point now, bool clear_pair) {
  const double cap_pair = limits_.max_failures;
  const double cap_src = limits_.max_failures_per_source;
  const double cap_login = limits_.max_failures_per_login;
  const auto [pk, sk, lk] = keys_of(login, source);
  set(pairs_, pk, cap_pair, clear_pair ? cap_pair : level(pairs_, pk, cap_pair, now) + 1, now);
  set(sources_, sk, cap_src, level(sources_, sk, cap_src, now) + 1, now);
  if (admitted.took_login)
    set(logins_, lk, cap_login, level(logins_, lk, cap_login, now) + 1, now);
}

void login_limiter::succeeded(std::string_view login, std::string_view source,
                              const verdict& admitted, time_point now) {
  refund(login, source, admitted, now, true);
}

void login_limiter::cancelled(std::string_view login, std::string_view source,
                              const verdict& admitted, time_point now) {
  refund(login, source, admitted, now, false);
}

double login_limiter::source_debt(std::string_view source, time_point now) const {
  const double cap = limits_.max_failures_per_source;
  return cap - level(sources_, std::string(source), cap, now);
}

double login_limiter::login_debt(std::string_view login, time_point now) const {
  const double cap = limits_.max_failures_per_login;
  return cap - level(logins_, login_key(login), cap, now);
}

}  // namespace reportd::auth
