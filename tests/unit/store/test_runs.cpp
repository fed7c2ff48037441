// Run claims and history: a (report, scheduled time) is claimed once, across connections;
// only scheduled reports are claimed; a sent once report reads back as expired.
#include "model/clock.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "temp_db.hpp"

using reportd::store::database;
using reportd::model::run_outcome;
using reportd::model::run_query;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::temp_db;

namespace {

std::int64_t scheduled_report(database& db, const char* frequency, const char* state = "scheduled") {
  REQUIRE(db.save_dashboard(1, dashboard_json("d1", "D1"), true));
  reportd::model::report r;
  r.org_id = 1;
  r.user_id = 1;
  r.name = "R";
  r.recipients = "a@example.com";
  r.state = state;
  r.schedule.frequency = frequency;
  r.schedule.start_date = 1700000000;
  reportd::model::report_dashboard d;
  d.dashboard.uid = "d1";
  r.dashboards.push_back(d);
  auto id = db.create_report(r);
  REQUIRE(id);
  return *id;
}

}  // namespace

TEST_CASE("a run is claimed once, even from a second connection") {
  temp_db db;
  auto id = scheduled_report(*db, "daily");
  auto first = db->claim_run(id, 1700000000, 1700000001, "running", "a@example.com");
  REQUIRE(first);
  CHECK(*first > 0);
  CHECK(*db->claim_run(id, 1700000000, 1700000002, "running", "a@example.com") == 0);
  auto other = database::open({db.path(), false});
  REQUIRE(other);
  CHECK(*(*other)->claim_run(id, 1700000000, 1700000003, "running", "a@example.com") == 0);
  CHECK(*(*other)->claim_run(id, 1700086400, 1700086401, "running", "a@example.com") > 0);
  auto entry = db->find_schedule_entry(id);
  REQUIRE(entry);
  REQUIRE(*entry);
  CHECK((*entry)->last_run == 1700086400);
}

TEST_CASE("a paused report is not claimed and not listed for scheduling") {
  temp_db db;
  auto id = scheduled_report(*db, "daily", "paused");
  CHECK(*db->claim_run(id, 1700000000, 1700000001, "running", "") == 0);
  CHECK(db->schedule_entries()->empty());
}

TEST_CASE("history lists newest first, filters by status, and a sent once report expires") {
  temp_db db;
  auto id = scheduled_report(*db, "once");
  REQUIRE(db->schedule_entries()->size() == 1);
  auto skipped = *db->claim_run(id, 1600000000, 1700000000, "skipped", "a@example.com", "missed");
  auto run = *db->claim_run(id, 1700000000, 1700000001, "running", "a@example.com");
  auto finished = db->finish_run(run_outcome{run, "succeeded", "", 1700000005, 1234, 1, "b@example.com", 0, {}});
  INFO((finished ? std::string() : finished.error().message));
  REQUIRE(finished);
  auto all = db->list_runs(run_query{1, id, "", 10, 0});
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).id == run);
  CHECK(all->at(0).status == "succeeded");
  CHECK(all->at(0).attachment_bytes == 1234);
  CHECK(all->at(0).finished_at == 1700000005);
  CHECK(all->at(0).recipients == "b@example.com");
  CHECK(all->at(1).id == skipped);
  CHECK(all->at(1).error == "missed");
  CHECK(db->list_runs(run_query{1, std::nullopt, "skipped", 10, 0})->size() == 1);
  CHECK(db->list_runs(run_query{2, std::nullopt, "", 10, 0})->empty());  // another org
  CHECK(db->get_report(1, id)->state == "expired");
  CHECK(db->schedule_entries()->empty());
}

TEST_CASE("runs left running by a dead process are marked failed") {
  temp_db db;
  auto id = scheduled_report(*db, "daily");
  auto run = *db->claim_run(id, 1700000000, 1700000001, "running", "");
  CHECK(*db->fail_abandoned_runs(1700000000) == 0);
  CHECK(*db->fail_abandoned_runs(1700000100) == 1);
  auto runs = db->list_runs(run_query{1, id, "failed", 10, 0});
  REQUIRE(runs->size() == 1);
  CHECK(runs->at(0).id == run);
}

