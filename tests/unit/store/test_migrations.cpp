// Migration 5: ids are never reused (AUTOINCREMENT), on a database that already holds rows
// from version 4, and the rebuilt tables keep their rows, indexes and foreign keys.
#include <filesystem>
#include <random>
#include <string>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "temp_db.hpp"

using reportd::store::database;
namespace sql = reportd::store::sql;

namespace {

std::int64_t count(sql::connection& c, const std::string& query) {
  sql::statement s(c, query);
  REQUIRE(s.step());
  return s.column_int(0);
}

}  // namespace

TEST_CASE("migration 5 keeps the rows of version 4 and never hands an id out twice", "[migrations]") {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("reportd-store-migration5-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(folder);
  const auto path = (folder / "reportd.db").string();
  {
    // The schema as version 4 left it, with a dashboard, two reports (the second, id 2, the
    // newest) and a run of report 2.
    sql::sqlite_connection c(path);
    c.exec("PRAGMA foreign_keys=ON");
    c.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    for (const auto& m : reportd::store::all_migrations()) {
      if (m.version > 4) break;
      c.exec(m.sql);
      sql::statement s(c, "INSERT INTO schema_migrations VALUES (:v, 0)");
      s.bind_int(":v", m.version).run();
    }
    c.exec("INSERT INTO dashboards (org_id, uid, title, version, json, created, updated)"
           " VALUES (1, 'd1', 'D1', 1, '{\"uid\":\"d1\",\"title\":\"D1\",\"panels\":[]}', 0, 0)");
    for (int i = 1; i <= 2; ++i) {
      const std::string id = std::to_string(i);
      c.exec(("INSERT INTO reports (id, uid, org_id, user_id, name, subject, recipients, reply_to, message,"
              " frequency, interval_frequency, interval_amount, workdays_only, day_of_month, time_zone,"
              " orientation, layout, time_from, time_to, pdf_show_template_variables, pdf_combine_one_file,"
              " enable_dashboard_url, enable_csv, state, formats, scale_factor, created, updated) VALUES (" +
              id + ", 'u" + id + "', 1, 1, 'R" + id +
              "', '', 'a@example.com', '', '', 'never', '', 0, 0, '', 'UTC', 'landscape', 'grid', '', '',"
              " 0, 0, 0, 0, 'scheduled', '[\"pdf\"]', 0, 0, 0)")
               .c_str());
      c.exec(("INSERT INTO report_dashboards VALUES (" + id + ", 0, 'd1', 1, 'D1', '', '', '{}')").c_str());
    }
    c.exec("INSERT INTO report_runs (report_id, org_id, status) VALUES (2, 1, 'succeeded')");
  }
  {
    auto db = database::open({path, false});
    REQUIRE(db);
    auto first = (*db)->get_report(1, 1);
    REQUIRE(first);
    CHECK(first->name == "R1");
    CHECK(first->options.csv_encoding == "utf-8");
    REQUIRE(first->dashboards.size() == 1);
    CHECK(first->dashboards[0].dashboard.uid == "d1");
    // Deleting the newest report and creating one: a new id, not 2 again.
    REQUIRE((*db)->delete_report(1, 2));
    reportd::model::report r = *first;
    r.name = "R3";
    auto id = (*db)->create_report(r);
    REQUIRE(id);
    CHECK(*id == 3);
  }
  {
    sql::sqlite_connection c(path);
    c.exec("PRAGMA foreign_keys=ON");
    // The rebuilt reports table still cascades into its children.
    CHECK(count(c, "SELECT COUNT(*) FROM report_dashboards WHERE report_id = 2") == 0);
    CHECK(count(c, "SELECT COUNT(*) FROM report_runs WHERE report_id = 2") == 0);
    CHECK(count(c, "SELECT COUNT(*) FROM report_dashboards WHERE report_id = 1") == 1);
    CHECK(count(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'report_runs_claim'") == 1);
    CHECK(count(c, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_rebuilt'") == 0);
    for (const char* table : {"reports", "dashboards", "api_tokens", "report_runs"}) {
      INFO(table);
      sql::statement s(c, std::string("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '") + table + "'");
      REQUIRE(s.step());
      CHECK(s.column_text(0).find("AUTOINCREMENT") != std::string::npos);
    }
    CHECK(count(c, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
}
