#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "auth/token.hpp"
#include "temp_db.hpp"

using reportd::model::role;
using reportd::store::database;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::temp_db;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("an acknowledged write survives kill -9 of the writing process") {
  temp_db db;
  const std::string path = db.path();
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child writes through its own connection and dies without closing anything.
    auto opened = database::open({path, false});
    if (!opened) _exit(2);
    auto& writer = **opened;
    if (!writer.save_dashboard(1, dashboard_json("crash", "Crash test"), false)) _exit(3);
    reportd::model::report r;
    r.org_id = 1;
    r.name = "Survivor";
    r.recipients = "a@example.com";
    reportd::model::report_dashboard d;
    d.dashboard.uid = "crash";
    r.dashboards = {d};
    if (!writer.create_report(r)) _exit(4);
    raise(SIGKILL);
    _exit(5);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  db.reopen();
  auto reports = db->list_reports(1);
  REQUIRE(reports);
  REQUIRE(reports->size() == 1);
  CHECK(reports->front().name == "Survivor");
  CHECK(reports->front().dashboards.front().dashboard.name == "Crash test");
}

TEST_CASE("neither token texts nor passwords are written to disk") {
  temp_db db;
  auto sa = db->create_service_account(1, "svc", role::admin);
  REQUIRE(sa);
  auto token = db->create_token(*sa, "t");
  REQUIRE(token);
  auto key = db->create_api_key(1, "legacy", role::viewer);
  REQUIRE(key);
  const auto secret = reportd::auth::parse_api_key(*key)->key;
  REQUIRE(db->create_user("frank", "hunter2-unique-password", 1, role::viewer));

  const std::string bytes = file_bytes(db.path()) + file_bytes(db.path() + "-wal");
  CHECK(bytes.find(*token) == std::string::npos);
  CHECK(bytes.find(secret) == std::string::npos);
  CHECK(bytes.find("hunter2-unique-password") == std::string::npos);
  // The hash is what is stored (sanity check that the search above could succeed).
  CHECK(bytes.find(reportd::auth::sha256_hex(*token)) != std::string::npos);
}
