#include "http/router.hpp"

#include <array>

namespace reportd::http {
namespace {

struct entry {
  std::string_view method;
  std::string_view pattern;  // literal segments; ":x" matches one non-empty segment
  route id;
  bool heavy;
  bool needs_auth;
};

// Literal routes come before the ones with a parameter in the same position, so that
// /api/reports/settings is never read as report id "settings".
constexpr std::array<entry, 26> table{{
  {"GET", "/api/health", route::health, false, false},
  {"GET", "/metrics", route::metrics, false, false},
  {"GET", "/api/reports/settings", route::get_settings, false, true},
  {"POST", "/api/reports/settings", route::save_settings, false, true},
  {"POST", "/api/reports/email", route::send_report, true, true},
  {"POST", "/api/reports/test-email", route::test_email, true, true},
  {"GET", "/api/reports/render/pdfs", route::render_pdfs, true, true},
  {"GET", "/api/reports/render/csvs", route::render_csvs, true, true},
  {"GET", "/api/reports/dashboards", route::list_dashboards, false, true},
  {"GET", "/api/reports/dashboards/:uid", route::reports_by_dashboard, false, true},
  {"GET", "/api/reports/runs", route::list_runs, false, true},
  {"POST", "/api/reports/next-runs", route::preview_runs, false, true},
  {"GET", "/api/reports/:id/runs", route::report_runs, false, true},
  {"GET", "/api/reports/:id/next-runs", route::report_next_runs, false, true},
  {"GET", "/api/reports", route::list_reports, false, true},
  {"POST", "/api/reports", route::create_report, false, true},
  {"GET", "/api/reports/:id", route::get_report, false, true},
  {"PUT", "/api/reports/:id", route::update_report, false, true},
  {"DELETE", "/api/reports/:id", route::delete_report, false, true},
  {"POST", "/api/dashboards/db", route::save_dashboard, false, true},
  {"GET", "/api/dashboards/uid/:uid", route::get_dashboard, false, true},
  {"DELETE", "/api/dashboards/uid/:uid", route::delete_dashboard, false, true},
  {"GET", "/api/datasources", route::list_datasources, false, true},
  {"GET", "/api/datasources/uid/:uid", route::datasource_by_uid, false, true},
  {"GET", "/api/datasources/name/:name", route::datasource_by_name, false, true},
  {"GET", "/api/datasources/:id", route::datasource_by_id, false, true},
}};

std::string_view next_segment(std::string_view& rest) {
  if (!rest.empty() && rest.front() == '/')
    rest.remove_prefix(1);
  auto end = rest.find('/');
  auto seg = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  return seg;
}

/// Matches `path` against `pattern`; on success stores the parameter segment.
bool matches(std::string_view pattern, std::string_view path, std::string& param) {
  if (path.size() > 1 && path.back() == '/')
    path.remove_suffix(1);  // tolerate one trailing slash
  while (!pattern.empty() || !path.empty()) {
    auto want = next_segment(pattern);
    auto got = next_segment(path);
    if (want.empty() != got.empty())
      return false;
    if (!want.empty() && want.front() == ':') {
      param.assign(got);
    } else if (want != got) {
      return false;
    }
  }
  return true;
}

}  // namespace

route_match match_route(std::string_view method, std::string_view path) {
  route_match out;
  std::string allow;
  for (const auto& e : table) {
    std::string param;
    if (!matches(e.pattern, path, param))
      continue;
    if (e.method == method) {
      out.id = e.id;
      out.param = std::move(param);
      out.heavy = e.heavy;
      out.needs_auth = e.needs_auth;
      return out;
    }
    if (allow.find(e.method) == std::string::npos)
      allow += (allow.empty() ? "" : ", ") + std::string(e.method);
  }
  if (!allow.empty()) {
    out.id = route::method_not_allowed;
    out.allow = std::move(allow);
    out.needs_auth = false;
  }
  return out;
}

const char* route_name(route r) noexcept {
  switch (r) {
    case route::not_found: return "not_found";
    case route::method_not_allowed: return "method_not_allowed";
    case route::health: return "GET /api/health";
    case route::metrics: return "GET /metrics";
    case route::list_reports: return "GET /api/reports";
    case route::get_report: return "GET /api/reports/:id";
    case route::create_report: return "POST /api/reports";
    case route::update_report: return "PUT /api/reports/:id";
    case route::delete_report: return "DELETE /api/reports/:id";
    case route::reports_by_dashboard: return "GET /api/reports/dashboards/:uid";
    case route::list_dashboards: return "GET /api/reports/dashboards";
    case route::send_report: return "POST /api/reports/email";
    case route::test_email: return "POST /api/reports/test-email";
    case route::get_settings: return "GET /api/reports/settings";
    case route::save_settings: return "POST /api/reports/settings";
    case route::render_pdfs: return "GET /api/reports/render/pdfs";
    case route::render_csvs: return "GET /api/reports/render/csvs";
    case route::save_dashboard: return "POST /api/dashboards/db";
    case route::get_dashboard: return "GET /api/dashboards/uid/:uid";
    case route::delete_dashboard: return "DELETE /api/dashboards/uid/:uid";
    case route::preview_runs: return "POST /api/reports/next-runs";
    case route::report_next_runs: return "GET /api/reports/:id/next-runs";
    case route::report_runs: return "GET /api/reports/:id/runs";
    case route::list_runs: return "GET /api/reports/runs";
    case route::list_datasources: return "GET /api/datasources";
    case route::datasource_by_uid: return "GET /api/datasources/uid/:uid";
    case route::datasource_by_name: return "GET /api/datasources/name/:name";
    case route::datasource_by_id: return "GET /api/datasources/:id";
  }
  return "unknown";
}

}  // namespace reportd::http
