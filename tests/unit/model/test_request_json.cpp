#include "catch_prelude.hpp"

#include "model/report_json.hpp"

#include <boost/json.hpp>

#include <string>

using namespace reportd::model;
namespace bj = boost::json;

namespace {
template <class T>
std::string refusal(const checked<T>& result) {
  if (result)
    return "";
  CHECK(result.error().code == errc::bad_request);
  return result.error().message;
}
}  // namespace

TEST_CASE("send request: id as string or number, one recipient source", "[json][send]") {
  auto a = parse_send_request(R"({"id":"3","useEmailsFromReport":true})");
  REQUIRE(a);
  CHECK(a->id == 3);
  CHECK(a->use_emails_from_report);
  auto b = parse_send_request(R"({"id":4,"emails":"a@x.io; b@x.io"})");
  REQUIRE(b);
  CHECK(b->id == 4);
  CHECK(b->emails == "a@x.io; b@x.io");
  CHECK_FALSE(b->use_emails_from_report);

  CHECK(refusal(parse_send_request(R"({"useEmailsFromReport":true})")) == "id is required");
  CHECK(refusal(parse_send_request(R"({"id":"","useEmailsFromReport":true})")) == "id is invalid");
  CHECK(refusal(parse_send_request(R"({"id":0,"useEmailsFromReport":true})")) == "id is invalid");
  CHECK(refusal(parse_send_request(R"({"id":"3"})")) == "one of emails or useEmailsFromReport is required");
  CHECK(refusal(parse_send_request(R"({"id":"3","emails":" ; ","useEmailsFromReport":false})")) ==
        "one of emails or useEmailsFromReport is required");
  CHECK(refusal(parse_send_request(R"({"id":"3","emails":"a@x.io,nope"})")) == "invalid emails address \"nope\"");
  CHECK(refusal(parse_send_request(R"({"id":"3","emails":"a@x.io\r\nBcc: x@evil.io"})")) ==
        "invalid emails address \"Bcc: x@evil.io\"");
  CHECK(refusal(parse_send_request(R"({"id":"3",)")).rfind("invalid JSON: ", 0) == 0);
}

TEST_CASE("test email: a valid report with recipients", "[json][send]") {
  CHECK(parse_test_email(R"({"name":"n","recipients":"a@x.io","dashboards":[{"dashboard":{"uid":"d"}}]})"));
  CHECK(refusal(parse_test_email(R"({"name":"n","recipients":"nope","dashboards":[{"dashboard":{"uid":"d"}}]})")) ==
        "invalid recipients address \"nope\"");
  CHECK(refusal(parse_test_email(R"({"state":"draft","name":"n"})")) == "recipients is required");
}

TEST_CASE("settings: read, validated, written with every key", "[json][settings]") {
  auto s = parse_settings(R"({"branding":{"emailFooterMode":"sent-by","emailFooterText":"Ops",
      "emailFooterLink":"https://ops.example"},"pdfTheme":"dark","pdfHeaderEnabled":true})");
  REQUIRE(s);
  CHECK(s->pdf_theme == "dark");
  CHECK(s->embedded_image_theme == "light");
  CHECK(s->pdf_header_enabled);
  CHECK(s->pdf_dashboard_title_enabled);  // missing booleans keep their default (true)
  CHECK(s->pdf_time_range_enabled);
  CHECK(s->branding.email_footer_text == "Ops");

  const auto o = bj::parse(settings_to_json(*s)).as_object();
  for (const char* key : {"id", "userId", "orgId", "branding", "pdfTheme", "embeddedImageTheme", "pdfHeaderEnabled",
                          "pdfDashboardTitleEnabled", "pdfTimeRangeEnabled"}) {
    INFO(key);
    CHECK(o.contains(key));
  }
  CHECK(o.at("branding").as_object().at("emailFooterMode") == "sent-by");
  CHECK(o.at("pdfTheme") == "dark");
  auto again = parse_settings(settings_to_json(*s));
  REQUIRE(again);
  CHECK(settings_to_json(*again) == settings_to_json(*s));

  CHECK(refusal(parse_settings(R"({"pdfTheme":"sepia"})")) == "invalid pdfTheme \"sepia\": must be light or dark");
  CHECK(refusal(parse_settings(R"({"embeddedImageTheme":"x"})")) ==
        "invalid embeddedImageTheme \"x\": must be light or dark");
  CHECK(refusal(parse_settings(R"({"branding":{"emailFooterMode":"loud"}})")) ==
        "invalid branding.emailFooterMode \"loud\": must be sent-by, none or empty");
  CHECK(refusal(parse_settings(R"({"branding":{"emailFooterMode":"sent-by","emailFooterText":"x"}})")) ==
        "branding.emailFooterMode sent-by needs emailFooterText and emailFooterLink");
  CHECK(refusal(parse_settings(R"({"pdfHeaderEnabled":"yes"})")) == "pdfHeaderEnabled must be a boolean");
  CHECK(parse_settings(R"({"branding":{"emailFooterMode":"none"}})"));
}

TEST_CASE("dashboard save body and dashboard inspection", "[json][dashboards]") {
  auto save = parse_dashboard_save(R"({"dashboard": {"uid": "u1", "title": "Hosts", "panels": []}, "overwrite": true})");
  REQUIRE(save);
  CHECK(save->overwrite);
  CHECK(bj::parse(save->dashboard_json).as_object().at("title") == "Hosts");
  CHECK_FALSE(parse_dashboard_save(R"({"dashboard":{}})")->overwrite);
  CHECK(refusal(parse_dashboard_save(R"({"overwrite":true})")) == "dashboard is required");
  CHECK(refusal(parse_dashboard_save(R"({"dashboard":"x"})")) == "dashboard must be an object");
  CHECK(refusal(parse_dashboard_save(R"({"dashboard":{},"overwrite":1})")) == "overwrite must be a boolean");

}

TEST_CASE("small success bodies", "[json]") {
  CHECK(message_json("Report updated") == R"({"message":"Report updated"})");
  CHECK(message_json("say \"hi\"") == R"({"message":"say \"hi\""})");
  CHECK(json_object({{"id", 3}, {"message", "Report created"}}) == R"({"id":3,"message":"Report created"})");
}
