#include "catch_prelude.hpp"

#include "model/principal.hpp"
#include "model/problem.hpp"

#include <string>

using namespace reportd::model;

namespace {
principal as(role r) {
  principal p;
  p.org_id = 1;
  p.user_id = 7;
  p.role = r;
  return p;
}
}  // namespace

TEST_CASE("roles parse case-insensitively and print as Grafana spells them", "[principal]") {
  role r = role::viewer;
  CHECK(parse_role("admin", r));
  CHECK(r == role::admin);
  CHECK(parse_role("EDITOR", r));
  CHECK(r == role::editor);
  CHECK(parse_role("Viewer", r));
  CHECK(r == role::viewer);
  CHECK_FALSE(parse_role("Owner", r));
  CHECK_FALSE(parse_role("", r));
  CHECK(std::string(to_string(role::admin)) == "Admin");
  CHECK(std::string(to_string(role::editor)) == "Editor");
  CHECK(std::string(to_string(role::viewer)) == "Viewer");
}

TEST_CASE("admin has every reports, settings and dashboards action", "[principal]") {
  const auto admin = as(role::admin);
  for (const char* action : {"reports:read", "reports:create", "reports:write", "reports:delete", "reports:send",
                             "reports.settings:read", "reports.settings:write", "dashboards:read",
                             "dashboards:write", "dashboards:create", "dashboards:delete"}) {
    INFO(action);
    CHECK(allowed(admin, action));
  }
  CHECK_FALSE(allowed(admin, "users:delete"));
}

TEST_CASE("viewer and editor may only read and send reports", "[principal]") {
  for (role r : {role::viewer, role::editor}) {
    const auto p = as(r);
    INFO(to_string(r));
    CHECK(allowed(p, "reports:read", "reports:*"));
    CHECK(allowed(p, "reports:send", "reports:id:3"));
    CHECK_FALSE(allowed(p, "reports:create", "reports:*"));
    CHECK_FALSE(allowed(p, "reports:write", "reports:id:3"));
    CHECK_FALSE(allowed(p, "reports:delete", "reports:id:3"));
    CHECK_FALSE(allowed(p, "reports.settings:read"));
    CHECK_FALSE(allowed(p, "reports.settings:write"));
    CHECK(allowed(p, "dashboards:read"));
  }
}

TEST_CASE("editor manages dashboards, viewer only reads them", "[principal]") {
  for (const char* action : {"dashboards:create", "dashboards:write", "dashboards:delete"}) {
    INFO(action);
    CHECK(allowed(as(role::editor), action));
    CHECK_FALSE(allowed(as(role::viewer), action));
  }
}

TEST_CASE("role grants apply to every reports scope, malformed scopes grant nothing", "[principal]") {
  const auto admin = as(role::admin);
  for (const char* scope : {"", "reports:*", "reports:id:*", "reports:id:42"}) {
    INFO(scope);
    CHECK(allowed(admin, "reports:write", scope));
  }
  CHECK_FALSE(allowed(admin, "reports:write", "reports:id:"));
  CHECK_FALSE(allowed(admin, "reports:write", "reports:id:4x"));
  CHECK_FALSE(allowed(admin, "reports:write", "dashboards:*"));
}

TEST_CASE("error classes have stable names", "[problem]") {
  CHECK(std::string(to_string(errc::bad_request)) == "bad_request");
  CHECK(std::string(to_string(errc::forbidden)) == "forbidden");
  CHECK(std::string(to_string(errc::overloaded)) == "overloaded");
  CHECK(std::string(to_string(errc::internal)) == "internal");
}
