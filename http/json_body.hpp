#pragma once
// The JSON error bodies the HTTP front writes itself (the actors build their own through
// the model's error table): {"message": ...} and, for a 500, "traceID".
#include <string>

namespace reportd::http {

/// `{"message":"<message>"}`, plus `"traceID":"<trace_id>"` when `trace_id` is not empty.
std::string error_body(const std::string& message, const std::string& trace_id = {});

}  // namespace reportd::http
