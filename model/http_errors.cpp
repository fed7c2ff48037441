#include "model/http_errors.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>

namespace reportd::model {

namespace {

namespace bj = boost::json;

bj::string_view view(std::string_view s) { return {s.data(), s.size()}; }

// "ACE" + 10 digits, stable for a given trace id (FNV-1a).
std::string access_error_id(std::string_view trace_id) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : trace_id) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "ACE%010llu", static_cast<unsigned long long>(h % 10000000000ULL));
  return buf;
}

std::string forbidden_body(const problem& p, std::string_view trace_id) {
  bj::object o;
  o["accessErrorId"] = access_error_id(trace_id);
  o["message"] = "You'll need additional permissions to perform this action. Permissions needed: " + p.action;
  o["title"] = "Access denied";
  return bj::serialize(o);
}

std::string message_body(std::string_view message, std::string_view fallback) {
  bj::object o;
  o["message"] = view(message.empty() ? fallback : message);
  return bj::serialize(o);
}

std::string server_error_body(std::string_view message, std::string_view trace_id) {
  bj::object o;
  o["message"] = view(message.empty() ? std::string_view("Internal server error") : message);
  o["traceID"] = view(trace_id);
  return bj::serialize(o);
}

}  // namespace

error_response to_http(const problem& p, std::string_view trace_id) {
  switch (p.code) {
    case errc::bad_request: return {400, message_body(p.message, "Bad request")};
    case errc::unauthenticated: return {401, message_body(p.message, "Unauthorized")};
    case errc::forbidden: return {403, forbidden_body(p, trace_id)};
    case errc::not_found: return {404, message_body(p.message, "Not found")};
    case errc::overloaded: return {503, message_body(p.message, "Server is overloaded, try again later")};
    case errc::none:
    case errc::timeout:
    case errc::render_failed:
    case errc::mail_failed:
    case errc::mail_uncertain:
    case errc::internal: break;
  }
  return {500, server_error_body(p.message, trace_id)};
}

}  // namespace reportd::model
