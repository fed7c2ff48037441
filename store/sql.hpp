#pragma once
// The store's SQL layer, the same for every engine: a connection, statements with named
// parameters (":name"), rows read column by column, and transactions. SQLite
// (store/sqlite.hpp) and PostgreSQL (store/postgres.hpp) implement it; the code that writes
// the store's SQL (reports.cpp, runs.cpp, ...) sees only this header. Failures become
// sql::error; every public `database` function catches it at its boundary (see guarded()
// in database_impl.hpp), so no exception leaves the store engine.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reportd::store::sql {

struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A write a unique index refused: the row exists (on PostgreSQL, typically created by another
/// instance between this one's check and its insert). The request was bad, not the server.
struct duplicate : error {
  using error::error;
};

enum class engine { sqlite, postgres };

/// One use of one SQL text on one connection: what an engine implements for `statement`.
class cursor {
public:
  virtual ~cursor() = default;
  virtual void bind_int(const char* name, std::int64_t value) = 0;
  virtual void bind_text(const char* name, std::string_view value) = 0;
  virtual void bind_null(const char* name) = 0;
  /// Runs the statement on the first call; true while a row is available.
  virtual bool step() = 0;
  virtual std::int64_t column_int(int col) const = 0;
  virtual std::string column_text(int col) const = 0;
  virtual bool column_is_null(int col) const = 0;
};

/// One connection to the database. Not thread-safe: one per thread (per store worker).
class connection {
public:
  virtual ~connection() = default;
  virtual engine kind() const noexcept = 0;
  /// Runs fixed SQL text (several statements allowed). Never pass user input here.
  virtual void exec(const char* sql) = 0;
  /// A cursor for `sql`; engines keep compiled statements per connection and reuse them.
  virtual std::unique_ptr<cursor> prepare(std::string_view sql) const = 0;
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  virtual int changes() const noexcept = 0;

  /// BEGIN for a write (the engine's way of not deadlocking two writers) or a read (one
  /// consistent snapshot); see `transaction`.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  /// Never throws: a failed ROLLBACK leaves the engine to roll back on its own.
  virtual void rollback() noexcept = 0;
  /// Whether the engine has a transaction open: SQLite rolls one back on its own after some
  /// errors (a full disk, I/O), and a savepoint opened after that would start a new one.
  virtual bool in_transaction() const noexcept = 0;

private:
  friend class transaction;
  friend class statement;
  friend void run_group(connection&, const std::vector<std::function<bool()>>&);
  int open_transactions_ = 0;  // the `transaction`s open on this connection (outermost + savepoints)
  /// run_group has just opened a write's savepoint and nothing has run in it yet: a
  /// transaction opened now uses that savepoint instead of opening one of its own.
  mutable bool fresh_savepoint_ = false;
};

/// One statement. Parameters are bound by name (":name"), so a long column list cannot drift
/// out of order.
class statement {
public:
  statement(const connection& c, std::string_view sql) : cursor_(c.prepare(sql)) { c.fresh_savepoint_ = false; }

  statement& bind_int(const char* name, std::int64_t value) {
    cursor_->bind_int(name, value);
    return *this;
  }
  statement& bind_bool(const char* name, bool value) { return bind_int(name, value ? 1 : 0); }
  statement& bind_text(const char* name, std::string_view value) {
    cursor_->bind_text(name, value);
    return *this;
  }
  statement& bind_null(const char* name) {
    cursor_->bind_null(name);
    return *this;
  }
  statement& bind_optional_int(const char* name, const std::optional<std::int64_t>& value) {
    return value ? bind_int(name, *value) : bind_null(name);
  }

  /// Advances; true while a row is available.
  bool step() { return cursor_->step(); }
  /// Runs a statement that returns no rows.
  void run();
  /// Runs an INSERT of one row ending in `RETURNING id` (both engines have it: SQLite since
  /// 3.35) and answers the new row's id: one statement, no second round trip for it.
  std::int64_t run_returning_id();

  std::int64_t column_int(int col) const { return cursor_->column_int(col); }
  std::string column_text(int col) const { return cursor_->column_text(col); }
  bool column_is_null(int col) const { return cursor_->column_is_null(col); }

private:
  std::unique_ptr<cursor> cursor_;
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

/// A transaction on `c`, rolled back unless commit() was called. A write transaction takes
/// the engine's write lock up front where it has one (SQLite: BEGIN IMMEDIATE, so two writers
/// never deadlock on an upgrade); a read transaction is one consistent snapshot.
///
/// Opened while another transaction is open on the same connection, it is a SAVEPOINT inside
/// that one (both engines have them): commit() releases it into the enclosing transaction
/// (durable only when that one commits), and a rollback undoes only what was done since it
/// was opened. So every `database` function, which opens its own transaction, also runs as one
/// step of a larger transaction (a group of writes, see run_group). Opened first thing in a
/// write of a group, it shares the savepoint run_group opened for that write (the same
/// effect, two statements fewer: on PostgreSQL each is a round trip).
class transaction {
public:
  enum class mode { write, read };
  explicit transaction(connection& c, mode m = mode::write);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  void commit();
  /// Rolls back now, and throws sql::error when that failed (the destructor's rollback cannot
  /// say): inside a group, a write rolled back to its savepoint must be known undone before
  /// the next one runs.
  void rollback();

private:
  void close() noexcept;
  std::string savepoint_name() const;

  connection& c_;
  int level_;  // 0: the outermost transaction (BEGIN); n > 0: the n-th savepoint inside it
  bool shared_ = false;  // uses the savepoint of the group's write it was opened in (level_ - 1)
  bool done_ = false;
};

/// Group commit: runs `writes` in order in one write transaction and commits once. Each write
/// runs inside its own savepoint and answers whether it is kept: false rolls back that write
/// alone (a failed write does not take the others with it, and on PostgreSQL its error does
/// not abort the enclosing transaction), and the next one runs. Throws sql::error when the
/// transaction could not begin or commit, or a savepoint could not be opened, released or rolled
/// back to: then the whole group is rolled back and none of its writes is stored, whatever
/// each answered. An exception from a write likewise rolls the whole group back.
void run_group(connection& c, const std::vector<std::function<bool()>>& writes);

}  // namespace reportd::store::sql
