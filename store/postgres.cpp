#include "store/postgres.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace reportd::store::sql {
namespace {

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && std::isspace(static_cast<unsigned char>(m.back()))) m.pop_back();
  return m;
}

/// Owns a PGresult.
struct result_deleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

bool succeeded(const PGresult* r) {
  const auto status = PQresultStatus(r);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/// A SELECT: running it twice answers the same and changes nothing.
bool is_read(const std::string& sql) {
  const auto start = sql.find_first_not_of(" \t\n");
  return start != std::string::npos && sql.compare(start, 7, "SELECT ") == 0;
}

bool starts_name(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool in_name(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

positional_sql to_positional(std::string_view sql) {
  positional_sql out;
  out.text.reserve(sql.size() + 8);
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a quoted string or identifier, copied whole ('' and "" escape)
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.text.append(sql.substr(i, stop - i));
      i = stop;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {  // a cast, ::type
      out.text.append("::");
      i += 2;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && starts_name(sql[i + 1])) {
      std::size_t end = i + 1;
      while (end < sql.size() && in_name(sql[end])) ++end;
      const std::string name(sql.substr(i, end - i));
      auto it = std::find(out.names.begin(), out.names.end(), name);
      if (it == out.names.end()) it = out.names.insert(out.names.end(), name);
      out.text += '$';
      out.text += std::to_string(it - out.names.begin() + 1);
      i = end;
      continue;
    }
    out.text += c;
    ++i;
  }
  return out;
}

/// One use of a prepared statement: binds by name, runs on the first step, then walks the
/// rows of its result (the store's queries answer bounded slices, read whole).
class postgres_cursor final : public cursor {
public:
  postgres_cursor(const postgres_connection& c, std::shared_ptr<const postgres_connection::prepared> p)
      : owner_(c), prepared_(std::move(p)), values_(prepared_->sql.names.size()) {}

  void bind_int(const char* name, std::int64_t value) override { slot(name) = std::to_string(value); }
  void bind_text(const char* name, std::string_view value) override {
    // libpq passes text parameters as C strings: a NUL would silently cut the value.
    if (value.find('\0') != std::string_view::npos)
      throw error(std::string("parameter ") + name + " holds a NUL byte, which PostgreSQL text cannot store");
    slot(name) = std::string(value);
  }
  void bind_null(const char* name) override { slot(name).reset(); }

  bool step() override {
    if (!result_) {
      result_.reset(owner_.execute(*prepared_, values_));
      rows_ = PQntuples(result_.get());
      row_ = -1;
    }
    return ++row_ < rows_;
  }
  std::int64_t column_int(int col) const override {
    if (column_is_null(col)) return 0;
    const char* v = PQgetvalue(result_.get(), row_, col);
    if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean expression's answer
    if (v[0] == 'f' && v[1] == '\0') return 0;
    return std::strtoll(v, nullptr, 10);
  }
  std::string column_text(int col) const override {
    if (column_is_null(col)) return {};
    return std::string(PQgetvalue(result_.get(), row_, col),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, col)));
  }
  bool column_is_null(int col) const override {
    if (!result_ || row_ < 0 || row_ >= rows_ || col >= PQnfields(result_.get()))
      throw error("no such column in the current row");
    return PQgetisnull(result_.get(), row_, col) != 0;
  }

private:
  std::optional<std::string>& slot(const char* name) {
    const auto& names = prepared_->sql.names;
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw error(std::string("no SQL parameter ") + name);
    return values_[static_cast<std::size_t>(it - names.begin())];
  }

  const postgres_connection& owner_;
  std::shared_ptr<const postgres_connection::prepared> prepared_;
  std::vector<std::optional<std::string>> values_;
  result_ptr result_;
  int rows_ = 0;
  int row_ = -1;
};

postgres_connection::postgres_connection(postgres_params params, bool read_only)
    : read_only_(read_only) {
  // Defaults a server reportd cannot reach must not turn into a hang.
  auto has = [&](const char* key) {
    return std::any_of(params.begin(), params.end(), [&](const auto& kv) { return kv.first == key; });
  };
  if (!has("connect_timeout")) params.emplace_back("connect_timeout", "10");
  if (!has("application_name")) params.emplace_back("application_name", "reportd");
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (conn_ == nullptr) throw error("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = "cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw error(msg);
  }
  start_session();
}

postgres_connection::~postgres_connection() { PQfinish(conn_); }

void postgres_connection::start_session() const {
  // NOTICEs ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  prepared_.clear();
  ++session_;
  const char* setup = read_only_ ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET TIME ZONE 'UTC'"
                                 : "SET TIME ZONE 'UTC'";
  result_ptr r(PQexec(conn_, setup));
  if (!succeeded(r.get())) throw error("PostgreSQL session setup: " + trimmed(PQerrorMessage(conn_)));
}

