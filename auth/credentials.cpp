#include "auth/credentials.hpp"

#include <charconv>

namespace reportd::auth {
namespace {

model::problem unauthenticated(std::string msg) { return {model::errc::unauthenticated, std::move(msg)}; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

/// The org the X-Grafana-Org-Id header asks for; 0 when absent; -1 when malformed.
std::int64_t requested_org(std::string_view header) {
  if (header.empty())
    return 0;
  if (header.front() == '+')  // a sign, as Go's strconv.ParseInt (Grafana) accepts
    header.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), v);
  return ec == std::errc() && end == header.data() + header.size() && v > 0 ? v : -1;
}

model::checked<presented_credentials> read_bearer(std::string_view token, std::int64_t org) {
  presented_credentials p;
  p.org = org;
  if (starts_with(token, "glsa_")) {
    if (!service_account_token_well_formed(token))
      return unauthenticated("invalid service account token");
    p.token_secret = std::string(token);
  } else if (auto key = parse_api_key(token)) {
    p.token_secret = std::move(key->key);
  } else {
    return unauthenticated("invalid API key");
  }
  return p;
}

}  // namespace

model::checked<presented_credentials> read_credentials(std::string_view h, std::string_view org_header) {
  auto org = requested_org(org_header);
  if (org < 0)
    return unauthenticated("invalid X-Grafana-Org-Id header");
  if (h.empty())
    return unauthenticated("Unauthorized: no credentials given");
  if (starts_with(h, "Bearer ") || starts_with(h, "bearer "))
    return read_bearer(h.substr(7), org);
  if (auto basic = parse_basic(h)) {
    presented_credentials p;
    p.kind = presented_credentials::scheme::basic;
    p.basic = std::move(*basic);
    p.org = org;
    return p;
  }
  if (starts_with(h, "Basic ") || starts_with(h, "basic "))
    return unauthenticated("invalid Basic credentials");
  return unauthenticated("unsupported Authorization scheme");
}

}  // namespace reportd::auth
