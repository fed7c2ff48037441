#include "catch_prelude.hpp"

#include "model/request_json.hpp"

#include <string>

using namespace reportd::model;

// The codecs borrow their JSON parser from the thread's spares (model/json_read.hpp): what
// one parse read must not leak into the next, whatever the previous body was.

TEST_CASE("a reused parser reads each body afresh, after a large one and after an error") {
  std::string big = R"({"id":1,"emails":")" + std::string(3 << 20, 'a') + R"("})";
  CHECK_FALSE(parse_send_request(big));  // 3 MB of one address: invalid, and a grown parser
  CHECK_FALSE(parse_send_request("{not json"));
  auto r = parse_send_request(R"({"id":7,"emails":"a@example.com"})");
  REQUIRE(r);
  CHECK(r->id == 7);
  CHECK(r->emails == "a@example.com");
  auto again = parse_send_request(R"({"id":8,"useEmailsFromReport":true})");
  REQUIRE(again);
  CHECK(again->id == 8);
  CHECK(again->emails.empty());
}
