#pragma once
// PostgreSQL behind the store's SQL layer (store/sql.hpp), with libpq. The store's SQL is
// written with named parameters (":name"); each text is translated once per connection to
// PostgreSQL's positional ones ($1, $2, ...) and prepared on the server, then reused.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/sql.hpp"

struct pg_conn;
struct pg_result;

namespace reportd::store::sql {

/// libpq connection keywords and values ("host", "port", "dbname", ...). A postgres:// URL
/// may stand as the value of "dbname": libpq expands it.
using postgres_params = std::vector<std::pair<std::string, std::string>>;

/// A SQL text with ":name" parameters rewritten as "$n": `names[n-1]` is the n-th (with its
/// colon, as statement::bind_* take it). A name used twice is one parameter. Quoted strings,
/// quoted identifiers and "::" casts are left alone.
struct positional_sql {
  std::string text;
  std::vector<std::string> names;
};
positional_sql to_positional(std::string_view sql);

class postgres_connection final : public connection {
public:
  /// Connects (throws sql::error naming the server's answer). read_only: every transaction of
  /// this session is read-only, so a misrouted write fails instead of writing.
  postgres_connection(postgres_params params, bool read_only);
  ~postgres_connection() override;
  postgres_connection(const postgres_connection&) = delete;
  postgres_connection& operator=(const postgres_connection&) = delete;

  engine kind() const noexcept override { return engine::postgres; }
  void exec(const char* sql) override;
  std::unique_ptr<cursor> prepare(std::string_view sql) const override;
  int changes() const noexcept override { return changes_; }
  void begin(bool write) override;
  void commit() override;
  void rollback() noexcept override;
  bool in_transaction() const noexcept override { return in_transaction_; }

private:
  friend class postgres_cursor;
  struct prepared {
    std::string name;  // the server-side statement name; empty: not kept (cache full)
    positional_sql sql;
    int session = 0;   // the session it was prepared on (a reconnect starts a new one)
  };
  /// The prepared form of `sql` on this session, preparing it on first use.
  std::shared_ptr<const prepared> prepared_for(std::string_view sql) const;
  /// Runs a prepared statement; the result (tuples or command) or sql::error.
  pg_result* execute(const prepared& p, const std::vector<std::optional<std::string>>& values) const;
  /// Reconnects a session the server dropped (restart, network) — but never inside a
  /// transaction, whose earlier statements the new session would not know. True when it did
  /// (the session's prepared statements are gone).
  bool ensure_connected() const;
  /// The server ended the session and no transaction of ours was open on it.
  bool session_lost_outside_transaction() const noexcept;
  void start_session() const;

  pg_conn* conn_ = nullptr;
  bool read_only_ = false;
  bool in_transaction_ = false;
  static constexpr std::size_t max_prepared = 256;
  mutable std::unordered_map<std::string, std::shared_ptr<const prepared>> prepared_;
  mutable int next_statement_ = 0;
  mutable int session_ = 0;  // counts sessions: statements prepared on an older one are gone
  mutable int changes_ = 0;
};

}  // namespace reportd::store::sql
