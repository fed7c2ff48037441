#include "store/sqlite.hpp"

namespace reportd::store::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

/// One use of a compiled statement; gives it back to the connection's cache when done.
class sqlite_cursor final : public cursor {
public:
  sqlite_cursor(const sqlite_connection& c, std::string_view sql)
      : owner_(c), db_(c.get()), sql_(sql), stmt_(c.take(sql_)) {}
  ~sqlite_cursor() override { owner_.give_back(std::move(sql_), stmt_); }
  sqlite_cursor(const sqlite_cursor&) = delete;
  sqlite_cursor& operator=(const sqlite_cursor&) = delete;

  void bind_int(const char* name, std::int64_t value) override {
    if (sqlite3_bind_int64(stmt_, index_of(name), value) != SQLITE_OK) fail(db_, "bind");
  }
  void bind_text(const char* name, std::string_view value) override {
    if (sqlite3_bind_text64(stmt_, index_of(name), value.data(), value.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8) != SQLITE_OK)
      fail(db_, "bind");
  }
  void bind_null(const char* name) override {
    if (sqlite3_bind_null(stmt_, index_of(name)) != SQLITE_OK) fail(db_, "bind");
  }
  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
      throw duplicate(std::string("step: ") + sqlite3_errmsg(db_));
    fail(db_, "step");
  }
  std::int64_t column_int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  std::string column_text(int col) const override {
    const auto* text = sqlite3_column_text(stmt_, col);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  bool column_is_null(int col) const override {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
  }

private:
  int index_of(const char* name) const {
    const int idx = sqlite3_bind_parameter_index(stmt_, name);
    if (idx == 0) throw error(std::string("no SQL parameter ") + name);
    return idx;
  }

  const sqlite_connection& owner_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_;
};

namespace {

// Once per process, before the first connection opens: no global memory statistics. With
// them SQLite takes one process-wide mutex around every allocation of every connection,
// and the store's reader threads queue on it (futex waits inside sqlite3_step under load).
void configure_sqlite_once() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;  // SQLITE_MISUSE if SQLite was initialised already: then it keeps its statistics
}

}  // namespace

sqlite_connection::sqlite_connection(const std::string& path, bool read_only) {
  configure_sqlite_once();
  // NOMUTEX: a connection is only ever used by its owner (one store actor, one thread at a
  // time), so SQLite's per-connection lock is pure cost.
  const int flags = SQLITE_OPEN_NOMUTEX |
                    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    db_ = nullptr;
    throw error(msg);
  }
  sqlite3_extended_result_codes(db_, 1);
}

sqlite_connection::~sqlite_connection() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

sqlite3_stmt* sqlite_connection::take(const std::string& sql) const {
  if (auto it = idle_.find(sql); it != idle_.end()) {
    auto* stmt = it->second;
    idle_.erase(it);
    return stmt;
  }
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT: SQLite allocates it expecting a long life (outside its lookaside memory).
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK)
    fail(db_, "prepare");
  return stmt;
}

void sqlite_connection::give_back(std::string sql, sqlite3_stmt* stmt) const noexcept {
  // reset returns the last step's error, already reported by step(); nothing to do with it.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  try {
    if (idle_.size() < max_cached && idle_.emplace(std::move(sql), stmt).second) return;
  } catch (...) {  // no memory for the cache entry: just finalize
  }
  sqlite3_finalize(stmt);
}

std::unique_ptr<cursor> sqlite_connection::prepare(std::string_view sql) const {
  return std::make_unique<sqlite_cursor>(*this, sql);
}

void sqlite_connection::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string text = msg ? msg : sqlite3_errmsg(db_);
    sqlite3_free(msg);
    throw error(text);
  }
}

int sqlite_connection::changes() const noexcept { return sqlite3_changes(db_); }

void sqlite_connection::rollback() noexcept {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace reportd::store::sql
