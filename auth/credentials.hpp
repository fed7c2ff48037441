#pragma once
// What a request's Authorization and X-Grafana-Org-Id headers present, read without the
// database: the secret to look up, or why they are refused at once (missing, malformed,
// an unsupported scheme). A request supervisor reads them on its own thread, so garbage
// credentials are answered 401 without a hop to the auth actor; the auth actor's verify
// reads them the same way. CAF-free.
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/token.hpp"
#include "model/problem.hpp"

namespace reportd::auth {

struct presented_credentials {
  enum class scheme { token, basic };
  scheme kind = scheme::token;
  std::string token_secret;   // token: the secret whose SHA-256 the store keeps
  basic_credentials basic;    // basic: login and password
  std::int64_t org = 0;       // the X-Grafana-Org-Id asked for; 0 when absent
};

/// The credentials, or an unauthenticated problem saying what is wrong with them.
model::checked<presented_credentials> read_credentials(std::string_view authorization,
                                                       std::string_view org_header);

}  // namespace reportd::auth
