#include "actors/store/store.hpp"

#include <caf/all.hpp>

namespace reportd {
namespace {

/// A checked engine result as an actor reply.
template <class T>
caf::result<T> reply(model::checked<T> x) {
  if (!x)
    return to_error(x.error());
  return std::move(*x);
}

caf::result<ok_atom> reply(model::checked<model::unit> x) {
  if (!x)
    return to_error(x.error());
  return ok_atom::value;
}

/// The dashboards a report names (in order) and the org's settings.
caf::result<send_bundle> load_bundle(store::database& db, model::report r, bool dashboards_elsewhere) {
  send_bundle b;
  for (auto& d : r.dashboards) {
    auto dash = db.get_dashboard(r.org_id, d.dashboard.uid);
    if (!dash && dashboards_elsewhere) {
      model::stored_dashboard missing;  // the renderer fetches it from Grafana
      missing.org_id = r.org_id;
      missing.uid = d.dashboard.uid;
      b.dashboards.push_back(std::move(missing));
      continue;
    }
    if (!dash)
      return to_error(model::not_found("dashboard " + d.dashboard.uid + " not found"));
    d.dashboard.id = dash->id;
    d.dashboard.name = dash->title;
    b.dashboards.push_back(std::move(*dash));
  }
  auto s = db.get_settings(r.org_id);
  if (!s)
    return to_error(s.error());
  b.settings = std::move(*s);
  b.report = std::move(r);
  return b;
}

}  // namespace

store_actor::behavior_type report_store(store_actor::stateful_pointer<store_state> self,
                                        std::shared_ptr<store::database> db, bool dashboards_elsewhere) {
  self->state.db = std::move(db);
  auto& d = *self->state.db;
  const bool elsewhere = dashboards_elsewhere;
  return {
    [&d](get_atom, report_atom, std::int64_t org, std::int64_t id) {
      return reply(d.get_report(org, id));
    },
    [&d](list_atom, report_atom, std::int64_t org) { return reply(d.list_reports(org)); },
    [&d](list_atom, report_atom, const model::report_page& q) { return reply(d.list_reports(q)); },
    [&d](list_atom, report_atom, std::int64_t org, std::string& uid) {
      return reply(d.reports_using_dashboard(org, uid));
    },
    [&d](create_atom, model::report& r) { return reply(d.create_report(std::move(r))); },
    [&d](update_atom, model::report& r) { return reply(d.update_report(std::move(r))); },
    [&d](delete_atom, report_atom, std::int64_t org, std::int64_t id) {
      return reply(d.delete_report(org, id));
    },
    [&d](put_atom, dashboard_atom, std::int64_t org, std::string& json, bool overwrite) {
      return reply(d.save_dashboard(org, json, overwrite));
    },
    [&d](get_atom, dashboard_atom, std::int64_t org, std::string& uid) {
      return reply(d.get_dashboard(org, uid));
    },
    [&d](delete_atom, dashboard_atom, std::int64_t org, std::string& uid) {
      return reply(d.delete_dashboard(org, uid));
    },
    [&d](list_atom, dashboard_atom, model::dashboard_search& q) { return reply(d.list_dashboards(q)); },
    [&d](get_atom, settings_atom, std::int64_t org) { return reply(d.get_settings(org)); },
    [&d](put_atom, settings_atom, model::report_settings& s) {
      return reply(d.save_settings(std::move(s)));
    },
    [&d, elsewhere](get_atom, bundle_atom, std::int64_t org, std::int64_t id) -> caf::result<send_bundle> {
      auto r = d.get_report(org, id);
      if (!r)
        return to_error(r.error());
      return load_bundle(d, std::move(*r), elsewhere);
    },
    [&d, elsewhere](get_atom, bundle_atom, model::report& r) { return load_bundle(d, std::move(r), elsewhere); },
    [&d](ping_atom) { return reply(d.ping()); },
    [&d](list_atom, schedule_atom) { return reply(d.schedule_entries()); },
    [&d](get_atom, schedule_atom, std::int64_t id) { return reply(d.find_schedule_entry(id)); },
    [&d](claim_atom, const model::run_claim& c) {
      return reply(d.claim_run(c.report_id, c.scheduled_at, c.now, c.status, c.recipients, c.error, c.lease_until));
    },
    [&d](put_atom, run_atom, const model::run_outcome& o) { return reply(d.finish_run(o)); },
    [&d](list_atom, run_atom, const model::run_query& q) { return reply(d.list_runs(q)); },
    [&d](stats_atom, run_atom) { return reply(d.count_runs_by_status()); },
    [&d](delete_atom, run_atom, std::int64_t before) { return reply(d.fail_abandoned_runs(before)); },
  };
}

store_actor spawn_store(caf::actor_system& sys, std::unique_ptr<store::database> db, bool dashboards_elsewhere) {
  return sys.spawn<caf::detached>(report_store, std::shared_ptr<store::database>(std::move(db)),
                                  dashboards_elsewhere);
}

}  // namespace reportd
