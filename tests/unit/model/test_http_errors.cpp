#include "catch_prelude.hpp"

#include "model/http_errors.hpp"

#include <boost/json.hpp>

#include <regex>
#include <string>

using namespace reportd::model;
namespace bj = boost::json;

namespace {
bj::object body_of(const error_response& r) { return bj::parse(r.body).as_object(); }
}  // namespace

TEST_CASE("client errors carry only the message", "[http_errors]") {
  struct row {
    errc code;
    unsigned status;
  };
  for (auto [code, status] : {row{errc::bad_request, 400}, row{errc::unauthenticated, 401},
                              row{errc::not_found, 404}, row{errc::overloaded, 503}}) {
    INFO(to_string(code));
    const auto r = to_http({code, "what went wrong"}, "trace-1");
    CHECK(r.status == status);
    const auto o = body_of(r);
    CHECK(o.size() == 1);
    CHECK(o.at("message") == "what went wrong");
  }
}

TEST_CASE("server errors are 500 with the trace id", "[http_errors]") {
  for (errc code : {errc::timeout, errc::render_failed, errc::mail_failed, errc::internal, errc::none}) {
    INFO(to_string(code));
    const auto r = to_http({code, "rendering timed out"}, "req-42");
    CHECK(r.status == 500);
    const auto o = body_of(r);
    CHECK(o.at("message") == "rendering timed out");
    CHECK(o.at("traceID") == "req-42");
  }
}

TEST_CASE("a permission failure has Grafana's access-denied shape", "[http_errors]") {
  problem p{errc::forbidden, "ignored", "reports:create"};
  const auto r = to_http(p, "req-7");
  CHECK(r.status == 403);
  const auto o = body_of(r);
  CHECK(o.at("title") == "Access denied");
  CHECK(o.at("message") ==
        "You'll need additional permissions to perform this action. Permissions needed: reports:create");
  const std::string id(o.at("accessErrorId").as_string().c_str());
  CHECK(std::regex_match(id, std::regex("ACE[0-9]{10}")));
  // The same request gives the same id, so a user's report can be matched to the log.
  CHECK(body_of(to_http(p, "req-7")).at("accessErrorId") == o.at("accessErrorId"));
}

TEST_CASE("an empty message still gives a sentence", "[http_errors]") {
  CHECK(body_of(to_http({errc::unauthenticated, ""}, "t")).at("message") == "Unauthorized");
  CHECK(body_of(to_http({errc::internal, ""}, "t")).at("message") == "Internal server error");
}
