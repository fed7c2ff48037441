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

// routes_send.cpp: the heavy routes (render + mail)
void send_report(supervisor_actor* self);
void test_email(supervisor_actor* self);
void render_pdfs(supervisor_actor* self);
void render_csvs(supervisor_actor* self);

}  // namespace reportd::routes
