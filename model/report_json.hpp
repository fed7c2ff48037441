#pragma once
// JSON in and out for reports (spec/API.md, "Report object" and "Create/update body").
// simdjson reads, Boost.JSON writes; neither library's parse types leave model/.
// The settings, send, test-email and dashboard bodies live in request_json.hpp and
// settings_json.hpp, included here so one include gives every codec.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/problem.hpp"
#include "model/report.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"

namespace reportd::model {

/// A create/update body as Grafana's clients send it: missing booleans are false,
/// reportVariables values may be a single string, startDate/endDate are RFC 3339 (with or
/// without milliseconds) or empty/null, `id` may be a number or a string, and the legacy
/// single-dashboard shape (dashboardId, dashboardUid, templateVars, options.timeRange) becomes
/// one dashboards[] entry. Unknown keys are ignored. Only the shape is checked here: call
/// validate_report (model/validation.hpp) for the rules. Fields the server owns (id, uid,
/// userId, orgId, created, updated) are read too, for round trips; callers overwrite them.
checked<report> parse_report(std::string_view body);

/// Only a stored report resolves a dashboard named by id alone (the store looks it up): a
/// report that is rendered without being stored (render endpoints, test email) needs uids.
checked<unit> require_dashboard_uids(const report& r);

/// parse_report followed by validate_report.
checked<report> parse_valid_report(std::string_view body);

/// POST /api/reports/schedule/preview (reportd's own): {"schedule": {...}, "state": "...",
/// "from": "RFC 3339", "count": N}. The schedule is read and validated as in a report body.
struct schedule_preview {
  model::schedule schedule;
  std::string state = "scheduled";
  std::optional<std::int64_t> from;  // epoch seconds; nullopt: now
  int count = 5;                     // 1..1000
};
checked<schedule_preview> parse_schedule_preview(std::string_view body);

/// The query parameters of GET /api/reports/render/pdfs and /csvs, as the client sent them
/// (the route fills the documented defaults for missing ones).
struct render_query {
  std::string dashboards;  // a JSON array of report dashboards, as in a report body
  std::string title = "Report";
  std::string orientation = "landscape";
  std::string layout = "grid";
  bool show_template_variables = false;
  std::string scale_factor;  // "" for the default
};
/// The report (a draft, not stored) the render endpoints render, validated.
checked<report> parse_render_query(const render_query& q);

/// The state a client sees: "not scheduled" when frequency is never (a draft stays "draft"),
/// "expired" when endDate has passed, otherwise the stored state.
std::string displayed_state(const report& r, std::int64_t now_epoch_s);

/// The report object with every key present; times in the report's zone; state as displayed_state.
boost::json::object report_to_value(const report& r, std::int64_t now_epoch_s);
std::string report_to_json(const report& r, std::int64_t now_epoch_s);
/// A JSON array of report objects.
std::string reports_to_json(const std::vector<report>& reports, std::int64_t now_epoch_s);

}  // namespace reportd::model
