#include "auth/token.hpp"
#include "store/sqlite.hpp"
#include "temp_db.hpp"

using reportd::model::errc;
using reportd::model::role;
using reportd::store::testing::temp_db;
namespace auth = reportd::auth;

namespace {

// The login look-ups answer "no such credentials" as nullopt; a database error fails the test.
std::optional<reportd::model::principal> token_login(reportd::store::database& db, const std::string& hash) {
  auto r = db.principal_for_token_hash(hash);
  REQUIRE(r);
  return *r;
}

std::optional<reportd::model::principal> user_login(reportd::store::database& db, const std::string& login,
                                                    const std::string& password, std::int64_t org) {
  auto r = db.principal_for_user(login, password, org);
  REQUIRE(r);
  return *r;
}

// Whether the org exists; a database error fails the test (it is no answer).
bool org_exists(reportd::store::database& db, std::int64_t org_id) {
  auto r = db.org_exists(org_id);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("orgs: Main Org. exists, names are unique") {
  temp_db db;
  CHECK(org_exists(*db, 1));
  CHECK_FALSE(org_exists(*db, 2));
  auto id = db->create_org("Second");
  REQUIRE(id);
  CHECK(*id == 2);
  CHECK(org_exists(*db, 2));
  auto dup = db->create_org("Second");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == errc::bad_request);
}

TEST_CASE("a database that cannot say whether an org exists answers an error, never 'no such org'") {
  temp_db db;
  REQUIRE(db->create_user("alice", "pw", 1, role::editor));
  {
    // Another connection drops the table under the store's: every look-up of an org fails.
    reportd::store::sql::sqlite_connection other(db.path());
    other.exec("DROP TABLE orgs");
  }
  auto found = db->org_exists(1);
  REQUIRE_FALSE(found);
  CHECK(found.error().code == errc::internal);
  CHECK(found.error().message.find("no such table: orgs") != std::string::npos);
  CHECK_FALSE(db->org_exists(2));
  // The writes that check the org first answer the same error (500), not "organization not found".
  CHECK(db->create_user("bob", "pw", 1, role::viewer).error().code == errc::internal);
  CHECK(db->add_user_to_org("alice", 1, role::admin).error().code == errc::internal);
  CHECK(db->create_service_account(1, "svc", role::viewer).error().code == errc::internal);
  CHECK(db->create_api_key(1, "key", role::viewer).error().code == errc::internal);
  CHECK(db->save_dashboard(1, reportd::store::testing::dashboard_json("d", "D"), false).error().code ==
        errc::internal);
}

TEST_CASE("service-account token: create, look up by hash, revoke") {
  temp_db db;
  auto org2 = db->create_org("Second");
  REQUIRE(org2);
  auto sa = db->create_service_account(*org2, "ci", role::editor);
  REQUIRE(sa);
  auto token = db->create_token(*sa, "ci-token");
  REQUIRE(token);
  CHECK(auth::service_account_token_well_formed(*token));

  auto p = token_login(*db, auth::sha256_hex(*token));
  REQUIRE(p);
  CHECK(p->org_id == *org2);
  CHECK(p->role == role::editor);
  CHECK(p->service_account_id == *sa);
  CHECK(p->user_id == 0);
  CHECK(p->login == "ci");

  // The token text itself is never stored, so it is no key.
  CHECK_FALSE(token_login(*db, *token));
  CHECK_FALSE(token_login(*db, auth::sha256_hex(*token + "x")));

  auto tokens = db->list_tokens(*org2);
  REQUIRE(tokens);
  REQUIRE(tokens->size() == 1);
  CHECK(tokens->front().name == "ci-token");
  CHECK(tokens->front().service_account_id == *sa);
  CHECK_FALSE(tokens->front().revoked);
  CHECK(db->list_tokens(1)->empty());

  REQUIRE(db->revoke_token(tokens->front().id));
  CHECK_FALSE(token_login(*db, auth::sha256_hex(*token)));
  CHECK(db->list_tokens(*org2)->front().revoked);
  CHECK(db->revoke_token(9999).error().code == errc::not_found);
}

TEST_CASE("tokens for unknown service accounts or orgs are refused") {
  temp_db db;
  CHECK(db->create_token(777, "x").error().code == errc::not_found);
  CHECK(db->create_service_account(9, "x", role::admin).error().code == errc::not_found);
  CHECK(db->create_api_key(9, "x", role::admin).error().code == errc::not_found);
  REQUIRE(db->create_service_account(1, "dup", role::admin));
  CHECK(db->create_service_account(1, "dup", role::admin).error().code == errc::bad_request);
}

TEST_CASE("legacy API key: the stored hash is of the secret k") {
  temp_db db;
  auto key = db->create_api_key(1, "legacy", role::admin);
  REQUIRE(key);
  CHECK(key->rfind("eyJrIjoi", 0) == 0);
  auto parsed = auth::parse_api_key(*key);
  REQUIRE(parsed);
  CHECK(parsed->org_id == 1);
  CHECK(parsed->name == "legacy");
  auto p = token_login(*db, auth::sha256_hex(parsed->key));
  REQUIRE(p);
  CHECK(p->org_id == 1);
  CHECK(p->role == role::admin);
  CHECK(p->service_account_id == 0);
  CHECK(p->login == "legacy");
  auto tokens = db->list_tokens(1);
  REQUIRE(tokens->size() == 1);
  CHECK(tokens->front().service_account_id == 0);
}

TEST_CASE("users log in with the right password in their orgs only") {
  temp_db db;
  auto org2 = db->create_org("Second");
  auto org3 = db->create_org("Third");
  REQUIRE(org2);
  REQUIRE(org3);
  auto uid = db->create_user("alice", "correct horse", *org2, role::editor);
  REQUIRE(uid);

  auto p = user_login(*db, "alice", "correct horse", 0);  // default: first org
  REQUIRE(p);
  CHECK(p->org_id == *org2);
  CHECK(p->user_id == *uid);
  CHECK(p->role == role::editor);
  CHECK(p->login == "alice");

  CHECK_FALSE(user_login(*db, "alice", "wrong", 0));
  CHECK_FALSE(user_login(*db, "alice", "", *org2));
  CHECK_FALSE(user_login(*db, "bob", "correct horse", 0));
  CHECK_FALSE(user_login(*db, "alice", "correct horse", 1));  // not a member

  REQUIRE(db->add_user_to_org("alice", 1, role::viewer));
  auto in_main = user_login(*db, "alice", "correct horse", 1);
  REQUIRE(in_main);
  CHECK(in_main->org_id == 1);
  CHECK(in_main->role == role::viewer);
  // Still defaults to the org joined first.
  CHECK(user_login(*db, "alice", "correct horse", 0)->org_id == *org2);

  REQUIRE(db->add_user_to_org("alice", 1, role::admin));  // changes the role
  CHECK(user_login(*db, "alice", "correct horse", 1)->role == role::admin);

  CHECK(db->add_user_to_org("nobody", 1, role::admin).error().code == errc::not_found);
  CHECK(db->add_user_to_org("alice", 99, role::admin).error().code == errc::not_found);
}

TEST_CASE("user logins are unique and need a password") {
  temp_db db;
  REQUIRE(db->create_user("bob", "pw1", 1, role::admin));
  auto dup = db->create_user("bob", "pw2", 1, role::viewer);
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == errc::bad_request);
  CHECK(db->create_user("carol", "", 1, role::viewer).error().code == errc::bad_request);
  CHECK(db->create_user("dave", "pw", 42, role::viewer).error().code == errc::not_found);
  // The first password still works, the second never took.
  CHECK(user_login(*db, "bob", "pw1", 0));
  CHECK_FALSE(user_login(*db, "bob", "pw2", 0));
}

TEST_CASE("identities survive a reopen") {
  temp_db db;
  auto sa = db->create_service_account(1, "svc", role::admin);
  REQUIRE(sa);
  auto token = db->create_token(*sa, "t");
  REQUIRE(token);
  REQUIRE(db->create_user("erin", "pw", 1, role::editor));
  db.reopen();
  CHECK(token_login(*db, auth::sha256_hex(*token)));
  CHECK(user_login(*db, "erin", "pw", 0));
}
