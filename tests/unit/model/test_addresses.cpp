// The one recipients reader: Grafana's separators, and named addresses as mail clients
// write them (a quoted name may hold the separators).
#include "catch_prelude.hpp"

#include "model/addresses.hpp"
#include "model/validation.hpp"

#include <string>
#include <vector>

using namespace reportd::model;
using strings = std::vector<std::string>;

TEST_CASE("addresses split on comma, semicolon and newlines, trimmed", "[addresses]") {
  CHECK(split_addresses("a@x.io, b@x.io;c@x.io\nd@x.io\r\ne@x.io") ==
        strings{"a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"});
  CHECK(split_addresses("  ,; \n ").empty());
  CHECK(split_addresses("").empty());
  CHECK(split_addresses(" solo@x.io ") == strings{"solo@x.io"});
}

TEST_CASE("a quoted display name may contain the separators", "[addresses]") {
  auto m = parse_mailboxes(R"("Doe, John" <j@x.org>; "Ops; on call" <ops@x.org>, plain@y.org)");
  REQUIRE(m.size() == 3);
  CHECK(m[0].name == "Doe, John");
  CHECK(m[0].address == "j@x.org");
  CHECK(m[1].name == "Ops; on call");
  CHECK(m[1].address == "ops@x.org");
  CHECK(m[2].name.empty());
  CHECK(m[2].address == "plain@y.org");
  CHECK(split_addresses("Jane Roe <jane@x.org>") == strings{"jane@x.org"});
  CHECK(parse_mailboxes("=?utf-8?q?J=C3=B6rg?= <j@x.org>").at(0).name == "J\xc3\xb6rg");
}

TEST_CASE("an entry that is not an address is kept as written, so validation names it", "[addresses]") {
  CHECK(split_addresses("a@x.io, x@, nobody") == strings{"a@x.io", "x@", "nobody"});
  CHECK(validate_addresses(R"("Doe, John" <j@x.org>)", "recipients"));
  CHECK(validate_addresses("a@x.io, x@", "recipients").error().message == "invalid recipients address \"x@\"");
}
