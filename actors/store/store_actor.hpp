#pragma once
// The report-store actor's typed interface. Every handler is scoped by organisation:
// another org's report or dashboard is not_found. Errors arrive as reportd errors
// (bad_request, not_found, internal) with a message for the user.
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace reportd {

using store_actor = caf::typed_actor<
  // One report of an org.
  caf::replies_to<get_atom, report_atom, std::int64_t /*org*/, std::int64_t /*id*/>::with<model::report>,
  // Every report of an org.
  caf::replies_to<list_atom, report_atom, std::int64_t /*org*/>::with<std::vector<model::report>>,
  // One slice of an org's reports in id order (GET /api/reports reads slice by slice).
  caf::replies_to<list_atom, report_atom, model::report_page>::with<std::vector<model::report>>,
  // The reports of an org that use a dashboard.
  caf::replies_to<list_atom, report_atom, std::int64_t /*org*/, std::string /*uid*/>::with<
    std::vector<model::report>>,
  // Stores a validated new report (org and user set); answers its id.
  caf::replies_to<create_atom, model::report>::with<std::int64_t>,
  // Replaces a report (org and id set).
  caf::replies_to<update_atom, model::report>::with<ok_atom>,
  caf::replies_to<delete_atom, report_atom, std::int64_t /*org*/, std::int64_t /*id*/>::with<ok_atom>,
  // Saves dashboard JSON; answers what was stored.
  caf::replies_to<put_atom, dashboard_atom, std::int64_t /*org*/, std::string /*json*/,
                  bool /*overwrite*/>::with<model::stored_dashboard>,
  caf::replies_to<get_atom, dashboard_atom, std::int64_t /*org*/, std::string /*uid*/>::with<
    model::stored_dashboard>,
  caf::replies_to<delete_atom, dashboard_atom, std::int64_t /*org*/, std::string /*uid*/>::with<ok_atom>,
  // The org's dashboards matching a search (no JSON), by title.
  caf::replies_to<list_atom, dashboard_atom, model::dashboard_search>::with<std::vector<model::dashboard_entry>>,
  caf::replies_to<get_atom, settings_atom, std::int64_t /*org*/>::with<model::report_settings>,
  caf::replies_to<put_atom, settings_atom, model::report_settings>::with<ok_atom>,
  // A report with its dashboards and the org's settings: everything a send needs.
  caf::replies_to<get_atom, bundle_atom, std::int64_t /*org*/, std::int64_t /*id*/>::with<send_bundle>,
  // Dashboards by uid with the org's settings, for a report not stored (test email, render).
  caf::replies_to<get_atom, bundle_atom, model::report>::with<send_bundle>,
  // Database reachable?
  caf::replies_to<ping_atom>::with<ok_atom>,
  // --- scheduling and run history (all orgs: only the scheduler and /metrics ask) ---
  // Every scheduled report's schedule and last claimed run.
  caf::replies_to<list_atom, schedule_atom>::with<std::vector<model::schedule_entry>>,
  // One report's schedule; none when the report is gone.
  caf::replies_to<get_atom, schedule_atom, std::int64_t /*report*/>::with<
    std::optional<model::schedule_entry>>,
  // Claims a run exactly once; answers the run id, 0 when claimed before or not scheduled.
  caf::replies_to<claim_atom, model::run_claim>::with<std::int64_t>,
  // Records how a claimed run ended.
  caf::replies_to<put_atom, run_atom, model::run_outcome>::with<ok_atom>,
  // Runs of one org (scoped by the query's org), newest first.
  caf::replies_to<list_atom, run_atom, model::run_query>::with<std::vector<model::run_record>>,
  // Runs per status, all orgs.
  caf::replies_to<stats_atom, run_atom>::with<model::run_counts>,
  // Fails runs left "running" that started before the given time; answers how many.
  caf::replies_to<delete_atom, run_atom, std::int64_t /*started_before*/>::with<std::int64_t>>;

}  // namespace reportd
