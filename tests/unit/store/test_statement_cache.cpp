// The connection's statement cache (store/sqlite.hpp): a statement's SQL text is compiled once
// and reused; reuse must never carry over a binding, a half-read result or a stale schema.
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "catch_prelude.hpp"
#include "store/sqlite.hpp"

namespace sql = reportd::store::sql;

namespace {

struct temp_connection {
  std::filesystem::path path =
    std::filesystem::temp_directory_path() / ("reportd_stmt_cache_" + std::to_string(::getpid()) + ".db");
  std::optional<sql::sqlite_connection> db;
  temp_connection() {
    std::filesystem::remove(path);
    db.emplace(path.string());
    db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two');");
  }
  ~temp_connection() {
    db.reset();
    std::filesystem::remove(path);
  }
};

constexpr const char* by_id = "SELECT name FROM t WHERE id = :id";

std::string name_of(const sql::connection& c, std::int64_t id) {
  sql::statement s(c, by_id);
  s.bind_int(":id", id);
  return s.step() ? s.column_text(0) : "<none>";
}

}  // namespace

TEST_CASE("a reused statement answers for its own bindings, not the previous use's") {
  temp_connection t;
  CHECK(name_of(*t.db, 1) == "one");
  CHECK(name_of(*t.db, 2) == "two");
  CHECK(name_of(*t.db, 3) == "<none>");
  {
    sql::statement unbound(*t.db, by_id);  // bindings were cleared: :id is NULL, no row
    CHECK_FALSE(unbound.step());
  }
}

TEST_CASE("a statement left mid-result is reset before its next use, and the same text can run nested") {
  temp_connection t;
  {
    sql::statement all(*t.db, "SELECT id FROM t ORDER BY id");
    REQUIRE(all.step());
    CHECK(all.column_int(0) == 1);
    // Same text while the first is still open: a second compiled statement, independent.
    sql::statement again(*t.db, "SELECT id FROM t ORDER BY id");
    REQUIRE(again.step());
    CHECK(again.column_int(0) == 1);
    REQUIRE(all.step());
    CHECK(all.column_int(0) == 2);
  }  // both go back half-read
  sql::statement fresh(*t.db, "SELECT id FROM t ORDER BY id");
  REQUIRE(fresh.step());
  CHECK(fresh.column_int(0) == 1);
  // A writer is not blocked by a cached reader left open: the cache reset it.
  sql::statement(*t.db, "INSERT INTO t (id, name) VALUES (3, 'three')").run();
  CHECK(name_of(*t.db, 3) == "three");
}

TEST_CASE("a cached statement still works after the schema changes under it") {
  temp_connection t;
  CHECK(name_of(*t.db, 1) == "one");
  t.db->exec("ALTER TABLE t ADD COLUMN extra TEXT; UPDATE t SET name = 'uno' WHERE id = 1;");
  CHECK(name_of(*t.db, 1) == "uno");
}

TEST_CASE("a statement that does not compile is an error, and the connection goes on") {
  temp_connection t;
  CHECK_THROWS_AS(sql::statement(*t.db, "SELECT nope FROM t"), sql::error);
  CHECK(name_of(*t.db, 2) == "two");
}
