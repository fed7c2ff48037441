// Grafana's dashboard search answer (GET /api/search, shaped as Grafana's HTTP API documents it:
// folders as dash-folder hits, dashboards as dash-db hits with folderTitle when in a folder) and
// the union GET /api/reports/dashboards answers.
#include "catch_prelude.hpp"

#include "render/datasources/grafana/search.hpp"

using reportd::model::dashboard_entry;
namespace grafana = reportd::render::grafana;

namespace {

dashboard_entry entry(std::string uid, std::string title, std::string origin) {
  dashboard_entry e;
  e.uid = std::move(uid);
  e.title = std::move(title);
  e.origin = std::move(origin);
  return e;
}

}  // namespace

TEST_CASE("a Grafana search answer gives its dashboards, not its folders, with absolute urls") {
  const std::string body = R"([
    {"id":163,"uid":"000000163","title":"Folder","url":"/dashboards/f/000000163/folder","type":"dash-folder",
     "tags":[],"isStarred":false,"uri":"db/folder"},
    {"id":1,"uid":"cIBgcSjkk","title":"Production Overview","url":"/d/cIBgcSjkk/production-overview",
     "type":"dash-db","tags":["prod","web"],"isStarred":true,"uri":"db/production-overview",
     "folderId":163,"folderUid":"000000163","folderTitle":"Folder","folderUrl":"/dashboards/f/000000163/folder"},
    {"id":2,"uid":"","title":"No uid","type":"dash-db"},
    {"id":3,"uid":"root","title":"At the root","url":"/d/root/at-the-root","type":"dash-db","tags":null}
  ])";
  const auto got = grafana::parse_search(body, "https://grafana.example.com");
  REQUIRE(got.size() == 2);
  CHECK(got[0].uid == "cIBgcSjkk");
  CHECK(got[0].title == "Production Overview");
  CHECK(got[0].tags == std::vector<std::string>{"prod", "web"});
  CHECK(got[0].folder_title == "Folder");
  CHECK(got[0].url == "https://grafana.example.com/d/cIBgcSjkk/production-overview");
  CHECK(got[0].origin == "grafana");
  CHECK(got[1].uid == "root");
  CHECK(got[1].folder_title.empty());
  CHECK(got[1].tags.empty());
}

TEST_CASE("a search answer that is not a JSON array is an error, not an empty list") {
  CHECK_THROWS_WITH(grafana::parse_search(R"({"message":"Unauthorized"})", "http://g"),
                    Catch::Contains("not a JSON array"));
  CHECK_THROWS(grafana::parse_search("<html>", "http://g"));
}

TEST_CASE("the union lists each uid once, the copy a render would use winning, by title") {
  std::vector<dashboard_entry> local{entry("same", "Stored copy", "reportd"), entry("l", "beta", "reportd")};
  std::vector<dashboard_entry> remote{entry("same", "Grafana copy", "grafana"), entry("g", "Alpha", "grafana"),
                                      entry("g2", "alpha", "grafana")};
  SECTION("stored first ([grafana] dashboards = both)") {
    const auto got = grafana::union_of(local, remote, false, 100);
    REQUIRE(got.size() == 4);
    CHECK(got[0].uid == "g");  // Alpha and alpha tie on title: by uid
    CHECK(got[1].uid == "g2");
    CHECK(got[2].uid == "l");
    CHECK(got[3].title == "Stored copy");
    CHECK(got[3].origin == "reportd");
  }
  SECTION("Grafana first ([grafana] dashboards = grafana)") {
    const auto got = grafana::union_of(local, remote, true, 100);
    REQUIRE(got.size() == 4);
    CHECK(got[3].title == "Grafana copy");
    CHECK(got[3].origin == "grafana");
  }
  SECTION("at most the limit") {
    const auto got = grafana::union_of(local, remote, false, 2);
    REQUIRE(got.size() == 2);
    CHECK(got[1].uid == "g2");
  }
}
