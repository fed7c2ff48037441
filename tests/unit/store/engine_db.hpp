#pragma once
// A real database on each engine the tests can reach: SQLite always (a file in a fresh
// temporary folder, removed afterwards), PostgreSQL too when REPORTD_TEST_POSTGRES_URL names a
// database (postgres://user:password@host:port/name) — the store's schema is migrated into
// it, and a test works in an org of its own there, so runs do not see each other's rows.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "catch_prelude.hpp"
#include "store/database.hpp"

namespace reportd::store::testing {

inline const char* test_postgres_url() {
  const char* url = std::getenv("REPORTD_TEST_POSTGRES_URL");
  return url && *url ? url : nullptr;
}

/// "sqlite", and "postgres" when REPORTD_TEST_POSTGRES_URL is set.
inline std::vector<std::string> test_engines() {
  std::vector<std::string> out{"sqlite"};
  if (test_postgres_url()) out.push_back("postgres");
  return out;
}

inline std::string random_suffix() {
  std::random_device rd;
  return std::to_string(rd()) + "-" + std::to_string(rd());
}

class engine_db {
public:
  explicit engine_db(std::string engine) : engine_(std::move(engine)) {
    if (engine_ == "sqlite") {
      folder_ = std::filesystem::temp_directory_path() / ("reportd-engine-test-" + random_suffix());
      std::filesystem::create_directories(folder_);
      options_.path = (folder_ / "reportd.db").string();
    } else {
      options_.postgres = {{"dbname", test_postgres_url()}};
    }
  }
  ~engine_db() {
    if (!folder_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(folder_, ec);
    }
  }
  engine_db(const engine_db&) = delete;
  engine_db& operator=(const engine_db&) = delete;

  const std::string& engine() const { return engine_; }
  const open_options& options() const { return options_; }
  /// The SQLite file (empty on PostgreSQL).
  const std::string& path() const { return options_.path; }

  /// A new connection to the database (the first creates and migrates it).
  std::unique_ptr<database> open() const {
    auto opened = database::open(options_);
    if (!opened) FAIL("open failed: " << opened.error().message);
    return std::move(*opened);
  }

private:
  std::string engine_;
  std::filesystem::path folder_;
  open_options options_;
};

}  // namespace reportd::store::testing
