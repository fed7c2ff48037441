#include "store/sql.hpp"

namespace reportd::store::sql {

void statement::run() {
  if (step()) throw error("statement returned rows where none were expected");
}

std::optional<std::int64_t> row_reader::next_optional_int() {
  const int col = col_++;
  if (s_.column_is_null(col)) return std::nullopt;
  return s_.column_int(col);
}

}  // namespace reportd::store::sql
