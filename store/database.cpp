// Opening the database (pragmas, migrations) and the helpers every other part shares.
#include <chrono>
#include <filesystem>
#include <system_error>

#include "auth/token.hpp"
#include "model/clock.hpp"
#include "store/database_impl.hpp"
#include "store/migrations.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"

namespace reportd::store {
namespace detail {

std::int64_t now_seconds() { return model::epoch_seconds(); }

const char* role_text(model::role r) noexcept {
  switch (r) {
    case model::role::admin: return "Admin";
    case model::role::editor: return "Editor";
    case model::role::viewer: return "Viewer";
  }
  return "Viewer";
}

std::optional<model::role> role_from_text(std::string_view text) noexcept {
  if (text == "Admin") return model::role::admin;
  if (text == "Editor") return model::role::editor;
  if (text == "Viewer") return model::role::viewer;
  return std::nullopt;
}

std::string generate_uid() {
  // 14 characters like Grafana's generated uids: 62^14 makes a collision practically impossible.
  return auth::generate_secret(14);
}

}  // namespace detail

namespace {

model::checked<model::unit> create_parent_folder(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return model::unit{};
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) return model::internal_error("cannot create " + parent.string() + ": " + ec.message());
  return model::unit{};
}

void apply_pragmas(sql::connection& db, bool synchronous_full) {
  // busy_timeout first: switching to WAL needs a lock another process may hold.
  db.exec("PRAGMA busy_timeout=5000");
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA foreign_keys=ON");
  // NORMAL in WAL mode loses nothing on a process crash (only on power loss); FULL for those
  // who need that too.
  db.exec(synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

void apply_reader_pragmas(sql::connection& db) {
  // The writer made the file WAL (persistent), so readers see its last commit without
  // waiting for it; query_only makes a misrouted write fail instead of taking the lock.
  db.exec("PRAGMA busy_timeout=5000");
  db.exec("PRAGMA query_only=1");
}

}  // namespace

database::database() = default;
database::~database() = default;

namespace {

std::unique_ptr<sql::connection> connect(const open_options& opts) {
  if (!opts.postgres.empty()) return std::make_unique<sql::postgres_connection>(opts.postgres, opts.read_only);
  auto c = std::make_unique<sql::sqlite_connection>(opts.path, opts.read_only);
  if (opts.read_only)
    apply_reader_pragmas(*c);
  else
    apply_pragmas(*c, opts.synchronous_full);
  return c;
}

}  // namespace

model::checked<std::unique_ptr<database>> database::open(const open_options& opts) {
  const bool sqlite = opts.postgres.empty();
  if (sqlite && opts.path.empty()) return model::internal_error("no database path configured");
  if (sqlite && !opts.read_only)
    if (auto made = create_parent_folder(opts.path); !made) return std::move(made).error();
  return detail::guarded("open database", [&]() -> model::checked<std::unique_ptr<database>> {
    std::unique_ptr<database> d(new database());
    d->impl_ = std::make_unique<impl>(connect(opts));
    d->impl_->password_iterations = opts.password_iterations;
    d->impl_->dashboards_elsewhere = opts.dashboards_elsewhere;
    if (!opts.read_only) migrate(d->impl_->db);
    return d;
  });
}

model::checked<model::unit> database::ping() {
  return detail::guarded("ping", [&]() -> model::checked<model::unit> {
    sql::statement s(impl_->db, "SELECT 1");
    if (!s.step() || s.column_int(0) != 1) return model::internal_error("database ping failed");
    return model::unit{};
  });
}

model::checked<model::unit> database::write_group(const std::vector<std::function<bool()>>& writes) {
  return detail::guarded("commit writes", [&]() -> model::checked<model::unit> {
    sql::run_group(impl_->db, writes);
    return model::unit{};
  });
}

}  // namespace reportd::store
