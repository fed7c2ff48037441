// The store actor's group commit (actors/store/store.hpp): writes queued on the writer are
// committed together, each answered its own result after the commit. Against a real SQLite
// file on a real actor system (the store is detached, on its own thread), and on PostgreSQL
// too when REPORTD_TEST_POSTGRES_URL is set (see tests/unit/store/engine_db.hpp). The tests
// check what a client sees (answers, stored rows), never how long anything took.
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/store/store.hpp"
#include "actors/type_ids.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"
#include "unit/store/engine_db.hpp"
#include "unit/store/temp_db.hpp"

using namespace reportd;
using store::testing::dashboard_json;
using store::testing::engine_db;
using store::testing::random_suffix;
using store::testing::test_engines;

namespace {

constexpr auto answer_within = std::chrono::seconds(30);  // only so a broken store fails, not hangs

caf::actor_system_config& real_config(caf::actor_system_config& cfg) {
  cfg.set("logger.verbosity", caf::atom("quiet"));
  cfg.set("scheduler.max-threads", 2);
  cfg.add_error_category(error_category, render_error);
  return cfg;
}

model::report named_report(std::int64_t org, const std::string& name, const std::string& dashboard) {
  model::report r;
  r.org_id = org;
  r.user_id = 1;
  r.name = name;
  r.recipients = "a@example.com";
  if (!dashboard.empty()) {
    model::report_dashboard d;
    d.dashboard.uid = dashboard;
    r.dashboards = {d};
  }
  return r;
}

/// One engine's database with an org of its own (dashboard "traffic" saved), and the store
/// actor (the writer) over a connection to it.
struct store_under_test {
  caf::actor_system_config cfg;
  engine_db where;  // outlives the actor system, which waits for the store to end
  caf::actor_system sys;
  std::int64_t org = 0;
  store_actor store;

  explicit store_under_test(const std::string& engine, std::size_t max_group = default_store_group)
      : where(engine), sys(real_config(cfg)) {
    auto db = where.open();
    auto made = db->create_org("store group " + random_suffix());
    if (!made) FAIL(made.error().message);
    org = *made;
    REQUIRE(db->save_dashboard(org, dashboard_json("traffic", "Traffic"), true));
    store = spawn_store(sys, std::move(db), false, max_group);
  }
  ~store_under_test() { caf::anon_send_exit(store, caf::exit_reason::user_shutdown); }

  /// The org's reports as another connection reads them.
  std::vector<model::report> stored() {
    auto listed = where.open()->list_reports(org);
    if (!listed) FAIL(listed.error().message);
    return *listed;
  }
};

/// Holds the database's write lock (another connection's open write transaction) until
/// release(): the store's writes queue up meanwhile, as under load.
class write_lock {
public:
  explicit write_lock(const engine_db& where) {
    if (where.engine() == "sqlite") {
      c_ = std::make_unique<store::sql::sqlite_connection>(where.path());
      c_->begin(true);  // BEGIN IMMEDIATE: the store's BEGIN IMMEDIATE waits (busy_timeout)
    } else {
      c_ = std::make_unique<store::sql::postgres_connection>(where.options().postgres, false);
      c_->begin(true);
      c_->exec("LOCK TABLE reports IN SHARE ROW EXCLUSIVE MODE");  // the store's INSERT waits
    }
  }
  ~write_lock() { release(); }
  void release() {
    if (c_ && c_->in_transaction()) c_->commit();
  }

private:
  std::unique_ptr<store::sql::connection> c_;
};

}  // namespace

TEST_CASE("store actor: many concurrent creates all land, each with its own id") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      store_under_test t(engine);
      caf::scoped_actor self{t.sys};
      constexpr int n = 300;  // more than one group's worth
      using handle = decltype(self->request(t.store, answer_within, create_atom::value, model::report{}));
      std::vector<handle> pending;
      for (int i = 0; i < n; ++i)
        pending.push_back(self->request(t.store, answer_within, create_atom::value,
                                        named_report(t.org, "report " + std::to_string(i), "traffic")));
      std::set<std::int64_t> ids;
      int errors = 0;
      for (auto& h : pending)
        h.receive([&](std::int64_t id) { ids.insert(id); },
                  [&](caf::error& e) {
                    ++errors;
                    UNSCOPED_INFO(to_problem(e, "store").message);
                  });
      CHECK(errors == 0);
      CHECK(ids.size() == static_cast<std::size_t>(n));

      const auto rows = t.stored();
      REQUIRE(rows.size() == static_cast<std::size_t>(n));
      std::set<std::int64_t> stored_ids;
      std::set<std::string> names;
      for (const auto& r : rows) {
        stored_ids.insert(r.id);
        names.insert(r.name);
        CHECK(r.dashboards.size() == 1);
      }
      CHECK(stored_ids == ids);
      CHECK(names.size() == static_cast<std::size_t>(n));
    }
  }
}

