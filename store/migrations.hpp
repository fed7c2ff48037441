#pragma once
// The numbered schema migrations. Each runs once, in order, recorded in schema_migrations;
// all pending ones run in a single transaction at open, so a crash leaves the old schema.
#include <vector>

#include "store/sqlite.hpp"

namespace reportd::store {

struct migration {
  int version;
  const char* sql;  // fixed text, several statements
  /// Work SQL text alone cannot do (rebuilding tables from their stored definitions); runs
  /// after `sql`, in the same transaction, with foreign keys off.
  void (*apply)(sql::connection&) = nullptr;
};

/// Every migration, in version order. Append only: never edit one that has shipped.
const std::vector<migration>& all_migrations();

/// Applies the pending migrations; returns the schema version afterwards. Throws sql::error.
int migrate(sql::connection& db);

}  // namespace reportd::store
