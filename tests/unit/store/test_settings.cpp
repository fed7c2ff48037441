#include "temp_db.hpp"

using reportd::store::testing::temp_db;

TEST_CASE("settings are the defaults until saved") {
  temp_db db;
  auto s = db->get_settings(1);
  REQUIRE(s);
  CHECK(s->id == 0);
  CHECK(s->org_id == 1);
  CHECK(s->pdf_theme == "light");
  CHECK(s->embedded_image_theme == "light");
  CHECK(s->pdf_header_enabled);
  CHECK(s->pdf_dashboard_title_enabled);
  CHECK(s->pdf_time_range_enabled);
  CHECK(s->branding.email_footer_mode.empty());
}

TEST_CASE("saved settings come back, and a second save replaces the first") {
  temp_db db;
  auto org2 = db->create_org("Other");
  REQUIRE(org2);
  reportd::model::report_settings s;
  s.org_id = 1;
  s.user_id = 5;
  s.branding = {"https://x/logo.png", "https://x/mail.png", "sent-by", "Sent by ops",
                "https://ops.example.com"};
  s.pdf_theme = "dark";
  s.embedded_image_theme = "dark";
  s.pdf_header_enabled = false;
  s.pdf_dashboard_title_enabled = false;
  s.pdf_time_range_enabled = false;
  REQUIRE(db->save_settings(s));
  auto got = db->get_settings(1);
  REQUIRE(got);
  CHECK(got->id > 0);
  CHECK(got->user_id == 5);
  CHECK(got->branding.report_logo_url == "https://x/logo.png");
  CHECK(got->branding.email_logo_url == "https://x/mail.png");
  CHECK(got->branding.email_footer_mode == "sent-by");
  CHECK(got->branding.email_footer_text == "Sent by ops");
  CHECK(got->branding.email_footer_link == "https://ops.example.com");
  CHECK(got->pdf_theme == "dark");
  CHECK(got->embedded_image_theme == "dark");
  CHECK_FALSE(got->pdf_header_enabled);
  CHECK_FALSE(got->pdf_dashboard_title_enabled);
  CHECK_FALSE(got->pdf_time_range_enabled);

  s.pdf_theme = "light";
  s.branding.email_footer_mode = "none";
  REQUIRE(db->save_settings(s));
  auto replaced = db->get_settings(1);
  CHECK(replaced->id == got->id);
  CHECK(replaced->pdf_theme == "light");
  CHECK(replaced->branding.email_footer_mode == "none");

  // Org 2 still has the defaults.
  auto other = db->get_settings(*org2);
  CHECK(other->id == 0);
  CHECK(other->pdf_theme == "light");
  CHECK(other->pdf_header_enabled);
}

TEST_CASE("footer items and font are stored and come back; settings saved without them read as none") {
  temp_db db;
  reportd::model::report_settings s;
  s.org_id = 1;
  REQUIRE(db->save_settings(s));
  auto plain = db->get_settings(1);
  REQUIRE(plain);
  CHECK(plain->footer_items.empty());
  CHECK(plain->footer_font_family.empty());

  s.footer_items = {{"text", "Confidential", ""}, {"link", "Runbook", "https://wiki.example/run"}};
  s.footer_font_family = "DejaVu Serif";
  REQUIRE(db->save_settings(s));
  auto got = db->get_settings(1);
  REQUIRE(got);
  REQUIRE(got->footer_items.size() == 2);
  CHECK(got->footer_items[0].type == "text");
  CHECK(got->footer_items[0].text == "Confidential");
  CHECK(got->footer_items[1].url == "https://wiki.example/run");
  CHECK(got->footer_font_family == "DejaVu Serif");
}
