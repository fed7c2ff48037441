#include "http/json_body.hpp"

#include <boost/json.hpp>

namespace reportd::http {

std::string error_body(const std::string& message, const std::string& trace_id) {
  boost::json::object body;
  body["message"] = message;
  if (!trace_id.empty())
    body["traceID"] = trace_id;
  return boost::json::serialize(body);
}

}  // namespace reportd::http
