#pragma once
// The per-organisation report settings (spec/API.md, "Settings object").
#include <cstdint>
#include <string>
#include <vector>

namespace reportd::model {

struct branding {
  std::string report_logo_url;
  std::string email_logo_url;
  std::string email_footer_mode;  // "sent-by" | "none" | ""
  std::string email_footer_text;
  std::string email_footer_link;
};

/// One item of the PDF footer, drawn left to right beside the page number: its text, and the
/// link the text points to when `url` is set. `type` is kept as the client sent it.
struct footer_item {
  std::string type;
  std::string text;
  std::string url;
};

struct report_settings {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t org_id = 0;
  struct branding branding;
  std::string pdf_theme = "light";
  std::string embedded_image_theme = "light";
  bool pdf_header_enabled = true;
  bool pdf_dashboard_title_enabled = true;
  bool pdf_time_range_enabled = true;
  std::vector<footer_item> footer_items;
  std::string footer_font_family;  // a fontconfig family for the footer text; "": the report font
};

}  // namespace reportd::model
