#include "model/principal.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace reportd::model {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The scopes spec/API.md names for reports; anything else on a reports action is a caller bug,
// and refusing it is safer than granting it.
bool valid_reports_scope(std::string_view scope) {
  constexpr std::string_view id_prefix = "reports:id:";
  if (scope.empty() || scope == "reports:*" || scope == "reports:id:*")
    return true;
  return scope.substr(0, id_prefix.size()) == id_prefix && all_digits(scope.substr(id_prefix.size()));
}

constexpr std::array<std::string_view, 2> viewer_editor_reports = {"reports:read", "reports:send"};

// datasources:read is an org admin's only, as Grafana's GET /api/datasources.
constexpr std::array<std::string_view, 12> admin_actions = {
    "reports:read",           "reports:create",         "reports:write",   "reports:delete",
    "reports:send",           "reports.settings:read",  "reports.settings:write",
    "dashboards:read",        "dashboards:write",       "dashboards:create", "dashboards:delete",
    "datasources:read"};

constexpr std::array<std::string_view, 4> editor_dashboards = {"dashboards:read", "dashboards:create",
                                                               "dashboards:write", "dashboards:delete"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view action) {
  return std::find(set.begin(), set.end(), action) != set.end();
}

bool role_grants(role r, std::string_view action) {
  switch (r) {
    case role::admin: return contains(admin_actions, action);
    case role::editor: return contains(viewer_editor_reports, action) || contains(editor_dashboards, action);
    case role::viewer: return contains(viewer_editor_reports, action) || action == "dashboards:read";
  }
  return false;
}

}  // namespace

const char* to_string(role r) noexcept {
  switch (r) {
    case role::viewer: return "Viewer";
    case role::editor: return "Editor";
    case role::admin: return "Admin";
  }
  return "Viewer";
}

bool parse_role(std::string_view text, role& out) noexcept {
  for (role r : {role::viewer, role::editor, role::admin}) {
    if (iequals(text, to_string(r))) {
      out = r;
      return true;
    }
  }
  return false;
}

bool allowed(const principal& p, std::string_view action, std::string_view scope) {
  if (action.substr(0, 8) == "reports:" && !valid_reports_scope(scope))
    return false;
  return role_grants(p.role, action);
}

}  // namespace reportd::model
