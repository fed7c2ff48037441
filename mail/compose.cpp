// The report email's bodies. Everything that comes from a user (message, titles, names,
// URLs) is HTML-escaped before it meets markup; URL parts are percent-encoded.
#include "mail/compose.hpp"

#include <cstdio>
#include <memory>

#include "model/addresses.hpp"
#include "model/text_encoding.hpp"

namespace reportd::mail {
namespace {

using model::html_escape;

/// Clients and browsers send CRLF; the bodies use \n and build_mime writes CRLF on the wire.
std::string unix_newlines(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
  return out;
}

/// Escaped, with each line break kept as <br>.
std::string html_lines(const std::string& text) {
  std::string out;
  for (char c : html_escape(unix_newlines(text))) {
    if (c == '\n') out += "<br>";
    out += c;
  }
  return out;
}

struct dashboard_link_entry {
  std::string title;
  std::string url;
};

/// What the bodies show besides the message: links, inline images, files left out.
struct body_parts {
  std::vector<dashboard_link_entry> links;
  std::vector<attachment> inline_images;
  std::vector<attachment> files;
  std::vector<std::string> left_out;  // "x.pdf (12.3 MB) was not attached: ..."
};

std::vector<dashboard_link_entry> links_of(const compose_input& in) {
  std::vector<dashboard_link_entry> links;
  if (!in.report.enable_dashboard_url) return links;
  const auto& dashboards = in.report.dashboards;
  for (std::size_t i = 0; i < dashboards.size(); ++i) {
    std::string title = i < in.dashboard_titles.size() ? in.dashboard_titles[i] : "";
    if (title.empty()) title = dashboards[i].dashboard.name;
    if (title.empty()) title = dashboards[i].dashboard.uid;
    const auto* range = i < in.ranges_ms.size() ? &in.ranges_ms[i] : nullptr;
    const bool elsewhere = i < in.link_bases.size() && !in.link_bases[i].empty();
    const std::int64_t org = elsewhere && i < in.link_org_ids.size() ? in.link_org_ids[i] : 0;
    links.push_back({title, dashboard_link(elsewhere ? in.link_bases[i] : in.root_url, dashboards[i], range, org)});
  }
  return links;
}

body_parts parts_of(const compose_input& in) {
  body_parts parts;
  parts.links = links_of(in);
  for (const auto& f : in.files) {
    if (f.data.size() > in.max_attachment_bytes) {
      parts.left_out.push_back(f.filename + " (" + megabytes_text(f.data.size()) +
                               ") was not attached: it exceeds the " +
                               megabytes_text(in.max_attachment_bytes) + " limit");
    } else if (!f.content_id.empty()) {
      parts.inline_images.push_back(f);
    } else {
      parts.files.push_back(f);
    }
  }
  return parts;
}

bool has_footer(const model::branding& b) {
  return b.email_footer_mode == "sent-by" && !b.email_footer_text.empty();
}

std::string test_notice(const compose_input& in) {
  return "This is a test email for the report \"" + in.report.name + "\".";
}

std::string text_body(const compose_input& in, const body_parts& parts, bool is_test) {
  std::string out;
  if (is_test) out += test_notice(in) + "\n\n";
  const std::string message = unix_newlines(in.report.message);
  if (!message.empty()) out += message + "\n\n";
  for (const auto& link : parts.links) out += link.title + ": " + link.url + "\n";
  if (!parts.links.empty()) out += "\n";
  for (const auto& note : parts.left_out) out += note + "\n";
  if (!parts.left_out.empty()) out += "\n";
  const auto& b = in.settings.branding;
  if (has_footer(b)) {
    out += "Sent by " + b.email_footer_text;
    if (!b.email_footer_link.empty()) out += " (" + b.email_footer_link + ")";
    out += "\n";
  }
  return out;
}

std::string html_footer(const model::branding& b) {
  std::string text = html_escape(b.email_footer_text);
  if (!b.email_footer_link.empty())
    text = "<a href=\"" + html_escape(b.email_footer_link) + "\">" + text + "</a>";
  return "<p style=\"color:#6e6e6e;font-size:12px\">Sent by " + text + "</p>\n";
}

std::string html_body(const compose_input& in, const body_parts& parts, bool is_test) {
  std::string out =
      "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"></head>\n"
      "<body style=\"font-family:sans-serif\">\n";
  const auto& b = in.settings.branding;
  if (!b.email_logo_url.empty())
    out += "<p><img src=\"" + html_escape(b.email_logo_url) +
           "\" alt=\"\" style=\"max-height:60px\"></p>\n";
  if (is_test) out += "<p><em>" + html_escape(test_notice(in)) + "</em></p>\n";
  if (!in.report.message.empty()) out += "<p>" + html_lines(in.report.message) + "</p>\n";
  for (const auto& link : parts.links)
    out += "<p><a href=\"" + html_escape(link.url) + "\">" + html_escape(link.title) + "</a></p>\n";
  for (const auto& image : parts.inline_images)
    out += "<p><img src=\"cid:" + html_escape(image.content_id) + "\" alt=\"" +
           html_escape(image.filename) + "\" style=\"max-width:100%\"></p>\n";
  for (const auto& note : parts.left_out) out += "<p>" + html_escape(note) + "</p>\n";
  if (has_footer(b)) out += html_footer(b);
  return out + "</body>\n</html>\n";
}

message compose(const compose_input& in, bool is_test) {
  message m;
  m.from_name = in.from_name;
  m.from_address = in.from_address;
  m.to = in.to;
  m.reply_to = model::split_addresses(in.report.reply_to);
  m.subject = in.report.subject.empty() ? in.report.name : in.report.subject;
  auto parts = parts_of(in);
  m.text_body = text_body(in, parts, is_test);
  m.html_body = html_body(in, parts, is_test);
  m.attachments = std::move(parts.files);
  for (auto& image : parts.inline_images) m.attachments.push_back(std::move(image));
  return m;
}

}  // namespace

std::string dashboard_link(const std::string& root_url, const model::report_dashboard& d,
                           const std::pair<std::int64_t, std::int64_t>* range_ms, std::int64_t org_id) {
  std::string url = root_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/d/" + model::percent_encode(d.dashboard.uid);
  char sep = '?';
  // Grafana opens a link in the user's current organisation unless it names one (orgId),
  // as Grafana's own share links do, first.
  if (org_id > 0) {
    url += "?orgId=" + std::to_string(org_id);
    sep = '&';
  }
  if (range_ms != nullptr) {
    url += sep + ("from=" + std::to_string(range_ms->first)) + "&to=" + std::to_string(range_ms->second);
    sep = '&';
  }
  for (const auto& [name, values] : d.variables) {
    for (const auto& value : values) {
      url += sep + ("var-" + model::percent_encode(name)) + "=" + model::percent_encode(value);
      sep = '&';
    }
  }
  return url;
}

std::string megabytes_text(std::size_t bytes) {
  constexpr std::size_t mb = 1u << 20;
  char text[32];
  if (bytes % mb == 0)
    std::snprintf(text, sizeof text, "%zu MB", bytes / mb);
  else
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / mb);
  return text;
}

message compose_report_email(const compose_input& in) { return compose(in, false); }

message compose_test_email(const compose_input& in) { return compose(in, true); }

}  // namespace reportd::mail
