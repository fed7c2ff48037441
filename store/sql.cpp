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

transaction::transaction(connection& c, mode m) : c_(c), level_(c.open_transactions_) {
  if (level_ > 0 && c_.fresh_savepoint_) {
    // Nothing has run since the write's savepoint: rolling back to it undoes exactly what
    // this transaction did, and releasing it is run_group's.
    shared_ = true;
  } else if (level_ == 0) {
    c_.begin(m == mode::write);
  } else {
    if (!c_.in_transaction()) throw error("the enclosing transaction was rolled back");
    c_.exec(("SAVEPOINT " + savepoint_name()).c_str());
  }
  c_.fresh_savepoint_ = false;
  ++c_.open_transactions_;
}

transaction::~transaction() {
  if (done_) return;
  if (shared_) {
    try {
      c_.exec(("ROLLBACK TO SAVEPOINT " + savepoint_name()).c_str());  // kept: run_group's to release
    } catch (...) {  // the enclosing transaction is broken: its own commit or rollback says so
    }
  } else if (level_ == 0) {
    c_.rollback();
  } else {
    try {
      const auto name = savepoint_name();
      c_.exec(("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name).c_str());
    } catch (...) {  // the enclosing transaction is broken: its own commit or rollback says so
    }
  }
  close();
}

void transaction::commit() {
  if (shared_)
    ;  // stays in the write's savepoint, which run_group releases
  else if (level_ == 0)
    c_.commit();
  else
    c_.exec(("RELEASE SAVEPOINT " + savepoint_name()).c_str());
  close();
}

void transaction::rollback() {
  if (shared_) {
    c_.exec(("ROLLBACK TO SAVEPOINT " + savepoint_name()).c_str());
    close();
    return;
  }
  if (level_ == 0) {
    close();
    c_.rollback();
    return;
  }
  const auto name = savepoint_name();
  c_.exec(("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name).c_str());
  close();
}

void transaction::close() noexcept {
  if (done_) return;
  done_ = true;
  --c_.open_transactions_;
}

std::string transaction::savepoint_name() const {
  return "reportd_" + std::to_string(shared_ ? level_ - 1 : level_);
}

void run_group(connection& c, const std::vector<std::function<bool()>>& writes) {
  transaction group(c);
  for (const auto& write : writes) {
    transaction one(c);  // a savepoint
    c.fresh_savepoint_ = true;
    const bool kept = write();
    c.fresh_savepoint_ = false;
    if (kept)
      one.commit();
    else
      one.rollback();
  }
  if (!c.in_transaction()) throw error("the group's transaction was rolled back");
  group.commit();
}

std::optional<std::int64_t> row_reader::next_optional_int() {
  const int col = col_++;
  if (s_.column_is_null(col)) return std::nullopt;
  return s_.column_int(col);
}

}  // namespace reportd::store::sql