TEST_CASE("a sent run keeps how many panels failed and why") {
  temp_db db;
  auto id = scheduled_report(*db, "daily");
  auto run = *db->claim_run(id, 1700000000, 1700000001, "running", "a@example.com");
  run_outcome o{run, "succeeded", "", 1700000005, 1234, 1, "a@example.com", 0, {}};
  o.failed_panels = 2;
  o.panel_errors = {"panel 'CPU' (id 3): datasource \"nope\" is not configured",
                    "panel 'Disk, \"root\"' (id 4): query A failed: bad_data: parse error",
                    "variable 'job': connection refused"};
  REQUIRE(db->finish_run(o));
  db.reopen();
  auto runs = db->list_runs(run_query{1, id, "", 10, 0});
  REQUIRE(runs->size() == 1);
  CHECK(runs->at(0).status == "succeeded");
  CHECK(runs->at(0).failed_panels == 2);
  CHECK(runs->at(0).panel_errors == o.panel_errors);
}

TEST_CASE("runs recorded before panel errors were kept read as none failed") {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("reportd-store-old-runs-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(folder);
  const auto path = (folder / "reportd.db").string();
  {
    // The schema as version 3 left it, with one finished run in it.
    reportd::store::sql::sqlite_connection c(path);
    c.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    for (const auto& m : reportd::store::all_migrations()) {
      if (m.version > 3) break;
      c.exec(m.sql);
      reportd::store::sql::statement s(c, "INSERT INTO schema_migrations VALUES (:v, 0)");
      s.bind_int(":v", m.version).run();
    }
    c.exec("INSERT INTO report_runs (report_id, org_id, scheduled_at, started_at, finished_at, status,"
           " recipients, attachment_bytes, attempts)"
           " VALUES (7, 1, 1700000000, 1700000001, 1700000005, 'succeeded', 'a@example.com', 99, 1)");
  }
  {
    auto db = database::open({path, false});
    REQUIRE(db);
    auto runs = (*db)->list_runs(run_query{1, 7, "", 10, 0});
    REQUIRE(runs);
    REQUIRE(runs->size() == 1);
    CHECK(runs->at(0).attachment_bytes == 99);
    CHECK(runs->at(0).failed_panels == 0);
    CHECK(runs->at(0).panel_errors.empty());
  }
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
}

TEST_CASE("a running claim past its lease is taken over once; before it, never") {
  temp_db db;
  auto id = scheduled_report(*db, "daily");
  const std::int64_t at = 1700000000;
  auto first = db->claim_run(id, at, at + 1, "running", "a@example.com", {}, at + 100);
  REQUIRE(first);
  REQUIRE(*first > 0);
  CHECK(*db->claim_run(id, at, at + 99, "running", "a@example.com", {}, at + 199) == 0);  // lease holds

  // The claimer died: past the lease, one other claim gets the same run row, and only one.
  auto other = database::open({db.path(), false});
  REQUIRE(other);
  CHECK(*(*other)->claim_run(id, at, at + 101, "running", "a@example.com", {}, at + 201) == *first);
  CHECK(*db->claim_run(id, at, at + 102, "running", "a@example.com", {}, at + 202) == 0);

  // The scheduler is told of a run whose lease ran out (these leases are long past today).
  auto entry = db->find_schedule_entry(id);
  REQUIRE(entry);
  REQUIRE(*entry);
  CHECK((*entry)->abandoned_run == at);

  // Finished runs are never taken over, whatever their lease said.
  reportd::model::run_outcome done;
  done.run_id = *first;
  done.status = "succeeded";
  done.finished_at = at + 150;
  REQUIRE(db->finish_run(done));
  CHECK(*db->claim_run(id, at, at + 500, "running", "a@example.com", {}, at + 600) == 0);
  CHECK_FALSE((*db->find_schedule_entry(id))->abandoned_run);
}

TEST_CASE("a claim with a lease still running is not abandoned, and a run without one never is") {
  temp_db db;
  auto id = scheduled_report(*db, "daily");
  const auto now = reportd::model::epoch_seconds();
  REQUIRE(*db->claim_run(id, now - 10, now - 9, "running", "", {}, now + 3600) > 0);
  REQUIRE(*db->claim_run(id, now - 86400, now - 86399, "running", "") > 0);  // no lease (older reportd)
  auto entry = db->find_schedule_entry(id);
  REQUIRE(entry);
  REQUIRE(*entry);
  CHECK_FALSE((*entry)->abandoned_run);
}