TEST_CASE("store actor: a write the database rejects is answered its error, the writes queued with it commit") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      store_under_test t(engine);
      caf::scoped_actor self{t.sys};
      using handle = decltype(self->request(t.store, answer_within, create_atom::value, model::report{}));
      std::vector<handle> pending;
      {
        write_lock busy(t.where);
        auto create = [&](model::report r) {
          pending.push_back(self->request(t.store, answer_within, create_atom::value, std::move(r)));
        };
        create(named_report(t.org, "first", "traffic"));      // takes the lock's wait
        create(named_report(t.org, "second", "traffic"));     // these queue behind it
        create(named_report(999999999, "no such org", ""));   // the foreign key refuses it
        create(named_report(t.org, "third", "traffic"));
        create(named_report(t.org, "unknown dashboard", "nope"));  // not found
        create(named_report(t.org, "fourth", "traffic"));
        busy.release();
      }
      std::vector<std::string> answers;
      std::set<std::int64_t> ids;
      for (auto& h : pending)
        h.receive(
          [&](std::int64_t id) {
            ids.insert(id);
            answers.push_back("id");
          },
          [&](caf::error& e) {
            const auto p = to_problem(e, "store");
            answers.push_back(p.code == model::errc::not_found ? "not found"
                              : p.code == model::errc::internal ? "internal" : "other: " + p.message);
          });
      CHECK(answers == std::vector<std::string>{"id", "id", "internal", "id", "not found", "id"});
      CHECK(ids.size() == 4);

      std::set<std::string> names;
      std::set<std::int64_t> stored_ids;
      for (const auto& r : t.stored()) {
        names.insert(r.name);
        stored_ids.insert(r.id);
      }
      CHECK(names == std::set<std::string>{"first", "second", "third", "fourth"});
      CHECK(stored_ids == ids);
    }
  }
}

TEST_CASE("store actor: a lone write is answered on its own, and a later read sees it") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      store_under_test t(engine);
      caf::scoped_actor self{t.sys};
      std::int64_t id = 0;
      self->request(t.store, answer_within, create_atom::value, named_report(t.org, "alone", "traffic"))
        .receive([&](std::int64_t x) { id = x; },
                 [&](caf::error& e) { FAIL(to_problem(e, "store").message); });
      REQUIRE(id > 0);
      self->request(t.store, answer_within, get_atom::value, report_atom::value, t.org, id)
        .receive([&](const model::report& r) { CHECK(r.name == "alone"); },
                 [&](caf::error& e) { FAIL(to_problem(e, "store").message); });
    }
  }
}

TEST_CASE("store actor: a read sent to the writer after writes, without waiting for them, sees them") {
  for (const auto& engine : test_engines()) {
    DYNAMIC_SECTION(engine) {
      store_under_test t(engine);
      caf::scoped_actor self{t.sys};
      using handle = decltype(self->request(t.store, answer_within, create_atom::value, model::report{}));
      std::vector<handle> pending;
      for (int i = 0; i < 10; ++i)
        pending.push_back(self->request(t.store, answer_within, create_atom::value,
                                        named_report(t.org, "r" + std::to_string(i), "traffic")));
      std::size_t listed = 0;
      self->request(t.store, answer_within, list_atom::value, report_atom::value, t.org)
        .receive([&](const std::vector<model::report>& rs) { listed = rs.size(); },
                 [&](caf::error& e) { FAIL(to_problem(e, "store").message); });
      CHECK(listed == 10);
      for (auto& h : pending)
        h.receive([](std::int64_t) {}, [&](caf::error& e) { FAIL(to_problem(e, "store").message); });
    }
  }
}

TEST_CASE("store actor: with groups of one, every write still lands and is answered") {
  store_under_test t("sqlite", 1);
  caf::scoped_actor self{t.sys};
  using handle = decltype(self->request(t.store, answer_within, create_atom::value, model::report{}));
  std::vector<handle> pending;
  for (int i = 0; i < 20; ++i)
    pending.push_back(self->request(t.store, answer_within, create_atom::value,
                                    named_report(t.org, "r" + std::to_string(i), "traffic")));
  std::set<std::int64_t> ids;
  for (auto& h : pending)
    h.receive([&](std::int64_t id) { ids.insert(id); }, [&](caf::error& e) { FAIL(to_problem(e, "store").message); });
  CHECK(ids.size() == 20);
  CHECK(t.stored().size() == 20);
}
