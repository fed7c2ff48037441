// Report CRUD, settings and health: store round trips with validation in front.
#include "actors/supervisor/routes.hpp"
#include "model/clock.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>

#include <boost/json.hpp>
#include <caf/all.hpp>

#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"
#include "model/validation.hpp"

namespace reportd {

void dispatch(supervisor_actor* self) {
  using http::route;
  switch (self->state.match.id) {
    case route::list_reports: return routes::list_reports(self);
    case route::get_report: return routes::get_report(self);
    case route::create_report: return routes::create_report(self);
    case route::update_report: return routes::update_report(self);
    case route::delete_report: return routes::delete_report(self);
    case route::reports_by_dashboard: return routes::reports_by_dashboard(self);
    case route::list_dashboards: return routes::list_dashboards(self);
    case route::send_report: return routes::send_report(self);
    case route::test_email: return routes::test_email(self);
    case route::get_settings: return routes::get_settings(self);
    case route::save_settings: return routes::save_settings(self);
    case route::render_pdfs: return routes::render_pdfs(self);
    case route::render_csvs: return routes::render_csvs(self);
    case route::save_dashboard: return routes::save_dashboard(self);
    case route::get_dashboard: return routes::get_dashboard(self);
    case route::delete_dashboard: return routes::delete_dashboard(self);
    case route::health: return routes::health(self);
    case route::metrics: return routes::metrics(self);
    case route::preview_runs: return routes::preview_runs(self);
    case route::report_next_runs: return routes::report_next_runs(self);
    case route::report_runs: return routes::report_runs(self);
    case route::list_runs: return routes::list_runs(self);
    case route::list_datasources: return routes::list_datasources(self);
    case route::datasource_by_uid:
    case route::datasource_by_name:
    case route::datasource_by_id: return routes::get_datasource(self);
    default: return fail(self, model::not_found("Not found"));
  }
}

namespace routes {
namespace {

std::int64_t org(supervisor_actor* self) { return self->state.who.org_id; }

/// The :id of the path, or a 400 answered and nullopt.
std::optional<std::int64_t> path_id(supervisor_actor* self) {
  auto id = model::parse_id(self->state.match.param);
  if (!id) {
    fail(self, id.error());
    return std::nullopt;
  }
  return *id;
}

/// The body as a validated report owned by the caller's org, or a 400 answered.
std::optional<model::report> body_report(supervisor_actor* self) {
  if (!require_json_body(self))
    return std::nullopt;
  auto r = model::parse_report(self->state.req.body);
  if (!r) {
    fail(self, r.error());
    return std::nullopt;
  }
  if (auto ok = model::validate_report(*r); !ok) {
    fail(self, ok.error());
    return std::nullopt;
  }
  const auto& who = self->state.who;
  r->org_id = who.org_id;
  r->user_id = who.user_id != 0 ? who.user_id : who.service_account_id;
  return std::move(*r);
}


/// GET /api/reports?page=&perpage= as Grafana's search APIs page: `page` from 1 (default
/// 1), `perpage` from 1 to 5000 (default 1000), in id order. Without either the whole list
/// is answered, as Grafana does.
struct list_window {
  std::int64_t offset = 0;
  std::optional<std::int64_t> count;  // nullopt: every report
};

constexpr std::int64_t max_perpage = 5000;
constexpr std::int64_t default_perpage = 1000;
constexpr std::int64_t max_page = 1'000'000'000;
/// Reports per store request while listing: one request holds the store for a few ms, so
/// a long list never makes other users wait behind it for long.
constexpr std::int64_t list_slice = 250;

}  // namespace

model::checked<std::int64_t> bounded_param(const http::request& req, const char* name,
                                           std::int64_t lo, std::int64_t hi, std::int64_t fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end())
    return fallback;
  const auto& text = it->second;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
    return model::bad_request(std::string(name) + " must be an integer from " + std::to_string(lo) +
                              " to " + std::to_string(hi) + ", got \"" + text + "\"");
  return v;
}

namespace {

model::checked<list_window> list_paging(const http::request& req) {
  auto page = bounded_param(req, "page", 1, max_page, 1);
  if (!page)
    return page.error();
  // Grafana's search APIs spell it `perpage`; reportd's run history `perPage`: both work.
  const char* perpage_name = req.query.count("perpage") || !req.query.count("perPage") ? "perpage" : "perPage";
  auto perpage = bounded_param(req, perpage_name, 1, max_perpage, default_perpage);
  if (!perpage)
    return perpage.error();
  list_window w;
  if (req.query.count("page") || req.query.count(perpage_name)) {
    w.offset = (*page - 1) * *perpage;
    w.count = *perpage;
  }
  return w;
}

/// The JSON array of a listing, written one store slice at a time: the peak is the answer's
/// text plus one slice of reports, never the whole list as values and as a JSON tree.
struct report_listing {
  std::string body = "[";
  std::optional<std::int64_t> left;  // reports still wanted; nullopt: all
  std::int64_t now = 0;
};

void list_from(supervisor_actor* self, std::shared_ptr<report_listing> out, model::report_page q) {
  q.limit = out->left ? std::min(*out->left, list_slice) : list_slice;
  ask_store(self, list_atom::value, report_atom::value, q)
    .then(
      [=](std::vector<model::report>& rs) mutable {
        for (const auto& r : rs) {
          if (out->body.size() > 1)
            out->body += ',';
          out->body += boost::json::serialize(model::report_to_value(r, out->now));
        }
        if (out->left)
          *out->left -= static_cast<std::int64_t>(rs.size());
        if (static_cast<std::int64_t>(rs.size()) < q.limit || (out->left && *out->left == 0)) {
          out->body += ']';
          return reply_json(self, std::move(out->body));
        }
        // Keyset: the next slice starts after the last id read, so reports created or
        // deleted meanwhile neither repeat nor hide others.
        model::report_page next;
        next.org_id = q.org_id;
        next.after_id = rs.back().id;
        list_from(self, std::move(out), next);
      },
      store_failed(self));
}

}  // namespace

void list_reports(supervisor_actor* self) {
  if (!require(self, "reports:read", "reports:*"))
    return;
  auto paging = list_paging(self->state.req);
  if (!paging)
    return fail(self, paging.error());
  auto out = std::make_shared<report_listing>();
  out->left = paging->count;
  out->now = model::epoch_seconds();
  model::report_page first;
  first.org_id = org(self);
  first.offset = paging->offset;
  list_from(self, std::move(out), first);
}

void get_report(supervisor_actor* self) {
  auto id = path_id(self);
  if (!id || !require(self, "reports:read", "reports:id:" + std::to_string(*id)))
    return;
  ask_store(self, get_atom::value, report_atom::value, org(self), *id)
    .then([=](model::report& r) { reply_json(self, model::report_to_json(r, model::epoch_seconds())); },
          store_failed(self));
}

void reports_by_dashboard(supervisor_actor* self) {
  if (!require(self, "reports:read", "reports:*"))
    return;
  ask_store(self, list_atom::value, report_atom::value, org(self), self->state.match.param)
    .then([=](std::vector<model::report>& rs) { reply_json(self, model::reports_to_json(rs, model::epoch_seconds())); },
          store_failed(self));
}

void create_report(supervisor_actor* self) {
  if (!require(self, "reports:create", "reports:*"))
    return;
  auto r = body_report(self);
  if (!r)
    return;
  ask_store(self, create_atom::value, std::move(*r))
    .then(
      [=](std::int64_t id) {
        notify_scheduler(self, id);
        boost::json::object body{{"id", id}, {"message", "Report created"}};
        reply_json(self, boost::json::serialize(body));
      },
      store_failed(self));
}

void update_report(supervisor_actor* self) {
  auto id = path_id(self);
  if (!id || !require(self, "reports:write", "reports:id:" + std::to_string(*id)))
    return;
  auto r = body_report(self);
  if (!r)
    return;
  r->id = *id;
  ask_store(self, update_atom::value, std::move(*r))
    .then(
      [=](ok_atom) {
        notify_scheduler(self, *id);
        reply_json(self, model::message_json("Report updated"));
      },
          store_failed(self));
}

void delete_report(supervisor_actor* self) {
  auto id = path_id(self);
  if (!id || !require(self, "reports:delete", "reports:id:" + std::to_string(*id)))
    return;
  ask_store(self, delete_atom::value, report_atom::value, org(self), *id)
    .then(
      [=](ok_atom) {
        notify_scheduler(self, *id);
        reply_json(self, model::message_json("Report config was removed"));
      },
          store_failed(self));
}

void get_settings(supervisor_actor* self) {
  if (!require(self, "reports.settings:read"))
    return;
  ask_store(self, get_atom::value, settings_atom::value, org(self))
    .then([=](model::report_settings& s) { reply_json(self, model::settings_to_json(s)); },
          store_failed(self));
}

void save_settings(supervisor_actor* self) {
  if (!require(self, "reports.settings:write") || !require_json_body(self))
    return;
  // Read over what is stored: a key the body leaves out keeps its value (Grafana's own
  // settings object has no pdfHeaderEnabled, and saving it must not turn the header off).
  ask_store(self, get_atom::value, settings_atom::value, org(self))
    .then(
      [=](model::report_settings& stored) {
        auto s = model::parse_settings(self->state.req.body, stored);
        if (!s)
          return fail(self, s.error());
        s->org_id = org(self);
        s->user_id = self->state.who.user_id;
        ask_store(self, put_atom::value, settings_atom::value, std::move(*s))
          .then([=](ok_atom) { reply_json(self, model::message_json("Report settings saved")); },
                store_failed(self));
      },
      store_failed(self));
}

void health(supervisor_actor* self) {
  auto answer = [=](const char* db, unsigned status) {
    const auto& svc = self->state.svc;
    // Grafana's keys (database, version) plus which instance answered and on which engine,
    // for a load balancer's health check in front of several instances.
    boost::json::object body{{"database", db},
                             {"version", svc.version},
                             {"instance", svc.instance_id},
                             {"databaseType", svc.database_type}};
    reply_json(self, boost::json::serialize(body), status);
  };
  ask_store(self, ping_atom::value)
    .then([=](ok_atom) { answer("ok", 200); }, [=](caf::error&) { answer("failing", 503); });
}

}  // namespace routes
}  // namespace reportd
