#pragma once
// The numbered schema migrations. Each runs once, in order, recorded in schema_migrations;
// all pending ones run in a single transaction at open, so a crash leaves the old schema.
// The same numbered list serves SQLite and PostgreSQL: each text is written for SQLite and
// rewritten for PostgreSQL by postgres_ddl(); on PostgreSQL the transaction first takes an
// advisory lock, so two instances starting at once migrate once.
#include <string>
#include <vector>

#include "store/sql.hpp"

namespace reportd::store {

struct migration {
  int version;
  const char* sql;  // fixed text, several statements
  /// SQLite only: work SQL text alone cannot do (rebuilding tables from their stored
  /// definitions); runs after `sql`, in the same transaction, with foreign keys off.
  void (*apply)(sql::connection&) = nullptr;
  /// PostgreSQL only: what the engine needs beyond the rewritten text; runs after it.
  void (*apply_postgres)(sql::connection&) = nullptr;
};

/// A migration's SQLite text as PostgreSQL takes it: `INTEGER PRIMARY KEY` becomes a 64-bit
/// identity column (ids never reused, as SQLite's AUTOINCREMENT), every other INTEGER a
/// BIGINT (SQLite's integers are 64-bit), and SQLite's "now in epoch seconds" PostgreSQL's.
std::string postgres_ddl(const std::string& sqlite_text);

/// Every migration, in version order. Append only: never edit one that has shipped.
const std::vector<migration>& all_migrations();

/// Applies the pending migrations; returns the schema version afterwards. Throws sql::error.
int migrate(sql::connection& db);

}  // namespace reportd::store
