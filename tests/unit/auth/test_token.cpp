#include "catch_prelude.hpp"

#include <set>
#include <vector>

#include "auth/encoding.hpp"
#include "auth/token.hpp"

using namespace reportd::auth;

TEST_CASE("a generated service-account token has the glsa_ shape and a valid CRC") {
  const std::string token = generate_service_account_token();
  REQUIRE(token.size() == 46);
  CHECK(token.rfind("glsa_", 0) == 0);
  CHECK(token[37] == '_');
  for (char c : token.substr(5, 32)) CHECK(std::isalnum(static_cast<unsigned char>(c)));
  for (char c : token.substr(38)) CHECK(std::string("0123456789abcdef").find(c) != std::string::npos);
  CHECK(service_account_token_well_formed(token));
}

TEST_CASE("two generated tokens differ") {
  CHECK(generate_service_account_token() != generate_service_account_token());
}

TEST_CASE("a token with any character changed fails the CRC check") {
  const std::string token = generate_service_account_token();
  for (std::size_t i = 5; i < token.size(); ++i) {
    if (i == 37) continue;
    std::string bad = token;
    bad[i] = bad[i] == 'a' ? 'b' : 'a';
    INFO("position " << i);
    CHECK_FALSE(service_account_token_well_formed(bad));
  }
}

TEST_CASE("malformed service-account tokens are rejected") {
  const std::string token = generate_service_account_token();
  CHECK_FALSE(service_account_token_well_formed(""));
  CHECK_FALSE(service_account_token_well_formed("glsa_"));
  CHECK_FALSE(service_account_token_well_formed(token.substr(0, token.size() - 1)));
  CHECK_FALSE(service_account_token_well_formed(token + "0"));
  CHECK_FALSE(service_account_token_well_formed("glsb_" + token.substr(5)));
  std::string upper = token;
  for (std::size_t i = 38; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  if (upper != token) CHECK_FALSE(service_account_token_well_formed(upper));
}

TEST_CASE("a known token checks out (CRC32 of everything before the last underscore)") {
  // crc32("glsa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") computed independently with Python's zlib.
  CHECK(service_account_token_well_formed("glsa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_940aa4b1"));
  CHECK_FALSE(service_account_token_well_formed("glsa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_940aa4b2"));
}

TEST_CASE("API keys round-trip and look like Grafana's") {
  const api_key key{generate_secret(), "ci-key", 7};
  const std::string encoded = encode_api_key(key);
  CHECK(encoded.rfind("eyJrIjoi", 0) == 0);
  const auto parsed = parse_api_key(encoded);
  REQUIRE(parsed);
  CHECK(parsed->key == key.key);
  CHECK(parsed->name == "ci-key");
  CHECK(parsed->org_id == 7);
}

TEST_CASE("an API key Grafana made parses") {
  // base64 of {"k":"abc123","n":"grafana","id":1}
  const auto parsed = parse_api_key("eyJrIjoiYWJjMTIzIiwibiI6ImdyYWZhbmEiLCJpZCI6MX0=");
  REQUIRE(parsed);
  CHECK(parsed->key == "abc123");
  CHECK(parsed->name == "grafana");
  CHECK(parsed->org_id == 1);
  // The same without padding.
  CHECK(parse_api_key("eyJrIjoiYWJjMTIzIiwibiI6ImdyYWZhbmEiLCJpZCI6MX0"));
}

TEST_CASE("malformed API keys are rejected") {
  using detail::base64_encode;
  CHECK_FALSE(parse_api_key(""));
  CHECK_FALSE(parse_api_key("not base64 at all!"));
  CHECK_FALSE(parse_api_key(base64_encode("not json")));
  CHECK_FALSE(parse_api_key(base64_encode("[1,2,3]")));
  CHECK_FALSE(parse_api_key(base64_encode(R"({"n":"x","id":1})")));
  CHECK_FALSE(parse_api_key(base64_encode(R"({"k":"","n":"x","id":1})")));
  CHECK_FALSE(parse_api_key(base64_encode(R"({"k":"s","n":"x"})")));
  CHECK_FALSE(parse_api_key(base64_encode(R"({"k":"s","n":"x","id":"1"})")));
  CHECK_FALSE(parse_api_key(base64_encode(R"({"k":"s","n":"x","id":0})")));
  CHECK_FALSE(parse_api_key(base64_encode(R"({"k":"s","n":"x","id":1)")));
  CHECK_FALSE(parse_api_key(std::string(5000, 'A')));
}

TEST_CASE("sha256_hex is the lowercase hex SHA-256") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("generated secrets have the asked length and only letters and digits") {
  const std::string s = generate_secret(20);
  CHECK(s.size() == 20);
  for (char c : s) CHECK(std::isalnum(static_cast<unsigned char>(c)));
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(generate_secret(12));
  CHECK(seen.size() == 50);
}

TEST_CASE("base64 helpers round-trip every padding length") {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x01", 3)}) {
    const auto back = detail::base64_decode(detail::base64_encode(s));
    REQUIRE(back);
    CHECK(*back == s);
  }
}
