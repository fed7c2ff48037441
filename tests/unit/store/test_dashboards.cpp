#include <boost/json.hpp>

#include "fixture_files.hpp"
#include "temp_db.hpp"

using reportd::model::errc;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::temp_db;

namespace {

boost::json::object stored_json(const reportd::model::stored_dashboard& d) {
  return boost::json::parse(d.json).as_object();
}

}  // namespace

TEST_CASE("saving a new dashboard assigns id and version 1 inside the stored JSON") {
  temp_db db;
  auto saved = db->save_dashboard(1, dashboard_json("abc", "Traffic"), false);
  REQUIRE(saved);
  CHECK(saved->uid == "abc");
  CHECK(saved->title == "Traffic");
  CHECK(saved->version == 1);
  CHECK(saved->id > 0);
  const auto json = stored_json(*saved);
  CHECK(json.at("id").as_int64() == saved->id);
  CHECK(json.at("uid").as_string() == "abc");
  CHECK(json.at("version").as_int64() == 1);
  CHECK(json.at("panels").as_array().size() == 1);  // the rest is kept as sent

  auto got = db->get_dashboard(1, "abc");
  REQUIRE(got);
  CHECK(got->json == saved->json);
}

TEST_CASE("a dashboard without uid gets a generated one") {
  temp_db db;
  for (const std::string text : {R"({"title":"No uid"})", R"({"title":"Empty uid","uid":""})"}) {
    auto saved = db->save_dashboard(1, text, false);
    REQUIRE(saved);
    CHECK(saved->uid.size() >= 9);
    CHECK(saved->uid.size() <= 40);
    CHECK(stored_json(*saved).at("uid").as_string() == saved->uid);
    CHECK(db->get_dashboard(1, saved->uid));
  }
}

TEST_CASE("overwrite bumps the version and keeps the id; without overwrite it is refused") {
  temp_db db;
  auto first = db->save_dashboard(1, dashboard_json("abc", "Traffic"), false);
  REQUIRE(first);
  auto again = db->save_dashboard(1, dashboard_json("abc", "Traffic v2"), false);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == errc::bad_request);
  CHECK(again.error().message == "A dashboard with the same uid already exists");

  auto second = db->save_dashboard(1, dashboard_json("abc", "Traffic v2"), true);
  REQUIRE(second);
  CHECK(second->id == first->id);
  CHECK(second->version == 2);
  auto got = db->get_dashboard(1, "abc");
  REQUIRE(got);
  CHECK(got->title == "Traffic v2");
  CHECK(got->version == 2);
  CHECK(stored_json(*got).at("version").as_int64() == 2);
}

TEST_CASE("a second dashboard with the same title is refused without overwrite") {
  temp_db db;
  REQUIRE(db->save_dashboard(1, dashboard_json("one", "Same"), false));
  auto dup = db->save_dashboard(1, dashboard_json("two", "Same"), false);
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == errc::bad_request);
}

TEST_CASE("invalid dashboards are bad requests") {
  temp_db db;
  auto check_bad = [&](const std::string& text) {
    INFO(text);
    auto saved = db->save_dashboard(1, text, true);
    REQUIRE_FALSE(saved);
    CHECK(saved.error().code == errc::bad_request);
    return saved.error().message;
  };
  CHECK(check_bad(R"({"uid":"x"})") == "Dashboard title cannot be empty");
  CHECK(check_bad(R"({"uid":"x","title":""})") == "Dashboard title cannot be empty");
  CHECK(check_bad(R"({"uid":"x","title":"   "})") == "Dashboard title cannot be empty");
  check_bad("not json");
  check_bad("[1,2]");
  check_bad(R"({"uid":"has space","title":"t"})");
  check_bad(R"({"uid":")" + std::string(41, 'a') + R"(","title":"t"})");
}

TEST_CASE("dashboards are per org") {
  temp_db db;
  const auto org2 = db->create_org("Other");
  REQUIRE(org2);
  REQUIRE(db->save_dashboard(1, dashboard_json("abc", "Traffic"), false));
  auto missing = db->get_dashboard(*org2, "abc");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == errc::not_found);
  // The same uid in another org is a different dashboard.
  CHECK(db->save_dashboard(*org2, dashboard_json("abc", "Traffic"), false));
  CHECK_FALSE(db->delete_dashboard(*org2, "nope"));
  REQUIRE(db->delete_dashboard(*org2, "abc"));
  CHECK(db->get_dashboard(1, "abc"));
  CHECK_FALSE(db->get_dashboard(*org2, "abc"));
}

TEST_CASE("fixture dashboards from Grafana save and come back") {
  temp_db db;
  for (const char* name : {"timeseries.json", "table_tests_new.json"}) {
    const std::string text = reportd::testing::fixture_dashboard(name);
    auto saved = db->save_dashboard(1, text, true);
    REQUIRE(saved);
    auto got = db->get_dashboard(1, saved->uid);
    REQUIRE(got);
    CHECK_FALSE(got->title.empty());
    CHECK(stored_json(*got).at("panels").as_array().size() ==
          boost::json::parse(text).as_object().at("panels").as_array().size());
  }
}

TEST_CASE("listing dashboards: by title, filtered by a case-insensitive substring, tags, per org, limited") {
  temp_db db;
  const auto org2 = db->create_org("Other");
  REQUIRE(org2);
  REQUIRE(db->save_dashboard(1, R"({"uid":"b","title":"web Traffic","tags":["web","prod"]})", false));
  REQUIRE(db->save_dashboard(1, R"({"uid":"a","title":"Disk 100%"})", false));
  REQUIRE(db->save_dashboard(1, R"({"uid":"c","title":"Databases","tags":"not-a-list"})", false));
  REQUIRE(db->save_dashboard(*org2, R"({"uid":"z","title":"Elsewhere"})", false));

  reportd::model::dashboard_search q;
  q.org_id = 1;
  auto all = db->list_dashboards(q);
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].title == "Databases");
  CHECK((*all)[0].tags.empty());
  CHECK((*all)[1].uid == "a");
  CHECK((*all)[2].title == "web Traffic");
  CHECK((*all)[2].tags == std::vector<std::string>{"web", "prod"});
  CHECK((*all)[2].origin == "reportd");

  q.query = "TRAFFIC";
  auto found = db->list_dashboards(q);
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  CHECK((*found)[0].uid == "b");

  q.query = "0%";  // a LIKE wildcard is matched as itself
  found = db->list_dashboards(q);
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  CHECK((*found)[0].uid == "a");

  q.query.clear();
  q.limit = 2;
  found = db->list_dashboards(q);
  REQUIRE(found);
  CHECK(found->size() == 2);

  q.org_id = *org2;
  q.limit = 1000;
  found = db->list_dashboards(q);
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  CHECK((*found)[0].uid == "z");
}
