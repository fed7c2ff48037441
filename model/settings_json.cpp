#include "model/settings_json.hpp"

#include <boost/json.hpp>

#include "model/json_read.hpp"

namespace reportd::model {

namespace {

void read_branding(json::reader& rd, const json::object& o, branding& b) {
  auto bo = rd.child(o, "branding", "branding");
  if (!bo)
    return;
  rd.string(*bo, "reportLogoUrl", b.report_logo_url, "branding.reportLogoUrl");
  rd.string(*bo, "emailLogoUrl", b.email_logo_url, "branding.emailLogoUrl");
  rd.string(*bo, "emailFooterMode", b.email_footer_mode, "branding.emailFooterMode");
  rd.string(*bo, "emailFooterText", b.email_footer_text, "branding.emailFooterText");
  rd.string(*bo, "emailFooterLink", b.email_footer_link, "branding.emailFooterLink");
}

checked<unit> check_theme(std::string& theme, std::string_view field) {
  if (theme.empty())
    theme = "light";
  if (theme == "light" || theme == "dark")
    return unit{};
  return bad_request("invalid " + std::string(field) + " \"" + theme + "\": must be light or dark");
}

checked<unit> check_footer(const branding& b) {
  const auto& mode = b.email_footer_mode;
  if (mode != "sent-by" && mode != "none" && !mode.empty())
    return bad_request("invalid branding.emailFooterMode \"" + mode + "\": must be sent-by, none or empty");
  if (mode == "sent-by" && (b.email_footer_text.empty() || b.email_footer_link.empty()))
    return bad_request("branding.emailFooterMode sent-by needs emailFooterText and emailFooterLink");
  return unit{};
}

}  // namespace

checked<report_settings> parse_settings(std::string_view body) {
  simdjson::dom::parser parser;
  auto root = json::parse_object(parser, body);
  if (!root)
    return root.error();
  report_settings s;
  json::reader rd;
  read_branding(rd, *root, s.branding);
  rd.string(*root, "pdfTheme", s.pdf_theme, "pdfTheme");
  rd.string(*root, "embeddedImageTheme", s.embedded_image_theme, "embeddedImageTheme");
  rd.boolean(*root, "pdfHeaderEnabled", s.pdf_header_enabled, "pdfHeaderEnabled");
  rd.boolean(*root, "pdfDashboardTitleEnabled", s.pdf_dashboard_title_enabled, "pdfDashboardTitleEnabled");
  rd.boolean(*root, "pdfTimeRangeEnabled", s.pdf_time_range_enabled, "pdfTimeRangeEnabled");
  if (!rd.ok())
    return rd.error();
  for (auto ok : {check_theme(s.pdf_theme, "pdfTheme"), check_theme(s.embedded_image_theme, "embeddedImageTheme"),
                  check_footer(s.branding)})
    if (!ok)
      return ok.error();
  return s;
}

std::string settings_to_json(const report_settings& s) {
  boost::json::object o;
  o["id"] = s.id;
  o["userId"] = s.user_id;
  o["orgId"] = s.org_id;
  o["branding"] = {{"reportLogoUrl", s.branding.report_logo_url},
                   {"emailLogoUrl", s.branding.email_logo_url},
                   {"emailFooterMode", s.branding.email_footer_mode},
                   {"emailFooterText", s.branding.email_footer_text},
                   {"emailFooterLink", s.branding.email_footer_link}};
  o["pdfTheme"] = s.pdf_theme;
  o["embeddedImageTheme"] = s.embedded_image_theme;
  o["pdfHeaderEnabled"] = s.pdf_header_enabled;
  o["pdfDashboardTitleEnabled"] = s.pdf_dashboard_title_enabled;
  o["pdfTimeRangeEnabled"] = s.pdf_time_range_enabled;
  return boost::json::serialize(o);
}

}  // namespace reportd::model