bool postgres_connection::ensure_connected() const {
  if (PQstatus(conn_) == CONNECTION_OK) return false;
  if (in_transaction_)
    throw error("the connection to PostgreSQL was lost inside a transaction; it was rolled back");
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK)
    throw error("PostgreSQL is unreachable: " + trimmed(PQerrorMessage(conn_)));
  start_session();
  return true;
}

void postgres_connection::exec(const char* sql) {
  ensure_connected();
  result_ptr r(PQexec(conn_, sql));
  if (!succeeded(r.get())) throw error(trimmed(PQerrorMessage(conn_)));
  changes_ = std::atoi(PQcmdTuples(r.get()));
}

std::shared_ptr<const postgres_connection::prepared> postgres_connection::prepared_for(std::string_view sql) const {
  ensure_connected();
  const std::string key(sql);
  if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
  auto p = std::make_shared<prepared>(prepared{"", to_positional(sql)});
  // Full: this text runs unprepared (PQexecParams) each time instead.
  if (prepared_.size() >= max_prepared) return p;
  p->name = "reportd_" + std::to_string(++next_statement_);
  const auto prepare_on_server = [&] {
    return result_ptr(PQprepare(conn_, p->name.c_str(), p->sql.text.c_str(), static_cast<int>(p->sql.names.size()),
                                nullptr));
  };
  result_ptr r = prepare_on_server();
  // Preparing changes nothing: on a session the server ended while idle, prepare on a new one.
  if (!succeeded(r.get()) && session_lost_outside_transaction()) {
    ensure_connected();
    r = prepare_on_server();
  }
  if (!succeeded(r.get())) throw error("prepare: " + trimmed(PQerrorMessage(conn_)));
  p->session = session_;
  prepared_.emplace(key, p);
  return p;
}

PGresult* postgres_connection::execute(const prepared& p,
                                       const std::vector<std::optional<std::string>>& values) const {
  // A new session (the server dropped the old one) has none of our prepared statements.
  const bool unprepared = ensure_connected() || p.name.empty() || p.session != session_;
  std::vector<const char*> raw;
  raw.reserve(values.size());
  for (const auto& v : values) raw.push_back(v ? v->c_str() : nullptr);
  const int n = static_cast<int>(raw.size());
  PGresult* r = unprepared ? PQexecParams(conn_, p.sql.text.c_str(), n, nullptr, raw.data(), nullptr, nullptr, 0)
                               : PQexecPrepared(conn_, p.name.c_str(), n, raw.data(), nullptr, nullptr, 0);
  // A session the server ended while we were idle (a restart) shows only now. A read outside
  // a transaction changed nothing, so it runs again once on a new session.
  if (!succeeded(r) && session_lost_outside_transaction() && is_read(p.sql.text)) {
    PQclear(r);
    ensure_connected();
    r = PQexecParams(conn_, p.sql.text.c_str(), n, nullptr, raw.data(), nullptr, nullptr, 0);
  }
  if (!succeeded(r)) {
    std::string msg = trimmed(PQresultErrorMessage(r));
    if (msg.empty()) msg = trimmed(PQerrorMessage(conn_));
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const bool unique_violation = state != nullptr && std::string_view(state) == "23505";
    PQclear(r);
    if (unique_violation) throw duplicate(msg);
    throw error(msg);
  }
  changes_ = std::atoi(PQcmdTuples(r));
  return r;
}

std::unique_ptr<cursor> postgres_connection::prepare(std::string_view sql) const {
  return std::make_unique<postgres_cursor>(*this, prepared_for(sql));
}

void postgres_connection::begin(bool write) {
  // READ COMMITTED for writes: row locks and ON CONFLICT serialize what must be (the run
  // claims); a read is one snapshot, like SQLite's BEGIN.
  const char* sql = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  try {
    exec(sql);
  } catch (const error&) {
    // The session was gone before BEGIN (a server restart while idle): nothing happened yet,
    // so the transaction starts on a new session.
    if (!session_lost_outside_transaction()) throw;
    exec(sql);
  }
  in_transaction_ = true;
}

bool postgres_connection::session_lost_outside_transaction() const noexcept {
  return !in_transaction_ && PQstatus(conn_) == CONNECTION_BAD;
}

void postgres_connection::commit() {
  in_transaction_ = false;  // whatever COMMIT answers, the transaction is over
  // Never through exec(): it would reconnect a lost session and COMMIT nothing there,
  // reporting a write the server rolled back as done.
  if (PQstatus(conn_) != CONNECTION_OK)
    throw error("the connection to PostgreSQL was lost before COMMIT; the transaction was rolled back");
  result_ptr r(PQexec(conn_, "COMMIT"));
  if (!succeeded(r.get())) throw error("COMMIT: " + trimmed(PQerrorMessage(conn_)));
  // A transaction that had failed answers COMMIT with ROLLBACK, not with an error.
  if (std::string_view(PQcmdStatus(r.get())) != "COMMIT")
    throw error("COMMIT: PostgreSQL rolled the transaction back");
}

void postgres_connection::rollback() noexcept {
  in_transaction_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) return;  // the server has rolled it back already
  PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace reportd::store::sql
