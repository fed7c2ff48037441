#include "store/sql.hpp"

namespace reportd::store::sql {

void statement::run() {
  if (step()) throw error("statement returned rows where none were expected");
}

std::int64_t statement::run_returning_id() {
  if (!step()) throw error("INSERT ... RETURNING id returned no row");
  const auto id = column_int(0);
  // Stepped to its end: SQLite refuses COMMIT while a write statement is unfinished
  // ("cannot commit transaction - SQL statements in progress").
  if (step()) throw error("INSERT ... RETURNING id returned more than one row");
  return id;
}

std::optional<std::int64_t> row_reader::next_optional_int() {
  const int col = col_++;
  if (s_.column_is_null(col)) return std::nullopt;
  return s_.column_int(col);
}

}  // namespace reportd::store::sql
