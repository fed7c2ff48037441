#pragma once
// A report as the Reporting API describes it (spec/API.md, "Report object").
// Plain values: no I/O, no JSON here (see model/report_json.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace reportd::model {

/// Grafana time expressions as the client wrote them ("now-6h", RFC 3339, epoch ms).
/// Both empty means "the dashboard's own time range".
struct time_range {
  std::string from;
  std::string to;
};

struct dashboard_ref {
  std::int64_t id = 0;  // a legacy body may name the dashboard by id alone: the store resolves it
  std::string uid;
  std::string name;
};

struct report_dashboard {
  dashboard_ref dashboard;
  time_range range;
  /// Variable name -> values (a single string from a client becomes a one-element list).
  std::map<std::string, std::vector<std::string>> variables;
};

struct schedule {
  /// Seconds since the epoch; nullopt means "not set" (endDate: forever).
  std::optional<std::int64_t> start_date;
  std::optional<std::int64_t> end_date;
  std::string frequency = "never";  // once hourly daily weekly monthly last custom never
  std::string interval_frequency;   // custom: hours days weeks months
  int interval_amount = 0;
  bool workdays_only = false;
  std::string day_of_month;         // "" | "1".."31" | "last"
  std::string time_zone = "GMT";    // IANA name
};

struct report_options {
  std::string orientation = "landscape";  // portrait | landscape
  std::string layout = "grid";            // simple | grid
  time_range range;                       // report-level time range
  bool pdf_show_template_variables = false;
  bool pdf_combine_one_file = false;
  std::string csv_encoding = "utf-8";     // utf-8 | utf-16le | utf-8-bom (CSV attachments)
};

struct report {
  std::int64_t id = 0;
  std::string uid;
  std::int64_t user_id = 0;
  std::int64_t org_id = 0;
  std::string name;
  std::string subject;
  std::string recipients;  // as given: separated by , ; or newline
  std::string reply_to;
  std::string message;
  struct schedule schedule;
  report_options options;
  bool enable_dashboard_url = false;
  bool enable_csv = false;
  std::string state = "scheduled";  // scheduled paused draft (stored); expired, not scheduled (derived)
  /// pdf csv image, and Grafana 11's pdf-tables (the table panels' full data as a separate
  /// PDF) and pdf-tables-appendix (the same tables appended to the report PDF).
  std::vector<std::string> formats = {"pdf"};
  int scale_factor = 0;  // 0 means 100
  std::vector<report_dashboard> dashboards;
  std::int64_t created = 0;  // epoch seconds
  std::int64_t updated = 0;
};

}  // namespace reportd::model
