// Group commit (sql::run_group, database::write_group): several writes in one transaction,
// each in its own savepoint, so a write that fails is undone alone and the rest commit once;
// when the commit itself fails, nothing of the group is stored. On SQLite always, and on
// PostgreSQL when REPORTD_TEST_POSTGRES_URL is set (see engine_db.hpp).
#include <functional>
#include <set>
#include <stdexcept>

#include "engine_db.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"
#include "temp_db.hpp"

namespace sql = reportd::store::sql;
using reportd::model::errc;
using reportd::model::report;
using reportd::store::database;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::engine_db;
using reportd::store::testing::random_suffix;
using reportd::store::testing::test_engines;
using reportd::store::testing::test_postgres_url;

namespace {

/// A raw connection on a scratch schema: parents with unique names, and children whose
/// parent is checked only at COMMIT (a deferred foreign key), to make a COMMIT fail.
class scratch {
public:
  explicit scratch(const std::string& engine) : db_(engine) {
    if (engine == "sqlite") {
      c_ = std::make_unique<sql::sqlite_connection>(db_.path());
      c_->exec("PRAGMA foreign_keys=ON");
    } else {
      c_ = std::make_unique<sql::postgres_connection>(db_.options().postgres, false);
    }
    parent_ = "gc_parent_" + std::to_string(std::random_device{}() % 1000000);
    child_ = "gc_child_" + parent_.substr(10);
    c_->exec(("CREATE TABLE " + parent_ + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)").c_str());
    c_->exec(("CREATE TABLE " + child_ + " (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES " + parent_ +
              "(id) DEFERRABLE INITIALLY DEFERRED)")
               .c_str());
  }
  ~scratch() {
    try {
      c_->exec(("DROP TABLE " + child_ + "; DROP TABLE " + parent_).c_str());
    } catch (...) {
    }
  }

  sql::connection& c() { return *c_; }
  engine_db& db() { return db_; }

  void insert_parent(std::int64_t id, const std::string& name) {
    sql::statement s(*c_, "INSERT INTO " + parent_ + " (id, name) VALUES (:id, :name)");
    s.bind_int(":id", id).bind_text(":name", name).run();
  }
  void insert_child(std::int64_t id, std::int64_t parent) {
    sql::statement s(*c_, "INSERT INTO " + child_ + " (id, parent) VALUES (:id, :parent)");
    s.bind_int(":id", id).bind_int(":parent", parent).run();
  }
  std::set<std::int64_t> ids(const std::string& table) {
    sql::statement s(*c_, "SELECT id FROM " + table + " ORDER BY id");
    std::set<std::int64_t> out;
    while (s.step()) out.insert(s.column_int(0));
    return out;
  }
  std::set<std::int64_t> parents() { return ids(parent_); }
  std::set<std::int64_t> children() { return ids(child_); }

private:
  engine_db db_;
  std::unique_ptr<sql::connection> c_;
  std::string parent_, child_;
};

report named_report(std::int64_t org, const std::string& name, const std::string& dashboard) {
  report r;
  r.org_id = org;
  r.user_id = 1;
  r.name = name;
  r.recipients = "a@example.com";
  if (!dashboard.empty()) {
    reportd::model::report_dashboard d;
    d.dashboard.uid = dashboard;
    r.dashboards = {d};
  }
  return r;
}

}  // namespace

TEST_CASE("a transaction opened inside another is a savepoint: rolled back, only its own writes are undone") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      scratch s(engine);
      {
        sql::transaction outer(s.c());
        s.insert_parent(1, "kept");
        {
          sql::transaction inner(s.c());
          s.insert_parent(2, "undone");
        }  // not committed: back to the savepoint
        {
          sql::transaction inner(s.c());
          s.insert_parent(3, "released");
          inner.commit();
        }
        outer.commit();
      }
      CHECK(s.parents() == std::set<std::int64_t>{1, 3});
      // A failed statement inside a savepoint leaves the enclosing transaction usable (on
      // PostgreSQL it would otherwise abort it).
      {
        sql::transaction outer(s.c());
        {
          sql::transaction inner(s.c());
          CHECK_THROWS_AS(s.insert_parent(4, "kept"), sql::duplicate);
        }
        s.insert_parent(5, "after the failure");
        outer.commit();
      }
      CHECK(s.parents() == std::set<std::int64_t>{1, 3, 5});
    }
  }
}

TEST_CASE("run_group commits the writes that succeed and undoes each failed one alone") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      scratch s(engine);
      std::vector<std::function<bool()>> writes = {
        [&] { s.insert_parent(1, "a"); return true; },
        [&] {  // refused by the unique index, as the store's writes catch it
          try {
            s.insert_parent(2, "a");
            return true;
          } catch (const sql::duplicate&) {
            return false;
          }
        },
        [&] { s.insert_parent(3, "c"); return true; },
        [&] { s.insert_parent(4, "d"); return false; },  // wrote, then answered failure
        [&] { s.insert_parent(5, "e"); return true; },
      };
      REQUIRE_NOTHROW(sql::run_group(s.c(), writes));
      CHECK_FALSE(s.c().in_transaction());
      CHECK(s.parents() == std::set<std::int64_t>{1, 3, 5});
    }
  }
}

