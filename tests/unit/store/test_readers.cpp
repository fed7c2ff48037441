// Read-only reader connections beside the writer ([database] max_open_conn): reads keep
// flowing, each on its own snapshot, while a large write transaction holds the write lock.
#include <sqlite3.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "temp_db.hpp"

using reportd::model::errc;
using reportd::store::database;
using reportd::store::open_options;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::temp_db;

namespace {

std::unique_ptr<database> open_reader(const std::string& path) {
  open_options o;
  o.path = path;
  o.read_only = true;
  auto db = database::open(o);
  if (!db) FAIL("reader open failed: " << db.error().message);
  return std::move(*db);
}

std::int64_t stored_report(temp_db& db) {
  REQUIRE(db->save_dashboard(1, dashboard_json("cpu", "CPU"), true));
  reportd::model::report r;
  r.org_id = 1;
  r.user_id = 1;
  r.name = "Before the bulk write";
  r.recipients = "a@example.com";
  r.schedule.frequency = "never";
  reportd::model::report_dashboard d;
  d.dashboard.uid = "cpu";
  r.dashboards.push_back(d);
  auto id = db->create_report(r);
  REQUIRE(id);
  return *id;
}

/// A second process-like writer on the same file: BEGIN IMMEDIATE and 20,000 dashboards
/// inserted, held open until commit() — the write lock is taken the whole time.
class bulk_writer {
public:
  explicit bulk_writer(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    exec("BEGIN IMMEDIATE");
    exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
         " INSERT INTO dashboards (org_id, uid, title, version, json, created, updated)"
         " SELECT 1, 'bulk' || i, 'Bulk ' || i, 1, '{}', 0, 0 FROM n");
  }
  ~bulk_writer() { sqlite3_close(db_); }
  void commit() { exec("COMMIT"); }

private:
  void exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }
  sqlite3* db_ = nullptr;
};

}  // namespace

TEST_CASE("64 readers keep reading while a large write transaction holds the lock") {
  temp_db db;
  const auto id = stored_report(db);
  bulk_writer writer(db.path());

  constexpr int readers = 64, reads_each = 20;
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < readers; ++t)
    threads.emplace_back([&] {
      open_options o;
      o.path = db.path();
      o.read_only = true;
      auto reader = database::open(o);
      if (!reader) { bad += reads_each; return; }
      for (int i = 0; i < reads_each; ++i) {
        auto r = (*reader)->get_report(1, id);
        // The snapshot is the last commit: the report, none of the uncommitted dashboards.
        auto bulk = (*reader)->get_dashboard(1, "bulk1");
        const bool ok = r && r->name == "Before the bulk write" && !bulk && bulk.error().code == errc::not_found;
        (ok ? good : bad) += 1;
      }
    });
  for (auto& th : threads) th.join();
  // Every read answered while the writer still held its transaction open.
  CHECK(bad.load() == 0);
  CHECK(good.load() == readers * reads_each);

  writer.commit();
  auto after = open_reader(db.path());
  CHECK(after->get_dashboard(1, "bulk20000"));
  CHECK(after->get_report(1, id));
}

TEST_CASE("a reader connection refuses writes instead of taking the write lock") {
  temp_db db;
  stored_report(db);
  auto reader = open_reader(db.path());
  auto saved = reader->save_dashboard(1, dashboard_json("other", "Other"), true);
  REQUIRE_FALSE(saved);
  CHECK(saved.error().code == errc::internal);
  CHECK_FALSE(db->get_dashboard(1, "other"));  // nothing changed
}
