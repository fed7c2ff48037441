#pragma once
// The route handlers of the request supervisor, one function per endpoint. Each runs after
// authentication, checks its RBAC action, and ends in finish()/fail() exactly once.
#include "actors/supervisor/supervisor.hpp"

namespace reportd::routes {

// routes.cpp: reports, settings, health
void list_reports(supervisor_actor* self);
void get_report(supervisor_actor* self);
void reports_by_dashboard(supervisor_actor* self);
void create_report(supervisor_actor* self);
void update_report(supervisor_actor* self);
void delete_report(supervisor_actor* self);
void get_settings(supervisor_actor* self);
void save_settings(supervisor_actor* self);
void health(supervisor_actor* self);

// routes_dashboards.cpp
void save_dashboard(supervisor_actor* self);
void get_dashboard(supervisor_actor* self);
void delete_dashboard(supervisor_actor* self);

// routes_runs.cpp: schedule previews, run history, /metrics, and telling the scheduler
void preview_runs(supervisor_actor* self);
void report_next_runs(supervisor_actor* self);
void report_runs(supervisor_actor* self);
void list_runs(supervisor_actor* self);
void metrics(supervisor_actor* self);
/// A report was created, updated or deleted: the scheduler re-plans it (no-op without one).
void notify_scheduler(supervisor_actor* self, std::int64_t report_id);

// routes_datasources.cpp: the provisioned datasources of the caller's org, in Grafana's shape
void list_datasources(supervisor_actor* self);
void get_datasource(supervisor_actor* self);

// routes_send.cpp: the heavy routes (render + mail)
void send_report(supervisor_actor* self);
void test_email(supervisor_actor* self);
void render_pdfs(supervisor_actor* self);
void render_csvs(supervisor_actor* self);

}  // namespace reportd::routes
