#include "store/sqlite.hpp"

namespace reportd::store::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

connection::connection(const std::string& path, bool read_only) {
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    db_ = nullptr;
    throw error(msg);
  }
  sqlite3_extended_result_codes(db_, 1);
}

connection::~connection() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

sqlite3_stmt* connection::take(const std::string& sql) const {
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

void connection::give_back(std::string sql, sqlite3_stmt* stmt) const noexcept {
  // reset returns the last step's error, already reported by step(); nothing to do with it.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  try {
    if (idle_.size() < max_cached && idle_.emplace(std::move(sql), stmt).second) return;
  } catch (...) {  // no memory for the cache entry: just finalize
  }
  sqlite3_finalize(stmt);
}

void connection::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string text = msg ? msg : sqlite3_errmsg(db_);
    sqlite3_free(msg);
    throw error(text);
  }
}

std::int64_t connection::last_insert_id() const noexcept { return sqlite3_last_insert_rowid(db_); }

int connection::changes() const noexcept { return sqlite3_changes(db_); }

statement::statement(const connection& c, std::string_view sql) : owner_(c), db_(c.get()), sql_(sql) {
  stmt_ = owner_.take(sql_);
}

statement::~statement() {
  if (stmt_ != nullptr) owner_.give_back(std::move(sql_), stmt_);
}

int statement::index_of(const char* name) const {
  const int idx = sqlite3_bind_parameter_index(stmt_, name);
  if (idx == 0) throw error(std::string("no SQL parameter ") + name);
  return idx;
}

statement& statement::bind_int(const char* name, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index_of(name), value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

statement& statement::bind_text(const char* name, std::string_view value) {
  if (sqlite3_bind_text64(stmt_, index_of(name), value.data(), value.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}

statement& statement::bind_null(const char* name) {
  if (sqlite3_bind_null(stmt_, index_of(name)) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

statement& statement::bind_optional_int(const char* name,
                                        const std::optional<std::int64_t>& value) {
  return value ? bind_int(name, *value) : bind_null(name);
}

bool statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

void statement::run() {
  if (step()) throw error("statement returned rows where none were expected");
}

std::int64_t statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string statement::column_text(int col) const {
  const auto* text = sqlite3_column_text(stmt_, col);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::optional<std::int64_t> row_reader::next_optional_int() {
  const int col = col_++;
  if (s_.column_is_null(col)) return std::nullopt;
  return s_.column_int(col);
}

transaction::transaction(connection& c, mode m) : c_(c) {
  c_.exec(m == mode::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

transaction::~transaction() {
  if (done_) return;
  // A failed ROLLBACK leaves SQLite to roll back on its own; nothing better to do here.
  sqlite3_exec(c_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

}  // namespace reportd::store::sql
