// compose_report_email: what the recipient reads in the text and HTML bodies.
#include <string>

#include "mail/compose.hpp"
#include "catch_prelude.hpp"
#include "mime_reader.hpp"

namespace mail = reportd::mail;
using Catch::Contains;

namespace {

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

mail::compose_input sample_input() {
  mail::compose_input in;
  in.report.name = "Weekly ops";
  in.report.message = "Hi team,\nsee the numbers.";
  in.report.reply_to = "ops@example.com; lead@example.com\n";
  in.report.enable_dashboard_url = true;
  reportd::model::report_dashboard d;
  d.dashboard.uid = "abc123";
  d.variables["host"] = {"web 1", "db&2"};
  in.report.dashboards.push_back(d);
  in.dashboard_titles = {"Service <overview>"};
  in.ranges_ms = {{1700000000000, 1700003600000}};
  in.root_url = "http://localhost:3300/";
  in.to = {"alice@example.com"};
  in.from_name = "Grafana";
  in.from_address = "grafana@example.com";
  in.files.push_back({"Weekly ops.pdf", "application/pdf", "%PDF-1.7 tiny", ""});
  return in;
}

}  // namespace

TEST_CASE("compose fills the envelope headers from the report", "[compose]") {
  auto in = sample_input();
  auto m = mail::compose_report_email(in);
  CHECK(m.subject == "Weekly ops");  // no subject: the report's name
  CHECK(m.reply_to == std::vector<std::string>{"ops@example.com", "lead@example.com"});
  CHECK(m.to == in.to);
  CHECK(m.from_name == "Grafana");
  CHECK(m.from_address == "grafana@example.com");

  in.report.subject = "Ops numbers";
  CHECK(mail::compose_report_email(in).subject == "Ops numbers");
}

TEST_CASE("compose links each dashboard with its time range and variables", "[compose]") {
  const auto m = mail::compose_report_email(sample_input());
  const std::string url =
      "http://localhost:3300/d/abc123?from=1700000000000&to=1700003600000"
      "&var-host=web%201&var-host=db%262";
  CHECK_THAT(m.text_body, Contains("Service <overview>: " + url));
  CHECK_THAT(m.html_body, Contains("<a href=\"" +
                                   std::string("http://localhost:3300/d/abc123?from=1700000000000"
                                               "&amp;to=1700003600000&amp;var-host=web%201"
                                               "&amp;var-host=db%262") +
                                   "\">Service &lt;overview&gt;</a>"));

  auto in = sample_input();
  in.report.enable_dashboard_url = false;
  CHECK_FALSE(has(mail::compose_report_email(in).html_body, "/d/abc123"));
}

TEST_CASE("compose links a dashboard fetched from Grafana to that Grafana", "[compose]") {
  auto in = sample_input();
  reportd::model::report_dashboard local;
  local.dashboard.uid = "mine";
  in.report.dashboards.push_back(local);
  in.dashboard_titles.push_back("Stored here");
  in.ranges_ms.push_back({1, 2});
  in.link_bases = {"https://grafana.example.com/", ""};
  const auto m = mail::compose_report_email(in);
  CHECK_THAT(m.text_body, Contains("Service <overview>: https://grafana.example.com/d/abc123?from=1700000000000"
                                   "&to=1700003600000&var-host=web%201&var-host=db%262"));
  CHECK_THAT(m.text_body, Contains("Stored here: http://localhost:3300/d/mine?from=1&to=2"));
  CHECK_FALSE(has(m.text_body, "http://localhost:3300/d/abc123"));
}

TEST_CASE("compose names the Grafana organisation in a Grafana link, never in reportd's own", "[compose]") {
  auto in = sample_input();
  reportd::model::report_dashboard local;
  local.dashboard.uid = "mine";
  in.report.dashboards.push_back(local);
  in.ranges_ms.push_back({1, 2});
  in.link_bases = {"https://grafana.example.com", ""};
  in.link_org_ids = {5, 5};
  const auto m = mail::compose_report_email(in);
  CHECK_THAT(m.text_body, Contains("https://grafana.example.com/d/abc123?orgId=5&from=1700000000000&to="));
  CHECK_THAT(m.text_body, Contains("http://localhost:3300/d/mine?from=1&to=2"));
  CHECK_FALSE(has(m.text_body, "mine?orgId"));
}

