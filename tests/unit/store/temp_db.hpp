#pragma once
// A real SQLite database in a fresh temporary folder, removed afterwards.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/database.hpp"
#include "catch_prelude.hpp"

namespace reportd::store::testing {

class temp_db {
public:
  temp_db() {
    std::random_device rd;
    folder_ = std::filesystem::temp_directory_path() /
              ("reportd-store-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    // A nested, not yet existing folder: open must create it.
    path_ = (folder_ / "data" / "reportd.db").string();
    reopen();
  }
  ~temp_db() {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
  temp_db(const temp_db&) = delete;
  temp_db& operator=(const temp_db&) = delete;

  database& operator*() { return *db_; }
  database* operator->() { return db_.get(); }
  const std::string& path() const { return path_; }
  /// Closes and opens the same file again.
  void reopen() {
    db_.reset();
    auto opened = database::open({path_, false});
    if (!opened) FAIL("open failed: " << opened.error().message);
    db_ = std::move(*opened);
  }

private:
  std::filesystem::path folder_;
  std::string path_;
  std::unique_ptr<database> db_;
};

/// A minimal Grafana dashboard JSON.
inline std::string dashboard_json(const std::string& uid, const std::string& title) {
  return R"({"uid":")" + uid + R"(","title":")" + title + R"(","panels":[{"id":1,"type":"stat"}],"schemaVersion":36})";
}

}  // namespace reportd::store::testing
