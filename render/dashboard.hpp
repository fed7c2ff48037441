#pragma once
// Dashboard resolution: a stored dashboard plus what the report says about it, turned into
// the dashboard_view the drawing code lays out (time range evaluated, variables substituted,
// rows expanded, repeats unrolled, every panel's queries answered).
#include "render/datasources/datasource.hpp"
#include "render/engine.hpp"
#include "render/panel.hpp"
#include "model/problem.hpp"

namespace reportd::render {

/// Resolves with only the built-in TestData source configured.
model::checked<dashboard_view> resolve_dashboard(const dashboard_input& in, const render_request& req);

/// Resolves, sending queries to `sources`. A dashboard that is not JSON, or a time range
/// that does not evaluate, is a render_failed problem; a panel whose datasource is unknown
/// is not: it gets a notice ("datasource X is not configured") and no frames.
model::checked<dashboard_view> resolve_dashboard(const dashboard_input& in, const render_request& req,
                                                 const datasource_registry& sources);

/// The time range in effect: the dashboard's own range in the report, else the report's,
/// else the dashboard's saved `time`, else now-6h..now; evaluated in req.time_zone at
/// req.now_ms, "to" rounded up (now/d ends at the end of the day).
model::checked<time_window> resolve_time_window(const boost::json::object& dashboard,
                                                const dashboard_input& in, const render_request& req);

}  // namespace reportd::render
