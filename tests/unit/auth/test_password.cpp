#include "catch_prelude.hpp"

#include "auth/encoding.hpp"
#include "auth/token.hpp"

using namespace reportd::auth;

TEST_CASE("new passwords are hashed at OWASP's 2023 strength unless told otherwise") {
  const std::string stored = hash_password("s3cret pass");
  CHECK(stored.rfind("pbkdf2-sha256$600000$", 0) == 0);
  CHECK(verify_password("s3cret pass", stored));
  CHECK(hash_password("pw", 1000).rfind("pbkdf2-sha256$1000$", 0) == 0);
  CHECK(hash_password("pw", 0).empty());  // never a hash that anything could match
}

TEST_CASE("a hashed password verifies, a wrong one does not") {
  const std::string stored = hash_password("s3cret pass", 1000);
  CHECK(stored.rfind("pbkdf2-sha256$", 0) == 0);
  CHECK(stored.find("s3cret") == std::string::npos);
  CHECK(verify_password("s3cret pass", stored));
  CHECK_FALSE(verify_password("s3cret pas", stored));
  CHECK_FALSE(verify_password("", stored));
}

TEST_CASE("the same password hashes differently each time (random salt)") {
  const std::string a = hash_password("pw", 1000);
  const std::string b = hash_password("pw", 1000);
  CHECK(a != b);
  CHECK(verify_password("pw", a));
  CHECK(verify_password("pw", b));
}

TEST_CASE("corrupt stored hashes never verify") {
  const std::string stored = hash_password("pw", 1000);
  CHECK_FALSE(verify_password("pw", ""));
  CHECK_FALSE(verify_password("pw", "pw"));
  CHECK_FALSE(verify_password("pw", "md5$1$00$00"));
  CHECK_FALSE(verify_password("pw", "pbkdf2-sha256$0$00$00"));
  CHECK_FALSE(verify_password("pw", "pbkdf2-sha256$abc$00$00"));
  CHECK_FALSE(verify_password("pw", "pbkdf2-sha256$10000$zz$00"));
  CHECK_FALSE(verify_password("pw", "pbkdf2-sha256$10000$00$"));
  CHECK_FALSE(verify_password("pw", stored + "$x"));
  std::string flipped = stored;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  CHECK_FALSE(verify_password("pw", flipped));
}

TEST_CASE("equal_constant_time compares contents and lengths") {
  CHECK(equal_constant_time("abc", "abc"));
  CHECK_FALSE(equal_constant_time("abc", "abd"));
  CHECK_FALSE(equal_constant_time("abc", "abcd"));
  CHECK(equal_constant_time("", ""));
}

TEST_CASE("Basic credentials parse") {
  const auto header = "Basic " + detail::base64_encode("admin:pa:ss");
  const auto creds = parse_basic(header);
  REQUIRE(creds);
  CHECK(creds->login == "admin");
  CHECK(creds->password == "pa:ss");  // only the first colon separates
  const auto lower = parse_basic("basic " + detail::base64_encode("bob:"));
  REQUIRE(lower);
  CHECK(lower->login == "bob");
  CHECK(lower->password.empty());
}

TEST_CASE("malformed Basic credentials are rejected") {
  CHECK_FALSE(parse_basic(""));
  CHECK_FALSE(parse_basic("Basic"));
  CHECK_FALSE(parse_basic("Basic "));
  CHECK_FALSE(parse_basic("Bearer " + detail::base64_encode("a:b")));
  CHECK_FALSE(parse_basic("Basic " + detail::base64_encode("no-colon")));
  CHECK_FALSE(parse_basic("Basic " + detail::base64_encode(":password-only")));
  CHECK_FALSE(parse_basic("Basic !!!not-base64!!!"));
  CHECK_FALSE(parse_basic("Basicxyz" + detail::base64_encode("a:b")));
}
