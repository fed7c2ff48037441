#pragma once
// A thin RAII layer over the sqlite3 C API: a connection, prepared statements with named
// parameters, and transactions. Failures become sql::error; every public `database`
// function catches it at its boundary (see guarded() in database_impl.hpp), so no
// exception leaves the store engine.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reportd::store::sql {

struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Owns one sqlite3 connection, and the statements it has prepared: a statement's SQL text is
/// parsed once per connection and the compiled statement reused (reset, bindings cleared) by
/// every later statement with the same text, so a request does not pay SQLite's parser again.
class connection {
public:
  /// read_only: SQLITE_OPEN_READONLY, the file must exist (a reader beside the writer).
  explicit connection(const std::string& path, bool read_only = false);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  sqlite3* get() const noexcept { return db_; }
  /// Runs fixed SQL text (several statements allowed). Never pass user input here.
  void exec(const char* sql);
  std::int64_t last_insert_id() const noexcept;
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  int changes() const noexcept;

private:
  friend class statement;
  /// A compiled statement for `sql`: an idle cached one, else a newly prepared one.
  sqlite3_stmt* take(const std::string& sql) const;
  /// `stmt` is done: reset and kept for the next use of `sql` (or finalized when the cache
  /// already has one or is full).
  void give_back(std::string sql, sqlite3_stmt* stmt) const noexcept;

  sqlite3* db_ = nullptr;
  // Idle statements by SQL text. Bounded: the store's SQL is a fixed set of texts, but a
  // caller that built many distinct texts must not grow it without end.
  static constexpr std::size_t max_cached = 256;
  mutable std::unordered_map<std::string, sqlite3_stmt*> idle_;
};

/// One prepared statement. Parameters are bound by name (":name"), so a long column list
/// cannot drift out of order.
class statement {
public:
  statement(const connection& c, std::string_view sql);
  ~statement();
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind_int(const char* name, std::int64_t value);
  statement& bind_bool(const char* name, bool value) { return bind_int(name, value ? 1 : 0); }
  statement& bind_text(const char* name, std::string_view value);
  statement& bind_null(const char* name);
  statement& bind_optional_int(const char* name, const std::optional<std::int64_t>& value);

  /// Advances; true while a row is available.
  bool step();
  /// Runs a statement that returns no rows.
  void run();

  std::int64_t column_int(int col) const;
  std::string column_text(int col) const;
  bool column_is_null(int col) const;

private:
  int index_of(const char* name) const;
  const connection& owner_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// Reads one row's columns in order, so reading code mirrors its SELECT list.
class row_reader {
public:
  explicit row_reader(const statement& s) : s_(s) {}
  std::int64_t next_int() { return s_.column_int(col_++); }
  int next_int32() { return static_cast<int>(s_.column_int(col_++)); }
  bool next_bool() { return s_.column_int(col_++) != 0; }
  std::string next_text() { return s_.column_text(col_++); }
  std::optional<std::int64_t> next_optional_int();

private:
  const statement& s_;
  int col_ = 0;
};

/// A write transaction is BEGIN IMMEDIATE (takes the write lock up front, so two writers
/// never deadlock on an upgrade); a read transaction is a plain BEGIN, a consistent snapshot.
/// Rolls back unless commit() was called.
class transaction {
public:
  enum class mode { write, read };
  explicit transaction(connection& c, mode m = mode::write);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  void commit();

private:
  connection& c_;
  bool done_ = false;
};

}  // namespace reportd::store::sql
