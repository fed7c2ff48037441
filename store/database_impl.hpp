#pragma once
// Internals shared by the files that implement `database` (one file per concept:
// database.cpp, reports.cpp, dashboards.cpp, identities.cpp, settings.cpp).
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"
#include "store/sql.hpp"

namespace reportd::store {

struct database::impl {
  explicit impl(std::unique_ptr<sql::connection> c) : connection(std::move(c)), db(*connection) {}
  std::unique_ptr<sql::connection> connection;
  sql::connection& db;  // *connection, the engine every statement runs on
  int password_iterations = auth::recommended_password_iterations;
  bool dashboards_elsewhere = false;  // open_options::dashboards_elsewhere
};

namespace detail {

/// Epoch seconds now.
std::int64_t now_seconds();

/// "Viewer" / "Editor" / "Admin": the spelling stored in role columns.
const char* role_text(model::role r) noexcept;
/// The inverse; nullopt for anything else (a corrupt row grants nothing).
std::optional<model::role> role_from_text(std::string_view text) noexcept;

/// A random uid of letters and digits (report and dashboard uids).
std::string generate_uid();

/// Runs `f` (returning checked<T>) and turns any exception from the database or Boost.JSON into
/// an internal problem (a unique index's refusal into a bad request): the boundary where no
/// exception may leave the engine.
template <class F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const sql::duplicate& e) {
    return model::bad_request(std::string(what) + ": it already exists (" + e.what() + ")");
  } catch (const std::exception& e) {
    return model::internal_error(std::string(what) + ": " + e.what());
  }
}

}  // namespace detail
}  // namespace reportd::store
