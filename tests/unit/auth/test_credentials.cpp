// What a request's headers present, read without the database (auth/credentials.hpp), and
// the cache of verified credentials shared by the auth actor and the supervisors.
#include "catch_prelude.hpp"

#include "auth/credentials.hpp"
#include "auth/encoding.hpp"
#include "auth/principal_cache.hpp"
#include "auth/token.hpp"

using namespace reportd;
using namespace std::chrono_literals;

namespace {

std::string refusal(std::string_view authorization, std::string_view org = {}) {
  auto c = auth::read_credentials(authorization, org);
  return c ? std::string("accepted") : c.error().message;
}

}  // namespace

TEST_CASE("malformed credentials are refused with what is wrong") {
  CHECK(refusal("") == "Unauthorized: no credentials given");
  CHECK(refusal("Bearer glsa_bad") == "invalid service account token");
  CHECK(refusal("Bearer not-base64-json") == "invalid API key");
  CHECK(refusal("Basic !!!") == "invalid Basic credentials");
  CHECK(refusal("Digest x") == "unsupported Authorization scheme");
  auto token = auth::generate_service_account_token();
  CHECK(refusal("Bearer " + token, "abc") == "invalid X-Grafana-Org-Id header");
  CHECK(refusal("Bearer " + token, "0") == "invalid X-Grafana-Org-Id header");
  CHECK(refusal("Bearer " + token, "12x") == "invalid X-Grafana-Org-Id header");
}

TEST_CASE("well-formed credentials say which secret to look up") {
  auto token = auth::generate_service_account_token();
  auto t = auth::read_credentials("Bearer " + token, "+3");
  REQUIRE(t);
  CHECK(t->kind == auth::presented_credentials::scheme::token);
  CHECK(t->token_secret == token);
  CHECK(t->org == 3);
  auto key = auth::encode_api_key({"s3cret", "legacy", 2});
  auto k = auth::read_credentials("bearer " + key, "");
  REQUIRE(k);
  CHECK(k->token_secret == "s3cret");
  CHECK(k->org == 0);
  auto b = auth::read_credentials("Basic " + auth::detail::base64_encode("alice:pw:with:colons"), "");
  REQUIRE(b);
  CHECK(b->kind == auth::presented_credentials::scheme::basic);
  CHECK(b->basic.login == "alice");
  CHECK(b->basic.password == "pw:with:colons");
}

TEST_CASE("the principal cache answers until the TTL, per credentials and org") {
  auth::principal_cache cache(10s);
  const auto t0 = auth::principal_cache::clock::now();
  model::principal who;
  who.org_id = 4;
  auto key = cache.key("Bearer x", "");
  CHECK_FALSE(cache.find(key, t0));
  cache.put(key, who, t0);
  REQUIRE(cache.find(key, t0 + 9s));
  CHECK(cache.find(key, t0 + 9s)->org_id == 4);
  CHECK_FALSE(cache.find(cache.key("Bearer x", "4"), t0));  // another org header: another key
  CHECK_FALSE(cache.find(cache.key("Bearer y", ""), t0));
  CHECK_FALSE(cache.find(key, t0 + 10s));  // expired, and forgotten
  CHECK(cache.key("Bearer x", "").find("Bearer") == std::string::npos);  // only a keyed hash
}

TEST_CASE("a principal cache with no TTL remembers nothing, and a full one stays bounded") {
  auth::principal_cache off(0ms);
  const auto now = auth::principal_cache::clock::now();
  off.put(off.key("Bearer x", ""), {}, now);
  CHECK_FALSE(off.find(off.key("Bearer x", ""), now));
  auth::principal_cache small(10s, 32);  // two entries per shard
  for (int i = 0; i < 1000; ++i)
    small.put(small.key("Bearer " + std::to_string(i), ""), {}, now);
  int kept = 0;
  for (int i = 0; i < 1000; ++i)
    kept += small.find(small.key("Bearer " + std::to_string(i), ""), now) ? 1 : 0;
  CHECK(kept > 0);
  CHECK(kept <= 16 * 3);
  CHECK(small.find(small.key("Bearer 999", ""), now));  // the latest is always kept
}