TEST_CASE("in a group, a write's own transactions undo exactly their own work") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      scratch s(engine);
      std::vector<std::function<bool()>> writes = {
        [&] {  // its transaction, opened first thing, committed: kept
          sql::transaction tx(s.c());
          s.insert_parent(1, "a");
          tx.commit();
          return true;
        },
        [&] {  // its first transaction rolled back, its second committed: only the second kept
          {
            sql::transaction tx(s.c());
            s.insert_parent(2, "b");
          }
          sql::transaction tx(s.c());
          s.insert_parent(3, "c");
          tx.commit();
          return true;
        },
        [&] {  // a statement before its transaction, which rolls back: the statement kept
          s.insert_parent(4, "d");
          {
            sql::transaction tx(s.c());
            s.insert_parent(5, "e");
          }
          return true;
        },
        [&] {  // a nested transaction rolled back inside a committed one
          sql::transaction tx(s.c());
          s.insert_parent(6, "f");
          {
            sql::transaction inner(s.c());
            s.insert_parent(7, "g");
          }
          tx.commit();
          return true;
        },
        [&] {  // committed its transaction, then answered failure: all of it undone
          sql::transaction tx(s.c());
          s.insert_parent(8, "h");
          tx.commit();
          return false;
        },
      };
      REQUIRE_NOTHROW(sql::run_group(s.c(), writes));
      CHECK(s.parents() == std::set<std::int64_t>{1, 3, 4, 6});
    }
  }
}

TEST_CASE("a group whose COMMIT fails stores none of its writes, and the connection goes on") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      scratch s(engine);
      std::vector<std::function<bool()>> writes = {
        [&] { s.insert_parent(10, "x"); return true; },
        [&] { s.insert_child(1, 999); return true; },  // no parent 999: refused at COMMIT
        [&] { s.insert_parent(11, "y"); return true; },
      };
      CHECK_THROWS_AS(sql::run_group(s.c(), writes), sql::error);
      CHECK_FALSE(s.c().in_transaction());
      CHECK(s.parents().empty());
      CHECK(s.children().empty());

      std::vector<std::function<bool()>> next = {
        [&] { s.insert_parent(12, "z"); return true; },
        [&] { s.insert_child(2, 12); return true; },
      };
      REQUIRE_NOTHROW(sql::run_group(s.c(), next));
      CHECK(s.parents() == std::set<std::int64_t>{12});
      CHECK(s.children() == std::set<std::int64_t>{2});
    }
  }
}

TEST_CASE("an exception from a write rolls the whole group back") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      scratch s(engine);
      std::vector<std::function<bool()>> writes = {
        [&] { s.insert_parent(1, "a"); return true; },
        []() -> bool { throw sql::error("the write broke"); },
        [&] { s.insert_parent(3, "c"); return true; },
      };
      CHECK_THROWS_AS(sql::run_group(s.c(), writes), sql::error);
      CHECK_FALSE(s.c().in_transaction());
      CHECK(s.parents().empty());
    }
  }
}

TEST_CASE("write_group: each store write keeps its own answer; a rejected one is undone alone") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      engine_db where(engine);
      auto db = where.open();
      auto org = db->create_org("group commit " + random_suffix());
      REQUIRE(org);
      REQUIRE(db->save_dashboard(*org, dashboard_json("traffic", "Traffic"), true));

      reportd::model::checked<std::int64_t> first = std::int64_t{0}, no_org = std::int64_t{0},
                                            no_dashboard = std::int64_t{0}, second = std::int64_t{0},
                                            discarded = std::int64_t{0};
      std::vector<std::function<bool()>> writes = {
        [&] { return (first = db->create_report(named_report(*org, "first", "traffic"))).ok(); },
        // The database refuses it (no such org: a foreign key; no dashboard to look up first).
        [&] { return (no_org = db->create_report(named_report(999999999, "no org", ""))).ok(); },
        // The store refuses it (an unknown dashboard).
        [&] { return (no_dashboard = db->create_report(named_report(*org, "no dashboard", "nope"))).ok(); },
        [&] { return (second = db->create_report(named_report(*org, "second", "traffic"))).ok(); },
        [&] {
          discarded = db->create_report(named_report(*org, "discarded", "traffic"));
          return false;
        },
      };
      auto committed = db->write_group(writes);
      if (!committed) FAIL(committed.error().message);
      REQUIRE(first);
      REQUIRE(second);
      CHECK(*first != *second);
      REQUIRE_FALSE(no_org);
      CHECK(no_org.error().code == errc::internal);
      REQUIRE_FALSE(no_dashboard);
      CHECK(no_dashboard.error().code == errc::not_found);

      // What another connection sees: the two that succeeded, nothing else.
      auto other = where.open();
      auto listed = other->list_reports(*org);
      REQUIRE(listed);
      REQUIRE(listed->size() == 2);
      CHECK(listed->at(0).id == *first);
      CHECK(listed->at(0).name == "first");
      CHECK(listed->at(1).id == *second);
      CHECK(listed->at(1).name == "second");
      CHECK(listed->at(1).dashboards.at(0).dashboard.name == "Traffic");
      auto none = other->list_reports(999999999);
      REQUIRE(none);
      CHECK(none->empty());
    }
  }
}
