// The heavy routes: generate a report (renderer pool) and mail it (mailer pool), or return
// the rendered files directly. Each hop has its own timeout; failures name the step.
#include <chrono>

#include <boost/json.hpp>
#include <caf/all.hpp>

#include "render/csv.hpp"
#include "actors/delivery/delivery.hpp"
#include "actors/supervisor/routes.hpp"
#include "model/report_json.hpp"
#include "model/request_json.hpp"
#include "model/settings_json.hpp"
#include "model/validation.hpp"

namespace reportd::routes {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch()).count();
}


/// Renders the bundle, then calls `next` with the result.
template <class F>
void render_then(supervisor_actor* self, render::render_request req, F next) {
  auto& svc = self->state.svc;
  auto timeout = budget(self, svc.timeouts.render);
  self->request(svc.renderer, timeout, render_atom::value, std::move(req))
    .then(std::move(next), on_hop_error(self, "report rendering", timeout));
}

/// Render, compose, mail, then answer `done_message`.
void deliver(supervisor_actor* self, send_bundle b, std::vector<std::string> to, bool test,
             const char* done_message) {
  auto req = delivery::make_render_request(b, now_ms());
  render_then(self, std::move(req), [=](render::render_result& out) mutable {
    auto& svc = self->state.svc;
    auto msg = delivery::make_message(b, std::move(out), std::move(to), svc.mail, test);
    auto timeout = budget(self, svc.timeouts.mail);
    self->request(svc.mailer, timeout, send_atom::value, std::move(msg))
      .then([=](ok_atom) { reply_json(self, model::message_json(done_message)); },
            on_hop_error(self, "mail delivery", timeout));
  });
}

/// The render endpoints' query parameters as a report (not stored).
model::checked<model::report> report_from_query(const http::request& req) {
  auto dashboards = req.param("dashboards");
  if (dashboards.empty())
    return model::bad_request("query parameter \"dashboards\" is required");
  boost::json::error_code ec;
  auto list = boost::json::parse(dashboards, ec);
  if (ec || !list.is_array())
    return model::bad_request("query parameter \"dashboards\" must be a JSON array of report dashboards");
  boost::json::object options{{"orientation", req.param("orientation", "landscape")},
                              {"layout", req.param("layout", "grid")},
                              {"pdfShowTemplateVariables", req.param("pdfShowTemplateVariables") == "true"},
                              {"pdfCombineOneFile", true}};
  boost::json::object body{{"name", req.param("title", "Report")},
                           {"state", "draft"},
                           {"dashboards", std::move(list)},
                           {"options", std::move(options)}};
  auto scale = req.param("scaleFactor");
  if (!scale.empty()) {
    try {
      body["scaleFactor"] = std::stoi(scale);
    } catch (const std::exception&) {
      return model::bad_request("scaleFactor \"" + scale + "\" is not a number");
    }
  }
  auto r = model::parse_report(boost::json::serialize(body));
  if (!r)
    return r;
  if (r->dashboards.empty())
    return model::bad_request("query parameter \"dashboards\" names no dashboard");
  if (auto ok = model::validate_report(*r); !ok)
    return ok.error();
  return r;
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
  auto& svc = self->state.svc;
  self->request(svc.store, budget(self, svc.timeouts.store), get_atom::value, bundle_atom::value, std::move(*r))
    .then(
      [=](send_bundle& b) {
        auto req = delivery::make_render_request(b, now_ms());
        req.want_pdf = !csv;
        req.want_png = false;
        req.want_csv = csv;
        req.csv_encoding = self->state.req.param("csvEncoding", "utf-8");
        render_then(self, std::move(req), next);
      },
      store_failed(self));
}

}  // namespace

void send_report(supervisor_actor* self) {
  if (!require(self, "reports:send") || !require_json_body(self))
    return;
  auto send = model::parse_send_request(self->state.req.body);
  if (!send)
    return fail(self, send.error());
  auto& svc = self->state.svc;
  self->request(svc.store, budget(self, svc.timeouts.store), get_atom::value, bundle_atom::value,
                self->state.who.org_id, send->id)
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
  auto& svc = self->state.svc;
  self->request(svc.store, budget(self, svc.timeouts.store), get_atom::value, bundle_atom::value, std::move(*r))
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