TEST_CASE("compose keeps the message's line breaks and escapes what the user wrote", "[compose]") {
  auto in = sample_input();
  in.report.message = "Line one\r\n<script>alert(\"x\")</script> & more";
  const auto m = mail::compose_report_email(in);
  CHECK_THAT(m.text_body, Contains("Line one\n<script>alert(\"x\")</script> & more"));
  CHECK_THAT(m.html_body,
             Contains("Line one<br>\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"));
  CHECK_FALSE(has(m.html_body, "<script>"));
}

TEST_CASE("compose adds the logo and the Sent by footer from the settings", "[compose]") {
  auto in = sample_input();
  auto plain = mail::compose_report_email(in);
  CHECK_FALSE(has(plain.html_body, "Sent by"));
  CHECK_FALSE(has(plain.html_body, "<img"));

  in.settings.branding.email_logo_url = "https://example.com/logo.png?a=1&b=2";
  in.settings.branding.email_footer_mode = "sent-by";
  in.settings.branding.email_footer_text = "ACME Monitoring";
  in.settings.branding.email_footer_link = "https://acme.example";
  const auto m = mail::compose_report_email(in);
  CHECK_THAT(m.html_body, Contains("<img src=\"https://example.com/logo.png?a=1&amp;b=2\""));
  CHECK_THAT(m.html_body, Contains("Sent by <a href=\"https://acme.example\">ACME Monitoring</a>"));
  CHECK_THAT(m.text_body, Contains("Sent by ACME Monitoring (https://acme.example)"));

  in.settings.branding.email_footer_mode = "none";
  CHECK_FALSE(has(mail::compose_report_email(in).html_body, "Sent by"));
}

TEST_CASE("compose leaves out an oversized attachment and says so", "[compose]") {
  auto in = sample_input();
  in.max_attachment_bytes = 10u << 20;
  in.files.push_back({"huge.csv", "text/csv", std::string(12897485, 'x'), ""});  // 12.3 MB
  const auto m = mail::compose_report_email(in);
  REQUIRE(m.attachments.size() == 1);
  CHECK(m.attachments[0].filename == "Weekly ops.pdf");
  const std::string note = "huge.csv (12.3 MB) was not attached: it exceeds the 10 MB limit";
  CHECK_THAT(m.text_body, Contains(note));
  CHECK_THAT(m.html_body, Contains(note));
}

TEST_CASE("compose shows inline images by Content-ID and the email carries them", "[compose]") {
  auto in = sample_input();
  in.files.push_back({"Service overview.png", "image/png", "\x89PNG fake", "dash-1@reportd"});
  const auto m = mail::compose_report_email(in);
  CHECK_THAT(m.html_body, Contains("<img src=\"cid:dash-1@reportd\""));

  const auto parsed = mail::test::parse_mime(mail::build_mime(m));
  const auto* related = mail::test::find_part(parsed.root, "multipart/related");
  REQUIRE(related != nullptr);
  REQUIRE(related->children.size() == 2);
  CHECK(related->children[1].content_id == "dash-1@reportd");
  CHECK(related->children[1].decoded == "\x89PNG fake");
  const auto attached = mail::test::parts_with_disposition(parsed.root, "attachment");
  REQUIRE(attached.size() == 1);
  CHECK(attached[0]->filename == "Weekly ops.pdf");
}

TEST_CASE("compose_test_email says it is a test and keeps the subject", "[compose]") {
  const auto m = mail::compose_test_email(sample_input());
  CHECK(m.subject == "Weekly ops");
  CHECK_THAT(m.text_body, Contains("This is a test email for the report \"Weekly ops\"."));
  CHECK_THAT(m.html_body, Contains("This is a test email for the report &quot;Weekly ops&quot;."));
  CHECK_FALSE(has(mail::compose_report_email(sample_input()).text_body, "test email"));
}
