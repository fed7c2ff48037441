#pragma once
// The stored records that travel between the store and its callers (and so in actor
// messages): plain values, no I/O. The store (store/database.hpp) reads and writes them.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/report.hpp"

namespace reportd::model {

struct stored_dashboard {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string uid;
  std::string title;
  int version = 0;
  std::string json;     // the dashboard JSON exactly as saved (with id/uid/version set)
  std::int64_t created = 0;
  std::int64_t updated = 0;
};

struct token_info {
  std::int64_t id = 0;
  std::int64_t service_account_id = 0;
  std::string name;
  std::int64_t created = 0;
  bool revoked = false;
};

/// One row of run history (times in epoch seconds).
struct run_record {
  std::int64_t id = 0;
  std::int64_t report_id = 0;
  std::int64_t org_id = 0;
  std::optional<std::int64_t> scheduled_at;  // nullopt for a run not from the schedule
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
  std::string status;  // running | succeeded | failed | skipped
  std::string error;
  std::string recipients;
  std::int64_t attachment_bytes = 0;
  int attempts = 0;
  int failed_panels = 0;                  // panels drawn with an error instead of data
  std::vector<std::string> panel_errors;  // why, one line each ("panel 'CPU' (id 3): ...")
};

/// What the scheduler needs of one report to compute its next run.
struct schedule_entry {
  std::int64_t report_id = 0;
  std::int64_t org_id = 0;
  model::schedule schedule;
  std::string state;
  std::int64_t updated = 0;                 // when the schedule was last saved
  std::optional<std::int64_t> last_run;     // latest scheduled time already claimed
  // The earliest run claimed whose lease ran out while still running (the process that held
  // it died): a scheduler takes it over.
  std::optional<std::int64_t> abandoned_run;
};

/// How a claimed run ended.
struct run_outcome {
  std::int64_t run_id = 0;
  std::string status;  // succeeded | failed
  std::string error;
  std::int64_t finished_at = 0;
  std::int64_t attachment_bytes = 0;
  int attempts = 0;
  std::string recipients;  // who it went to (the report's at the time of the run)
  int failed_panels = 0;   // a report with failed panels is still sent; these say which and why
  std::vector<std::string> panel_errors;
};

/// A claim of one scheduled run.
struct run_claim {
  std::int64_t report_id = 0;
  std::int64_t scheduled_at = 0;
  std::int64_t now = 0;
  std::string status;  // running | skipped
  std::string recipients;
  std::string error;
  // A running claim is this process's until then (epoch s; past it, another may take the run
  // over). 0: no lease.
  std::int64_t lease_until = 0;
};

/// Runs per status.
using run_counts = std::vector<std::pair<std::string, std::int64_t>>;

/// Which runs to list; newest first.
struct run_query {
  std::int64_t org_id = 0;
  std::optional<std::int64_t> report_id;
  std::string status;  // "" for any
  int limit = 50;
  int offset = 0;
};

/// One slice of an org's reports in id order: skip `offset` reports with an id above
/// `after_id`, then at most `limit` of them. Listing goes slice by slice (keyset on the id),
/// so no single store request holds the store for a whole large org.
struct report_page {
  std::int64_t org_id = 0;
  std::int64_t after_id = 0;
  std::int64_t offset = 0;
  std::int64_t limit = 250;
};

/// What GET /api/reports/dashboards asks for: the dashboards of one org whose title holds
/// `query` (case-insensitive; empty: all), at most `limit` of them. The same value asks the
/// store and the Grafana next to reportd; `answer_by_ms` (epoch ms) bounds the Grafana call.
struct dashboard_search {
  std::int64_t org_id = 0;
  std::string query;
  std::int64_t limit = 1000;
  std::int64_t answer_by_ms = 0;
};

/// One dashboard a report can name, and where it lives.
struct dashboard_entry {
  std::string uid;
  std::string title;
  std::vector<std::string> tags;
  std::string folder_title;  // Grafana's folder ("" for reportd's own: it has none)
  std::string url;           // where a user opens it in Grafana ("" for reportd's own)
  std::string origin;        // "reportd" or "grafana"
};

}  // namespace reportd::model
