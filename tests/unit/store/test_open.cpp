#include <sqlite3.h>

#include "auth/token.hpp"

#include "temp_db.hpp"

using reportd::store::database;
using reportd::store::testing::temp_db;

namespace {

std::string query_text(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("open creates the folder, uses WAL, and pings") {
  temp_db db;
  CHECK(std::filesystem::exists(db.path()));
  CHECK(db->ping());
  CHECK(query_text(db.path(), "PRAGMA journal_mode") == "wal");
}

TEST_CASE("migrations run once: opening twice keeps data and the version") {
  temp_db db;
  const auto version = query_text(db.path(), "SELECT MAX(version) FROM schema_migrations");
  const auto count = query_text(db.path(), "SELECT COUNT(*) FROM schema_migrations");
  REQUIRE(db->create_org("Second"));
  db.reopen();
  db.reopen();
  CHECK(query_text(db.path(), "SELECT MAX(version) FROM schema_migrations") == version);
  CHECK(query_text(db.path(), "SELECT COUNT(*) FROM schema_migrations") == count);
  CHECK(query_text(db.path(), "SELECT COUNT(*) FROM orgs") == "2");
  CHECK(query_text(db.path(), "SELECT name FROM orgs WHERE id = 1") == "Main Org.");
}

TEST_CASE("the report_runs table exists for run history") {
  temp_db db;
  CHECK(query_text(db.path(), "SELECT COUNT(*) FROM report_runs") == "0");
}

TEST_CASE("opening a path that cannot be a database is a problem, not a crash") {
  temp_db db;
  // The database file's folder exists, so use the folder itself as the path.
  const auto folder = std::filesystem::path(db.path()).parent_path().string();
  auto opened = database::open({folder, false});
  REQUIRE_FALSE(opened);
  CHECK(opened.error().code == reportd::model::errc::internal);
  CHECK_FALSE(database::open({"", false}));
}

TEST_CASE("two connections to one file (store and auth actors) see each other's writes") {
  temp_db db;
  auto second = database::open({db.path(), true});
  REQUIRE(second);
  auto sa = db->create_service_account(1, "svc", reportd::model::role::viewer);
  REQUIRE(sa);
  auto token = db->create_token(*sa, "t");
  REQUIRE(token);
  auto who = (*second)->principal_for_token_hash(reportd::auth::sha256_hex(*token));
  REQUIRE(who);
  CHECK(who->has_value());
  REQUIRE((*second)->create_org("Written by the second"));
  auto second_org = db->org_exists(2);
  REQUIRE(second_org);
  CHECK(*second_org);
}
