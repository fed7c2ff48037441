#include "model/problem.hpp"

namespace reportd::model {

const char* to_string(errc e) noexcept {
  switch (e) {
    case errc::none: return "none";
    case errc::bad_request: return "bad_request";
    case errc::unauthenticated: return "unauthenticated";
    case errc::forbidden: return "forbidden";
    case errc::not_found: return "not_found";
    case errc::timeout: return "timeout";
    case errc::render_failed: return "render_failed";
    case errc::mail_failed: return "mail_failed";
    case errc::mail_uncertain: return "mail_uncertain";
    case errc::overloaded: return "overloaded";
    case errc::internal: return "internal";
  }
  return "unknown";
}

}  // namespace reportd::model
