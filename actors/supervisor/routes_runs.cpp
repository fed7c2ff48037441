// Scheduling and run history endpoints (reportd's own): schedule previews by the same rule
// the scheduler uses, run history per report and per status, /metrics; and the message
// that tells the scheduler a report changed.
#include <boost/json.hpp>
#include <caf/all.hpp>

#include "actors/supervisor/routes.hpp"
#include "model/clock.hpp"
#include "model/metrics_text.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/schedule.hpp"
#include "model/time_expr.hpp"
#include "model/validation.hpp"

namespace reportd::routes {
namespace {

namespace bj = boost::json;

/// A positive integer query parameter, clamped to [1, max]; nullopt (400 answered) if not a number.
std::optional<int> count_param(supervisor_actor* self, const char* key, int fallback, int max) {
  auto text = self->state.req.param(key);
  if (text.empty())
    return fallback;
  auto n = model::parse_id(text);
  if (!n || *n < 1) {
    fail(self, model::bad_request(std::string("query parameter ") + key + " must be a positive integer"));
    return std::nullopt;
  }
  return static_cast<int>(std::min<std::int64_t>(*n, max));
}

bj::value times_value(const std::vector<std::int64_t>& times, const std::string& zone) {
  bj::array out;
  for (auto t : times)
    out.push_back(bj::value(model::format_rfc3339(t, zone)));
  return out;
}

bj::value stamp(const std::optional<std::int64_t>& t, const std::string& zone) {
  return t ? bj::value(model::format_rfc3339(*t, zone)) : bj::value(nullptr);
}

std::string runs_json(const std::vector<model::run_record>& runs, const std::string& zone) {
  bj::array out;
  for (const auto& r : runs)
    out.push_back(bj::object{{"id", r.id},
                             {"reportId", r.report_id},
                             {"scheduledAt", stamp(r.scheduled_at, zone)},
                             {"startedAt", stamp(r.started_at, zone)},
                             {"finishedAt", stamp(r.finished_at, zone)},
                             {"status", r.status},
                             {"error", r.error},
                             {"recipients", r.recipients},
                             {"attachmentBytes", r.attachment_bytes},
                             {"attempts", r.attempts},
                             {"failedPanels", r.failed_panels},
                             {"panelErrors", bj::value_from(r.panel_errors)}});
  return bj::serialize(out);
}

/// The page of runs the query asks for (?page=1&perPage=50), or a 400 answered.
std::optional<model::run_query> runs_query(supervisor_actor* self) {
  auto page = count_param(self, "page", 1, 1 << 20);
  if (!page)
    return std::nullopt;
  auto per_page = count_param(self, "perPage", 50, 1000);
  if (!per_page)
    return std::nullopt;
  model::run_query q;
  q.org_id = self->state.who.org_id;
  q.limit = *per_page;
  q.offset = (*page - 1) * *per_page;
  q.status = self->state.req.param("status");
  if (!q.status.empty() && q.status != "running" && q.status != "succeeded" && q.status != "failed" &&
      q.status != "skipped") {
    fail(self, model::bad_request("status must be one of running, succeeded, failed, skipped"));
    return std::nullopt;
  }
  return q;
}

/// Prometheus text exposition of the run counts and the scheduler's figures.
std::string metrics_text(const services& svc, const model::run_counts& runs,
                         const std::optional<scheduler_stats>& st) {
  model::metrics_text out;
  // An info metric rather than a label on every sample: Prometheus adds its own `instance`
  // (the scrape target), and this one names the process behind it when several share a database.
  out.family("reportd_instance_info", "gauge", "This reportd process: its instance id, version and database engine.");
  out.sample("reportd_instance_info",
             {{"instance_id", svc.instance_id}, {"version", svc.version}, {"database", svc.database_type}},
             std::int64_t{1});
  out.family("reportd_report_runs", "gauge", "Report runs recorded in the run history, by status.");
  for (const char* status : {"running", "succeeded", "failed", "skipped"}) {
    std::int64_t n = 0;
    for (const auto& [name, count] : runs)
      if (name == status)
        n = count;
    out.sample("reportd_report_runs", {{"status", status}}, n);
  }
  if (!st)
    return out.take();
  out.family("reportd_scheduler_lag_seconds", "summary", "Due time to the mail server accepting the report.");
  out.sample("reportd_scheduler_lag_seconds_sum", st->lag_sum_seconds);
  out.sample("reportd_scheduler_lag_seconds_count", st->lag_count);
  auto gauge = [&](const char* name, const char* help, auto v) { out.family(name, "gauge", help).sample(name, v); };
  gauge("reportd_scheduler_lag_max_seconds", "Largest scheduler lag since start.", st->lag_max_seconds);
  gauge("reportd_scheduler_lag_last_seconds", "Scheduler lag of the latest sent run.", st->lag_last_seconds);
  gauge("reportd_scheduler_scheduled_reports", "Reports with a next run.", st->scheduled_reports);
  gauge("reportd_scheduler_queued_runs", "Due runs waiting for a slot.", st->queued);
  gauge("reportd_scheduler_active_runs", "Runs in progress.", st->active);
  return out.take();
}

void answer_metrics(supervisor_actor* self, std::string text) {
  http::response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = std::move(text);
  finish(self, std::move(r));
}

/// Appends the front's request counters (when there is a front: tests may have none).
void with_request_metrics(supervisor_actor* self, std::string text) {
  auto& st = self->state;
  if (!st.front)
    return answer_metrics(self, std::move(text));
  self->request(st.front, budget(self, st.svc.timeouts.store), metrics_atom::value)
    .then([=](std::string& requests) { answer_metrics(self, text + requests); },
          [=](caf::error&) { answer_metrics(self, text); });
}

}  // namespace

/// Runs (store), then the scheduler's figures, then the front's request figures.
void metrics(supervisor_actor* self) {
  ask_store(self, stats_atom::value, run_atom::value)
    .then(
      [=](model::run_counts& runs) {
        auto& s = self->state.svc;
        if (!s.scheduler)
          return with_request_metrics(self, metrics_text(self->state.svc, runs, std::nullopt));
        self->request(s.scheduler, budget(self, s.timeouts.store), stats_atom::value)
          .then([=](scheduler_stats& st) { with_request_metrics(self, metrics_text(self->state.svc, runs, st)); },
                [=](caf::error&) { with_request_metrics(self, metrics_text(self->state.svc, runs, std::nullopt)); });
      },
      store_failed(self));
}

void notify_scheduler(supervisor_actor* self, std::int64_t report_id) {
  if (self->state.svc.scheduler)
    self->send(self->state.svc.scheduler, schedule_atom::value, report_id);
}

void preview_runs(supervisor_actor* self) {
  if (!require(self, "reports:read", "reports:*") || !require_json_body(self))
    return;
  auto p = model::parse_schedule_preview(self->state.req.body);
  if (!p)
    return fail(self, p.error());
  auto times = model::next_runs(p->schedule, p->state, p->from.value_or(model::epoch_seconds()), p->count);
  reply_json(self, bj::serialize(bj::object{{"runs", times_value(times, p->schedule.time_zone)}}));
}

void report_next_runs(supervisor_actor* self) {
  auto id = model::parse_id(self->state.match.param);
  if (!id)
    return fail(self, id.error());
  if (!require(self, "reports:read", "reports:id:" + std::to_string(*id)))
    return;
  auto count = count_param(self, "count", 5, 1000);
  if (!count)
    return;
  ask_store(self, get_atom::value, report_atom::value, self->state.who.org_id, *id)
    .then(
      [=](model::report& r) {
        auto times = model::next_runs(r.schedule, r.state, model::epoch_seconds(), *count);
        reply_json(self, bj::serialize(bj::object{{"runs", times_value(times, r.schedule.time_zone)}}));
      },
      store_failed(self));
}

void report_runs(supervisor_actor* self) {
  auto id = model::parse_id(self->state.match.param);
  if (!id)
    return fail(self, id.error());
  if (!require(self, "reports:read", "reports:id:" + std::to_string(*id)))
    return;
  auto q = runs_query(self);
  if (!q)
    return;
  q->report_id = *id;
  // The report first: another org's report is a 404, and its zone formats the times.
  ask_store(self, get_atom::value, report_atom::value, q->org_id, *id)
    .then(
      [=](model::report& r) {
        auto zone = r.schedule.time_zone;
        ask_store(self, list_atom::value, run_atom::value, *q)
          .then([=](std::vector<model::run_record>& runs) { reply_json(self, runs_json(runs, zone)); },
                store_failed(self));
      },
      store_failed(self));
}

void list_runs(supervisor_actor* self) {
  if (!require(self, "reports:read", "reports:*"))
    return;
  auto q = runs_query(self);
  if (!q)
    return;
  ask_store(self, list_atom::value, run_atom::value, *q)
    .then([=](std::vector<model::run_record>& runs) { reply_json(self, runs_json(runs, "UTC")); },
          store_failed(self));
}

}  // namespace reportd::routes
