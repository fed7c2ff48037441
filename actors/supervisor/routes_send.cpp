// The heavy routes: generate a report (renderer pool) and mail it (mailer pool), or return
// the rendered files directly. Each hop has its own timeout; failures name the step.
#include <caf/all.hpp>

#include "render/csv.hpp"
#include "actors/delivery/chain.hpp"
#include "actors/delivery/delivery.hpp"
#include "actors/supervisor/routes.hpp"
#include "model/clock.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"
#include "model/validation.hpp"

namespace reportd::routes {
namespace {


/// The chain's failure continuation: answers the hop's error.
delivery::failed_fn hop_failed(supervisor_actor* self) {
  return [self](const delivery::hop_failure& f) { fail_hop(self, f.error, f.step, f.timeout); };
}

/// Render, compose, mail, then answer `done_message`.
void deliver(supervisor_actor* self, send_bundle b, std::vector<std::string> to, bool test,
             const char* done_message) {
  delivery::render_and_mail(
    self, self->state.svc, std::move(b), std::move(to), test, model::epoch_ms(), self->state.deadline,
    [self, done_message](const delivery::rendered_report&) {
      reply_json(self, model::message_json(done_message));
    },
    hop_failed(self), self->state.req.client_gone);
}

/// The render endpoints' query parameters as a report (not stored).
model::checked<model::report> report_from_query(const http::request& req) {
  model::render_query q;
  q.dashboards = req.param("dashboards");
  q.title = req.param("title", "Report");
  q.orientation = req.param("orientation", "landscape");
  q.layout = req.param("layout", "grid");
  q.show_template_variables = req.param("pdfShowTemplateVariables") == "true";
  q.scale_factor = req.param("scaleFactor");
  return model::parse_render_query(q);
}

/// Grafana's spec lists 200/400/401/500 (and 204 for CSV) for the render endpoints, no 404:
/// a dashboard the query names that the org does not have (stored in reportd or, with
/// [grafana], in Grafana) is a bad query, answered 400 naming it.
void fail_as_bad_query(supervisor_actor* self, const caf::error& e, const char* step, caf::timespan timeout) {
  auto p = to_problem(e, step, timeout);
  if (p.code == model::errc::not_found)
    p.code = model::errc::bad_request;
  fail(self, p);
}

/// Loads the dashboards of `r` and renders them, then calls `next` with the result.
template <class F>
void render_query(supervisor_actor* self, bool csv, F next) {
  if (!require(self, "dashboards:read"))
    return;
  auto r = report_from_query(self->state.req);
  if (!r)
    return fail(self, r.error());
  r->org_id = self->state.who.org_id;
  ask_store(self, get_atom::value, bundle_atom::value, std::move(*r))
    .then(
      [=](send_bundle& b) {
        auto req = delivery::make_render_request(b, model::epoch_ms());
        req.want_pdf = !csv;
        req.want_png = false;
        req.want_csv = csv;
        req.csv_encoding = self->state.req.param("csvEncoding", "utf-8");
        req.client_gone = self->state.req.client_gone;
        // The renderer answers not_found for a dashboard neither reportd nor Grafana has.
        delivery::render(self, self->state.svc, std::move(req), self->state.deadline, next,
                         [self](const delivery::hop_failure& f) { fail_as_bad_query(self, f.error, f.step, f.timeout); });
      },
      [=](caf::error& e) {
        fail_as_bad_query(self, e, "report store", budget(self, self->state.svc.timeouts.store));
      });
}

}  // namespace

void send_report(supervisor_actor* self) {
  if (!require(self, "reports:send") || !require_json_body(self))
    return;
  auto send = model::parse_send_request(self->state.req.body);
  if (!send)
    return fail(self, send.error());
  ask_store(self, get_atom::value, bundle_atom::value, self->state.who.org_id, send->id)
    .then(
      [=](send_bundle& b) {
        // `emails` overrides the report's recipients (spec/API.md).
        auto to = model::split_addresses(send->emails.empty() ? b.report.recipients : send->emails);
        if (to.empty())
          return fail(self, model::bad_request("the report has no recipients"));
        deliver(self, std::move(b), std::move(to), false, "Report was sent");
      },
      store_failed(self));
}

void test_email(supervisor_actor* self) {
  if (!require(self, "reports:send") || !require_json_body(self))
    return;
  auto r = model::parse_test_email(self->state.req.body);
  if (!r)
    return fail(self, r.error());
  r->org_id = self->state.who.org_id;
  auto to = model::split_addresses(r->recipients);
  ask_store(self, get_atom::value, bundle_atom::value, std::move(*r))
    .then([=](send_bundle& b) { deliver(self, std::move(b), to, true, "Test email sent"); },
          store_failed(self));
}

void render_pdfs(supervisor_actor* self) {
  render_query(self, false, [=](render::render_result& out) {
    if (out.pdfs.empty())
      return fail(self, {model::errc::render_failed, "report rendering produced no PDF"});
    http::response r;
    r.content_type = "application/pdf";
    r.body = std::move(out.pdfs.front().data);
    r.headers.emplace_back("Content-Disposition", "inline; filename=\"report.pdf\"");
    finish(self, std::move(r));
  });
}

void render_csvs(supervisor_actor* self) {
  render_query(self, true, [=](render::render_result& out) {
    http::response r;
    if (out.csvs.empty()) {
      r.status = 204;
      r.content_type.clear();
      return finish(self, std::move(r));
    }
    r.content_type = "application/zip";
    r.body = render::zip_files(out.csvs);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"report-csvs.zip\"");
    finish(self, std::move(r));
  });
}

}  // namespace reportd::routes
