// How the SQL layer reports what went wrong: a unique index's refusal is sql::duplicate (the
// store answers it 400), anything else a plain sql::error (500).
#include <unistd.h>

#include <filesystem>

#include "catch_prelude.hpp"
#include "store/sqlite.hpp"

namespace sql = reportd::store::sql;

TEST_CASE("a write a unique index refuses is a duplicate, other failures are not") {
  const auto path =
      std::filesystem::temp_directory_path() / ("reportd_sql_errors_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    sql::sqlite_connection c(path.string());
    c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
    sql::statement(c, "INSERT INTO t (name) VALUES (:n)").bind_text(":n", "a").run();

    sql::statement again(c, "INSERT INTO t (name) VALUES (:n)");
    again.bind_text(":n", "a");
    CHECK_THROWS_AS(again.run(), sql::duplicate);

    sql::statement same_key(c, "INSERT INTO t (id, name) VALUES (1, 'b')");
    CHECK_THROWS_AS(same_key.run(), sql::duplicate);

    sql::statement not_null(c, "INSERT INTO t (name) VALUES (NULL)");
    try {
      not_null.run();
      FAIL("a NULL name was accepted");
    } catch (const sql::duplicate&) {
      FAIL("a NOT NULL failure was reported as a duplicate");
    } catch (const sql::error& e) {
      CHECK(std::string(e.what()).find("NOT NULL") != std::string::npos);
    }
  }
  std::filesystem::remove(path);
}
