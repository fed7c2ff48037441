#pragma once
// SQLite behind the store's SQL layer (store/sql.hpp): a thin RAII layer over the sqlite3 C
// API.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql.hpp"

namespace reportd::store::sql {

/// Owns one sqlite3 connection, and the statements it has prepared: a statement's SQL text is
/// parsed once per connection and the compiled statement reused (reset, bindings cleared) by
/// every later statement with the same text, so a request does not pay SQLite's parser again.
class sqlite_connection final : public connection {
public:
  /// read_only: SQLITE_OPEN_READONLY, the file must exist (a reader beside the writer).
  explicit sqlite_connection(const std::string& path, bool read_only = false);
  ~sqlite_connection() override;
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;

  engine kind() const noexcept override { return engine::sqlite; }
  void exec(const char* sql) override;
  std::unique_ptr<cursor> prepare(std::string_view sql) const override;
  int changes() const noexcept override;
  void begin(bool write) override { exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override;
  bool in_transaction() const noexcept override { return sqlite3_get_autocommit(db_) == 0; }

  sqlite3* get() const noexcept { return db_; }

private:
  friend class sqlite_cursor;
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

}  // namespace reportd::store::sql
