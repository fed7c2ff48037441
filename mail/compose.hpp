#pragma once
// The report email's content: subject, recipients, the text and HTML bodies (logo, message,
// dashboard links, inline images, footer) and which files go along. The MIME bytes are made
// from the result by build_mime.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mail/engine.hpp"
#include "model/report.hpp"
#include "model/settings.hpp"

namespace reportd::mail {

struct compose_input {
  model::report report;              // name, subject, message, reply_to, enable_dashboard_url, dashboards
  model::report_settings settings;   // email logo, footer mode/text/link
  std::string root_url;              // public URL, e.g. "http://localhost:3300"
  std::vector<std::string> dashboard_titles;                    // per report dashboard
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges_ms;  // per dashboard (from, to) epoch ms
  /// Per dashboard, the URL its link starts with instead of root_url (a dashboard fetched from
  /// the Grafana next to reportd links to that Grafana); missing or empty: root_url.
  std::vector<std::string> link_bases;
  std::vector<std::int64_t> link_org_ids;  // beside link_bases: the Grafana orgId a link names, 0 for none
  std::vector<attachment> files;     // PDFs, CSVs, inline PNGs (content_id set)
  std::size_t max_attachment_bytes = 10u << 20;
  std::vector<std::string> to;       // recipients (already split and validated)
  std::string from_name, from_address;
};

/// The email a report run sends.
message compose_report_email(const compose_input& in);
/// The same email with a first line saying that it is a test; the subject is unchanged.
message compose_test_email(const compose_input& in);

/// `<root_url>/d/<uid>?orgId=<org>&from=<ms>&to=<ms>&var-<name>=<value>...`, every part
/// URL-encoded; `range_ms` null leaves the time range to the dashboard, `org_id` 0 leaves
/// out orgId (reportd's own links; a Grafana whose organisation is not named).
std::string dashboard_link(const std::string& root_url, const model::report_dashboard& d,
                           const std::pair<std::int64_t, std::int64_t>* range_ms, std::int64_t org_id = 0);


/// "12.3 MB" (1 MB = 2^20 bytes; whole numbers without a decimal).
std::string megabytes_text(std::size_t bytes);

}  // namespace reportd::mail
