#include "model/settings_json.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "model/json_read.hpp"

namespace reportd::model {

namespace {

constexpr std::size_t max_url_length = 2048;
constexpr std::size_t max_footer_items = 10;
constexpr std::size_t max_footer_text = 200;

// A boolean only when the body has it: a missing key keeps what `out` holds.
void keep_or_read(json::reader& rd, const json::object& o, std::string_view key, bool& out) {
  if (json::field(o, key))
    rd.boolean(o, key, out, key);
}

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

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// footerItems (and footerFontFamily) at the top level or, as some clients send them, in branding.
void read_footer(json::reader& rd, const json::object& o, std::string_view where, report_settings& s) {
  std::string prefix = where.empty() ? "" : std::string(where) + ".";
  rd.string(o, "footerFontFamily", s.footer_font_family, prefix + "footerFontFamily");
  auto items = rd.list(o, "footerItems", prefix + "footerItems");
  if (!items)
    return;
  std::vector<footer_item> out;
  std::size_t i = 0;
  for (json::element e : *items) {
    std::string path = prefix + "footerItems[" + std::to_string(i++) + "]";
    json::object item;
    if (e.get(item) != simdjson::SUCCESS) {
      rd.fail(path + " must be an object");
      return;
    }
    footer_item f;
    rd.string(item, "type", f.type, path + ".type");
    rd.string(item, "text", f.text, path + ".text");
    rd.string(item, "url", f.url, path + ".url");
    out.push_back(std::move(f));
  }
  s.footer_items = std::move(out);
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

checked<unit> check_urls(const report_settings& s) {
  const auto& b = s.branding;
  std::vector<std::string> refusals = {url_refusal("branding.reportLogoUrl", b.report_logo_url, false),
                                       url_refusal("branding.emailLogoUrl", b.email_logo_url, false),
                                       url_refusal("branding.emailFooterLink", b.email_footer_link, true)};
  if (s.footer_items.size() > max_footer_items)
    refusals.push_back("footerItems has " + std::to_string(s.footer_items.size()) + " items; at most " +
                       std::to_string(max_footer_items) + " are allowed");
  for (std::size_t i = 0; i < s.footer_items.size(); ++i) {
    const auto& f = s.footer_items[i];
    std::string path = "footerItems[" + std::to_string(i) + "]";
    refusals.push_back(url_refusal(path + ".url", f.url, true));
    if (f.text.size() > max_footer_text || has_control(f.text) || f.type.size() > 32 || has_control(f.type))
      refusals.push_back("invalid " + path + ": text at most " + std::to_string(max_footer_text) +
                         " characters and type at most 32, without control characters");
  }
  if (s.footer_font_family.size() > 100 || has_control(s.footer_font_family))
    refusals.push_back("invalid footerFontFamily: at most 100 characters, without control characters");
  for (const auto& r : refusals)
    if (!r.empty())
      return bad_request(r);
  return unit{};
}

boost::json::array items_json(const std::vector<footer_item>& items) {
  boost::json::array a;
  for (const auto& f : items)
    a.push_back({{"type", f.type}, {"text", f.text}, {"url", f.url}});
  return a;
}

}  // namespace

std::string url_refusal(std::string_view field, std::string_view url, bool link) {
  if (url.empty())
    return "";
  std::string name(field);
  if (url.size() > max_url_length)
    return "invalid " + name + ": longer than " + std::to_string(max_url_length) + " characters";
  if (has_control(url))
    return "invalid " + name + ": contains a control character";
  const char* wanted = link ? "an http, https or mailto URL" : "an http or https URL";
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed)
    return "invalid " + name + ": must be " + wanted;
  std::string scheme(parsed->scheme());
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  bool web = scheme == "http" || scheme == "https";
  if (!(web || (link && scheme == "mailto")) || (web && parsed->encoded_host().empty()))
    return "invalid " + name + ": must be " + wanted;
  return "";
}

checked<report_settings> parse_settings(std::string_view body, const report_settings& base) {
  json::parser_lease parser;
  auto root = json::parse_object(parser, body);
  if (!root)
    return root.error();
  report_settings s = base;
  json::reader rd;
  read_branding(rd, *root, s.branding);
  rd.string(*root, "pdfTheme", s.pdf_theme, "pdfTheme");
  rd.string(*root, "embeddedImageTheme", s.embedded_image_theme, "embeddedImageTheme");
  keep_or_read(rd, *root, "pdfHeaderEnabled", s.pdf_header_enabled);
  keep_or_read(rd, *root, "pdfDashboardTitleEnabled", s.pdf_dashboard_title_enabled);
  keep_or_read(rd, *root, "pdfTimeRangeEnabled", s.pdf_time_range_enabled);
  if (auto bo = json::field(*root, "branding")) {
    json::object b;
    if (bo->get(b) == simdjson::SUCCESS)
      read_footer(rd, b, "branding", s);
  }
  read_footer(rd, *root, "", s);
  if (!rd.ok())
    return rd.error();
  for (auto ok : {check_theme(s.pdf_theme, "pdfTheme"), check_theme(s.embedded_image_theme, "embeddedImageTheme"),
                  check_footer(s.branding), check_urls(s)})
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
  o["footerItems"] = items_json(s.footer_items);
  o["footerFontFamily"] = s.footer_font_family;
  return boost::json::serialize(o);
}

std::string footer_items_to_json(const std::vector<footer_item>& items) {
  return boost::json::serialize(items_json(items));
}

std::vector<footer_item> footer_items_from_json(std::string_view text) {
  std::vector<footer_item> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array())
    return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object())
      continue;
    const auto& o = e.as_object();
    auto str = [&](const char* k) {
      auto* p = o.if_contains(k);
      return p && p->is_string() ? std::string(p->as_string()) : std::string();
    };
    out.push_back({str("type"), str("text"), str("url")});
  }
  return out;
}

}  // namespace reportd::model
