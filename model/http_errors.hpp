#pragma once
// The one table from error class to HTTP status and body (spec/API.md, "Conventions").
#include <string>
#include <string_view>

#include "model/problem.hpp"

namespace reportd::model {

struct error_response {
  unsigned status = 500;
  std::string body;  // JSON
};

/// bad_request 400, unauthenticated 401, forbidden 403 (Grafana's access-denied shape, naming
/// problem::action), not_found 404, overloaded 503, everything else 500 with "traceID".
/// Bodies are `{"message": …}` otherwise. The 403's accessErrorId is derived from `trace_id`
/// so the client's id can be found in the server log.
error_response to_http(const problem& p, std::string_view trace_id);

}  // namespace reportd::model
