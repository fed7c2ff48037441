#pragma once
// Splits a request target ("/api/reports?from=now-7d") into its percent-decoded path
// and query parameters. Boost.URL does the parsing and decoding.
#include <map>
#include <string>
#include <string_view>

#include "model/problem.hpp"

namespace reportd::http {

struct decoded_target {
  std::string path;                          // "/api/reports"
  std::map<std::string, std::string> query;  // first value wins for a repeated key
};

/// Decodes an origin-form target ("/path?query"); `+` in the query is a space, as forms
/// send it. A target that is not origin-form, or has a bad escape, is a bad_request.
model::checked<decoded_target> decode_target(std::string_view target);

}  // namespace reportd::http
