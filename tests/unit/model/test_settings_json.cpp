#include "catch_prelude.hpp"

#include <boost/json.hpp>

#include <string>

#include "model/settings_json.hpp"

using namespace reportd::model;
namespace bj = boost::json;

namespace {

std::string refusal_of(const checked<report_settings>& result) {
  return result ? std::string("(accepted)") : result.error().message;
}

// Grafana's ReportSettings as its UI and Terraform send it (public/api-enterprise-spec.json):
// no pdfHeaderEnabled, pdfDashboardTitleEnabled or pdfTimeRangeEnabled.
const char* grafana_settings = R"({"id":1,"orgId":1,"userId":1,
  "branding":{"reportLogoUrl":"","emailLogoUrl":"","emailFooterMode":"sent-by",
              "emailFooterText":"Grafana","emailFooterLink":"https://grafana.com/"},
  "pdfTheme":"dark","embeddedImageTheme":"light"})";

}  // namespace

TEST_CASE("settings: a key missing from the body keeps the stored value", "[json][settings]") {
  report_settings stored;
  stored.pdf_header_enabled = false;  // turned off on purpose earlier
  stored.pdf_time_range_enabled = true;
  stored.footer_font_family = "DejaVu Serif";
  stored.footer_items = {{"text", "Ops team", ""}};
  stored.branding.report_logo_url = "https://logo.example/a.png";
  auto s = parse_settings(R"({"pdfTheme":"dark","branding":{"emailFooterMode":"none"}})", stored);
  REQUIRE(s);
  CHECK(s->pdf_theme == "dark");
  CHECK_FALSE(s->pdf_header_enabled);
  CHECK(s->pdf_time_range_enabled);
  CHECK(s->footer_font_family == "DejaVu Serif");
  REQUIRE(s->footer_items.size() == 1);
  CHECK(s->footer_items[0].text == "Ops team");
  CHECK(s->branding.report_logo_url == "https://logo.example/a.png");
  CHECK(s->branding.email_footer_mode == "none");

  auto cleared = parse_settings(R"({"pdfHeaderEnabled":true,"footerItems":[],"footerFontFamily":""})", stored);
  REQUIRE(cleared);
  CHECK(cleared->pdf_header_enabled);
  CHECK(cleared->footer_items.empty());
  CHECK(cleared->footer_font_family.empty());
}

TEST_CASE("settings: Grafana's own settings object leaves the PDF header on", "[json][settings]") {
  auto s = parse_settings(grafana_settings);
  REQUIRE(s);
  CHECK(s->pdf_header_enabled);
  CHECK(s->pdf_dashboard_title_enabled);
  CHECK(s->pdf_time_range_enabled);
  CHECK(s->pdf_theme == "dark");
}

TEST_CASE("settings: footerItems and footerFontFamily round-trip", "[json][settings]") {
  auto s = parse_settings(R"({"footerFontFamily":"DejaVu Serif","footerItems":[
      {"type":"text","text":"Confidential"},{"type":"link","text":"Runbook","url":"https://wiki.example/run"}]})");
  REQUIRE(s);
  REQUIRE(s->footer_items.size() == 2);
  CHECK(s->footer_items[1].url == "https://wiki.example/run");
  auto o = bj::parse(settings_to_json(*s)).as_object();
  CHECK(o.at("footerFontFamily") == "DejaVu Serif");
  auto items = o.at("footerItems").as_array();
  REQUIRE(items.size() == 2);
  CHECK(items[0].at("text") == "Confidential");
  CHECK(items[1].at("type") == "link");
  CHECK(items[1].at("url") == "https://wiki.example/run");
  CHECK(footer_items_from_json(footer_items_to_json(s->footer_items)).size() == 2);
  CHECK(footer_items_from_json("not json").empty());
  // Inside branding, as some clients send them.
  auto nested = parse_settings(R"({"branding":{"footerItems":[{"text":"In branding"}]}})");
  REQUIRE(nested);
  REQUIRE(nested->footer_items.size() == 1);
  CHECK(nested->footer_items[0].text == "In branding");
}

TEST_CASE("settings: URLs are checked when saved", "[json][settings]") {
  CHECK(parse_settings(R"({"branding":{"reportLogoUrl":"https://cdn.example/logo.png"}})"));
  CHECK(refusal_of(parse_settings(R"({"branding":{"reportLogoUrl":"file:///etc/passwd"}})")) ==
        "invalid branding.reportLogoUrl: must be an http or https URL");
  CHECK(refusal_of(parse_settings(R"({"branding":{"emailLogoUrl":"gopher://x/1"}})")) ==
        "invalid branding.emailLogoUrl: must be an http or https URL");
  CHECK(refusal_of(parse_settings(R"({"branding":{"reportLogoUrl":"http://x/a\r\nHost: y"}})")) ==
        "invalid branding.reportLogoUrl: contains a control character");
  CHECK(refusal_of(parse_settings(R"({"branding":{"reportLogoUrl":"http://x/\u0000"}})")) ==
        "invalid branding.reportLogoUrl: contains a control character");
  std::string long_url = "https://x.example/" + std::string(2100, 'a');
  CHECK(refusal_of(parse_settings(R"({"branding":{"reportLogoUrl":")" + long_url + R"("}})")) ==
        "invalid branding.reportLogoUrl: longer than 2048 characters");
  CHECK(refusal_of(parse_settings(R"x({"branding":{"emailFooterMode":"sent-by","emailFooterText":"x",
      "emailFooterLink":"javascript:alert(1)"}})x")) ==
        "invalid branding.emailFooterLink: must be an http, https or mailto URL");
  CHECK(refusal_of(parse_settings(R"({"footerItems":[{"text":"x","url":"data:text/html,<b>"}]})")) ==
        "invalid footerItems[0].url: must be an http, https or mailto URL");
  CHECK(refusal_of(parse_settings(R"x({"footerItems":[{"text":"x","url":"JavaScript:alert(1)"}]})x")) ==
        "invalid footerItems[0].url: must be an http, https or mailto URL");
  CHECK(parse_settings(R"({"footerItems":[{"text":"mail us","url":"mailto:ops@example.com"}]})"));
  CHECK(refusal_of(parse_settings(R"({"footerItems":"x"})")) == "footerItems must be an array");
  CHECK(refusal_of(parse_settings(R"({"footerItems":[3]})")) == "footerItems[0] must be an object");
  CHECK(refusal_of(parse_settings(R"({"pdfHeaderEnabled":"yes"})")) == "pdfHeaderEnabled must be a boolean");
}
