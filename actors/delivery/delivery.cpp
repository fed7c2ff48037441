#include "actors/delivery/delivery.hpp"

#include <algorithm>

#include "mail/compose.hpp"

namespace reportd::delivery {
namespace {

bool has_format(const model::report& r, const char* f) {
  return std::find(r.formats.begin(), r.formats.end(), f) != r.formats.end();
}

mail::attachment to_attachment(render::named_file f, std::string content_id = {}) {
  return {std::move(f.name), std::move(f.content_type), std::move(f.data), std::move(content_id)};
}

}  // namespace

render::render_request make_render_request(const send_bundle& b, std::int64_t now_ms) {
  const auto& r = b.report;
  render::render_request req;
  req.org_id = r.org_id;
  req.report_name = r.name;
  for (std::size_t i = 0; i < r.dashboards.size() && i < b.dashboards.size(); ++i)
    req.dashboards.push_back({b.dashboards[i].json, r.dashboards[i]});
  req.options = r.options;
  req.scale_factor = r.scale_factor == 0 ? 100 : r.scale_factor;
  req.time_zone = r.schedule.time_zone.empty() ? "GMT" : r.schedule.time_zone;
  req.settings = b.settings;
  req.now_ms = now_ms;
  // The appendix belongs to the report PDF, so asking for it asks for that PDF.
  req.pdf_tables_appendix = has_format(r, "pdf-tables-appendix");
  req.want_pdf = has_format(r, "pdf") || req.pdf_tables_appendix;
  req.want_pdf_tables = has_format(r, "pdf-tables");
  req.want_png = has_format(r, "image");
  req.want_csv = has_format(r, "csv") || r.enable_csv;
  req.csv_encoding = r.options.csv_encoding.empty() ? "utf-8" : r.options.csv_encoding;
  return req;
}

mail::message make_message(const send_bundle& b, render::render_result out,
                           std::vector<std::string> to, const mail_identity& id, bool test) {
  mail::compose_input in;
  in.report = b.report;
  in.settings = b.settings;
  in.root_url = id.root_url;
  in.dashboard_titles = std::move(out.dashboard_titles);
  in.ranges_ms = std::move(out.ranges_ms);
  in.link_bases = std::move(out.link_bases);
  in.link_org_ids = std::move(out.link_org_ids);
  in.max_attachment_bytes = id.max_attachment_bytes;
  in.to = std::move(to);
  in.from_name = id.from_name;
  in.from_address = id.from_address;
  for (auto& f : out.pdfs)
    in.files.push_back(to_attachment(std::move(f)));
  for (auto& f : out.csvs)
    in.files.push_back(to_attachment(std::move(f)));
  int n = 0;
  for (auto& f : out.pngs)
    in.files.push_back(to_attachment(std::move(f), "dashboard-" + std::to_string(++n) + "@reportd"));
  return test ? mail::compose_test_email(in) : mail::compose_report_email(in);
}

}  // namespace reportd::delivery
