// render(): resolve each dashboard (dashboard.cpp), lay it out and draw it (pdf.cpp), and
// collect the files a report sends. Library exceptions stop here and become a problem.
#include "render/engine.hpp"

#include <exception>

#include "render/csv.hpp"
#include "render/datasources/datasource.hpp"
#include "render/dashboard.hpp"
#include "render/draw/logo.hpp"
#include "render/pdf.hpp"
#include "render/pdf_tables.hpp"
#include "model/clock.hpp"

namespace reportd::render {
namespace {

// Characters that file systems or mail clients refuse in attachment names.
std::string file_safe(std::string name) {
  for (char& c : name)
    if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' ||
        c == '|' || static_cast<unsigned char>(c) < 0x20)
      c = '_';
  return name.empty() ? "report" : name;
}

document_options options_of(const render_request& req, cairo_surface_t* logo) {
  document_options o;
  o.report_name = req.report_name;
  o.orientation = req.options.orientation;
  o.layout = req.options.layout;
  o.scale_factor = req.scale_factor > 0 ? req.scale_factor : 100;
  o.header.enabled = req.settings.pdf_header_enabled;
  o.header.title = req.settings.pdf_dashboard_title_enabled;
  o.header.time_range = req.settings.pdf_time_range_enabled;
  o.header.variables = req.options.pdf_show_template_variables;
  o.theme = req.settings.pdf_theme;
  o.zone = req.time_zone;
  o.now_ms = req.now_ms;
  o.logo = logo;
  o.footer_items = req.settings.footer_items;
  o.footer_font_family = req.settings.footer_font_family;
  o.max_pages = req.limits.max_pages;
  o.stop_at_ms = req.answer_by_ms;
  o.table_appendix = req.pdf_tables_appendix;
  return o;
}

void add_pdfs(const render_request& req, const std::vector<dashboard_view>& views,
              const document_options& o, render_result& out) {
  std::string base = file_safe(req.report_name.empty() && views.size() == 1 ? views[0].title : req.report_name);
  if (req.options.pdf_combine_one_file || views.size() == 1) {
    std::vector<const dashboard_view*> all;
    for (const auto& v : views) all.push_back(&v);
    out.pdfs.push_back({base + ".pdf", "application/pdf", render_pdf(all, o)});
    return;
  }
  for (const auto& v : views)
    out.pdfs.push_back({base + " - " + file_safe(v.title) + ".pdf", "application/pdf", render_pdf({&v}, o)});
}

// Format pdf-tables: one more PDF with every row of every table panel (none without tables).
void add_tables_pdf(const render_request& req, const std::vector<dashboard_view>& views, const document_options& o,
                    render_result& out) {
  std::vector<const dashboard_view*> all;
  for (const auto& v : views) all.push_back(&v);
  auto pdf = render_tables_pdf(all, o);
  if (pdf.empty()) return;
  const std::string base = file_safe(req.report_name.empty() && views.size() == 1 ? views[0].title : req.report_name);
  out.pdfs.push_back({base + " - tables.pdf", "application/pdf", std::move(pdf)});
}

void add_csvs(const render_request& req, const dashboard_view& v, render_result& out) {
  for (const auto& p : v.panels)
    if ((p.type == "table" || p.type == "table-old") && !p.frames.empty())
      out.csvs.push_back({csv_file_name(v.title, p), "text/csv", table_csv(p, req.csv_encoding, v.range.zone)});
}

model::checked<render_result> render_checked(const render_request& req, const datasource_catalog& catalog) {
  if (req.dashboards.empty()) return model::problem{model::errc::render_failed, "the report has no dashboards"};
  render_result out;
  std::vector<dashboard_view> views;
  std::size_t panels = 0;
  for (const auto& in : req.dashboards) {
    if (out_of_time(req.answer_by_ms))
      return stopped_at_deadline("after " + std::to_string(views.size()) + " of " +
                                 std::to_string(req.dashboards.size()) + " dashboards");
    auto view = resolve_dashboard(in, req, catalog.org(req.org_id));
    if (!view) return std::move(view).error();
    // Each dashboard stops unrolling at the limit; the report as a whole is held to it too.
    panels += view->panels.size();
    if (req.limits.max_panels != 0 && panels > req.limits.max_panels)
      return model::bad_request("report '" + req.report_name + "' expands to more than " +
                                std::to_string(req.limits.max_panels) + " panels over its " +
                                std::to_string(req.dashboards.size()) +
                                " dashboards; the limit is [reporting] max_panels_per_render");
    out.dashboard_titles.push_back(view->title);
    out.ranges_ms.emplace_back(view->range.from_ms, view->range.to_ms);
    out.link_bases.push_back(in.origin_url);
    out.link_org_ids.push_back(in.origin_org_id);
    for (const auto& e : view->errors)
      out.panel_errors.push_back(req.dashboards.size() > 1 ? view->title + ": " + e : e);
    views.push_back(std::move(*view));
  }
  // The logo is optional decoration: when it cannot be had the report goes out without it.
  logo_result logo =
      req.want_pdf ? fetch_logo(req.settings.branding.report_logo_url, req.limits.logo) : logo_result{};
  document_options o = options_of(req, logo.image.get());
  if (req.want_pdf) add_pdfs(req, views, o, out);
  if (req.want_pdf_tables) add_tables_pdf(req, views, o, out);
  // The PNG is embedded in the email body, which has its own theme setting.
  document_options image = o;
  image.theme = req.settings.embedded_image_theme;
  for (const auto& v : views) {
    if (out_of_time(req.answer_by_ms)) return stopped_at_deadline("before drawing the images and tables");
    if (req.want_png) out.pngs.push_back({file_safe(v.title) + ".png", "image/png", render_png(v, image)});
    if (req.want_csv) add_csvs(req, v, out);
  }
  return out;
}

}  // namespace

bool out_of_time(std::int64_t answer_by_ms) { return answer_by_ms != 0 && model::epoch_ms() >= answer_by_ms; }

model::problem stopped_at_deadline(const std::string& where) {
  return {model::errc::timeout, "report rendering stopped " + where + ": the request's deadline passed"};
}

model::checked<render_result> render(const render_request& req) {
  static const datasource_catalog builtin_only;
  return render(req, builtin_only);
}

model::checked<render_result> render(const render_request& req, const datasource_catalog& catalog) {
  try {
    return render_checked(req, catalog);
  } catch (const render_stopped& e) {
    return e.problem;
  } catch (const std::exception& e) {
    return model::problem{model::errc::render_failed, std::string("rendering failed: ") + e.what()};
  }
}

}  // namespace reportd::render
