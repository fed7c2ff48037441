// Read-only reader connections beside the writer ([database] max_open_conn): reads keep
// flowing, each on its own snapshot, while a large write transaction holds the write lock,
// and the same readers see the write once it is committed.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite.hpp"
#include "temp_db.hpp"

using reportd::model::errc;
using reportd::store::database;
using reportd::store::open_options;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::temp_db;
namespace sql = reportd::store::sql;

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

constexpr int bulk_rows = 10000;

/// Inserts `bulk_rows` dashboards "bulk1".."bulk10000" titled "Bulk <n>" inside the caller's
/// open transaction.
void insert_bulk_dashboards(sql::connection& c) {
  for (int i = 1; i <= bulk_rows; ++i) {
    const auto n = std::to_string(i);
    sql::statement s(c,
                     "INSERT INTO dashboards (org_id, uid, title, version, json, created, updated)"
                     " VALUES (1, :uid, :title, 1, '{}', 0, 0)");
    s.bind_text(":uid", "bulk" + n).bind_text(":title", "Bulk " + n).run();
  }
}

/// What one reader thread saw; written by that thread only, read after it was joined
/// (Catch's assertions are not thread-safe, so the threads only record).
struct reader_log {
  int reads_during_write = 0;  // reads answered, and as the last commit left the data
  int reads_after_commit = 0;  // reads answered, and with the committed rows
  std::string first_wrong;     // the first read that failed or saw the wrong data
};

/// Tells the readers, once, that the writer has committed, and waits for them to finish.
/// Releases them however the main thread leaves (a failed REQUIRE included), so no reader
/// is left waiting and no thread outlives the test.
class reader_threads {
public:
  ~reader_threads() { join(); }
  template <class F>
  void start(F f) {
    threads_.emplace_back(std::move(f));
  }
  /// A reader: its first phase is done; waits until the writer has committed.
  void first_phase_done() {
    std::unique_lock<std::mutex> lock(m_);
    ++done_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
  }
  /// The main thread: waits until `n` readers have done their first phase. The bound only
  /// keeps a broken build from hanging (every reader is far quicker); false if it passed.
  bool wait_first_phase(int n) {
    std::unique_lock<std::mutex> lock(m_);
    return cv_.wait_for(lock, std::chrono::minutes(2), [&] { return done_ == n; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(m_);
    released_ = true;
    cv_.notify_all();
  }
  /// Releases the readers and waits until every one has ended.
  void join() {
    release();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  int done_ = 0;
  bool released_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

TEST_CASE("64 readers keep reading the last commit while a large write transaction is open, "
          "then read the committed write") {
  temp_db db;
  const auto report_id = stored_report(db);

  constexpr int readers = 64, reads_during_write = 20, reads_after_commit = 5;
  // Opened up front, after the writer has migrated the file, as app/system.cpp opens its pool.
  std::vector<std::unique_ptr<database>> pool;
  for (int t = 0; t < readers; ++t) pool.push_back(open_reader(db.path()));

  // The writer: a connection of its own holding one write transaction (BEGIN IMMEDIATE, the
  // write lock) with 10,000 inserted rows, not committed until every reader has read. Its
  // small page cache makes the transaction spill uncommitted pages into the WAL file the
  // readers read, as a transaction larger than the cache does.
  sql::sqlite_connection writer(db.path());
  writer.exec("PRAGMA busy_timeout=5000");
  writer.exec("PRAGMA cache_size=20");
  sql::transaction tx(writer);
  insert_bulk_dashboards(writer);

  std::vector<reader_log> logs(readers);
  reader_threads threads;
  for (int t = 0; t < readers; ++t)
    threads.start([&, t] {
      database& reader = *pool[t];
      reader_log& log = logs[t];
      const auto wrong = [&](const std::string& what) {
        if (log.first_wrong.empty()) log.first_wrong = what;
      };
      reportd::model::dashboard_search all;
      all.org_id = 1;
      all.limit = 3;
      // While the write is open: the report and the one dashboard, none of the new ones.
      for (int i = 0; i < reads_during_write; ++i) {
        auto report = reader.get_report(1, report_id);
        auto listed = reader.list_dashboards(all);
        auto bulk = reader.get_dashboard(1, "bulk1");
        if (!report || !listed || (!bulk && bulk.error().code != errc::not_found)) {
          wrong("a read failed during the write");
        } else if (report->name != "Before the bulk write" || report->dashboards.size() != 1 ||
                   listed->size() != 1 || listed->front().uid != "cpu" || bulk) {
          wrong("a read during the write saw other data than the last commit");
        } else {
          ++log.reads_during_write;
        }
      }
      threads.first_phase_done();
      // After the commit, on the same connection: the new rows, and the report unchanged.
      for (int i = 0; i < reads_after_commit; ++i) {
        auto report = reader.get_report(1, report_id);
        auto listed = reader.list_dashboards(all);
        auto last = reader.get_dashboard(1, "bulk" + std::to_string(bulk_rows));
        if (!report || !listed || !last) {
          wrong("a read failed after the commit");
        } else if (report->name != "Before the bulk write" || listed->size() != 3 ||
                   listed->front().title != "Bulk 1" || last->title != "Bulk " + std::to_string(bulk_rows)) {
          wrong("a read after the commit did not see the committed rows");
        } else {
          ++log.reads_after_commit;
        }
      }
    });

  // Every reader has done all its reads, and the writer's transaction is still open: the
  // reads were answered while the write lock was held, not after it.
  const bool all_read = threads.wait_first_phase(readers);
  CHECK(all_read);
  CHECK(sqlite3_get_autocommit(writer.get()) == 0);
  tx.commit();
  threads.join();

  for (int t = 0; t < readers; ++t) {
    INFO("reader " << t << ": " << logs[t].first_wrong);
    CHECK(logs[t].reads_during_write == reads_during_write);
    CHECK(logs[t].reads_after_commit == reads_after_commit);
  }
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
