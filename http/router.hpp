#pragma once
// The route table: method + path -> which endpoint, as a pure function (no I/O), so the
// front actor routes without waiting and tests can check every path.
#include <string>
#include <string_view>

namespace reportd::http {

enum class route {
  not_found,
  method_not_allowed,
  health,
  metrics,
  list_reports,
  get_report,
  create_report,
  update_report,
  delete_report,
  reports_by_dashboard,
  list_dashboards,   // GET /api/reports/dashboards: what a report can name, here and in Grafana
  send_report,
  test_email,
  get_settings,
  save_settings,
  render_pdfs,
  render_csvs,
  save_dashboard,
  get_dashboard,
  delete_dashboard,
  preview_runs,      // POST /api/reports/next-runs
  report_next_runs,  // GET /api/reports/:id/next-runs
  report_runs,       // GET /api/reports/:id/runs
  list_runs,         // GET /api/reports/runs
  list_datasources,  // GET /api/datasources
  datasource_by_uid,   // GET /api/datasources/uid/:uid
  datasource_by_name,  // GET /api/datasources/name/:name
  datasource_by_id,    // GET /api/datasources/:id
};

struct route_match {
  http::route id = route::not_found;
  std::string param;   // the :id or :uid path segment, still undecoded-free (path is decoded)
  bool heavy = false;  // render or mail work: admitted against the heavy limit
  bool needs_auth = true;
  std::string allow;   // for method_not_allowed: the methods the path accepts
};

route_match match_route(std::string_view method, std::string_view path);

/// Stable name for logs and metrics ("GET /api/reports/:id").
const char* route_name(route r) noexcept;

}  // namespace reportd::http
