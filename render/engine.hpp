#pragma once
// The native renderer: a Grafana dashboard (JSON as Grafana exports it) in, PDF / PNG /
// CSV bytes out. CAF-free and synchronous; the renderer actor pool calls it from worker
// threads. Each call is independent (no shared mutable state), so calls may run in parallel.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/problem.hpp"
#include "model/report.hpp"
#include "model/settings.hpp"
#include "render/draw/logo_policy.hpp"

namespace reportd::render {

class datasource_catalog;

/// How much one render may expand to ([reporting] max_panels_per_render, ...); 0: no limit.
/// A dashboard whose repeats expand past max_panels, or a PDF past max_pages, fails with a
/// bad_request naming the limit; series and points past theirs are cut, and the panel says
/// so in a note.
struct render_limits {
  std::size_t max_panels = 500;        // per dashboard, after rows and repeats are unrolled
  std::size_t max_series = 1000;       // frames per panel
  std::size_t max_points = 11000;      // values per time series
  std::size_t max_pages = 500;         // pages of one PDF (all dashboards when combined)
  logo_policy logo;                    // [security] allowed_logo_hosts, max_logo_dimension; the logo cache
};

/// One dashboard to render, with what the report says about it.
struct dashboard_input {
  std::string json;               // stored dashboard JSON
  model::report_dashboard ref;    // uid, per-dashboard time range, variable overrides
  /// Where `json` came from: empty for reportd's store, the Grafana URL ([grafana] url) when
  /// it was fetched from that Grafana; the email's dashboard link points there.
  std::string origin_url{};
  /// The Grafana organisation it was read from (0: none named), carried into the link.
  std::int64_t origin_org_id = 0;
};

struct render_request {
  std::int64_t org_id = 1;                // whose datasources answer the queries
  std::string report_name;
  std::vector<dashboard_input> dashboards;
  model::report_options options;          // orientation, layout, report-level range, flags
  int scale_factor = 100;                 // percent
  std::string time_zone = "GMT";          // IANA zone for time ranges and labels
  model::report_settings settings;        // header flags, logo, theme
  std::int64_t now_ms = 0;                // "now" for time expressions (epoch ms)
  bool want_pdf = true;
  bool want_png = false;
  bool want_csv = false;
  bool want_pdf_tables = false;           // format pdf-tables: a separate PDF of the table panels' data
  bool pdf_tables_appendix = false;       // format pdf-tables-appendix: that data after the report's pages
  std::string csv_encoding = "utf-8";     // utf-8 | utf-16le | utf-8-bom
  std::int64_t deadline_ms = 0;           // epoch ms by which queries must have answered; 0: none
  /// Epoch ms after which nobody waits for the result (0: none): a render that reaches it
  /// stops at its next check (between panels, dashboards and pages) with a timeout problem.
  std::int64_t answer_by_ms = 0;
  /// Set once the client that asked has gone (http::request::client_gone): a pool drops the
  /// job instead of starting it. Local only: not sent to remote workers. nullptr: never.
  std::shared_ptr<const std::atomic<bool>> client_gone;
  render_limits limits;
};

struct named_file {
  std::string name;          // file name for attachments, e.g. "CPU - Table A.csv"
  std::string content_type;  // application/pdf, image/png, text/csv
  std::string data;
};

struct render_result {
  /// One PDF per dashboard, or one for all when options.pdf_combine_one_file.
  std::vector<named_file> pdfs;
  std::vector<named_file> pngs;   // one PNG per dashboard
  std::vector<named_file> csvs;   // one CSV per table panel
  std::vector<std::string> dashboard_titles;
  /// The resolved time range of each dashboard as shown in the header, for email links.
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges_ms;
  /// Per dashboard, the base URL its email link starts with: empty for reportd's root_url,
  /// the Grafana URL for a dashboard fetched from Grafana.
  std::vector<std::string> link_bases;
  std::vector<std::int64_t> link_org_ids;  // beside link_bases: Grafana's orgId, 0 for none
  /// Panels (and query variables) that failed, one line each with why: "panel 'CPU' (id 3):
  /// query A failed: bad_data: ...". The report is still drawn; failed panels say so.
  std::vector<std::string> panel_errors;
};

/// Whether a render with this answer_by_ms should stop now.
bool out_of_time(std::int64_t answer_by_ms);
/// The timeout problem of a render that stopped at its deadline; `where` says how far it got.
model::problem stopped_at_deadline(const std::string& where);

/// Renders; a malformed dashboard or unusable input is a render_failed problem naming why, a
/// dashboard expanding past req.limits.max_panels a bad_request naming the limit, a render
/// still running at req.answer_by_ms a timeout problem.
/// Queries go to the datasources of req.org_id in `catalog`.
model::checked<render_result> render(const render_request& req, const datasource_catalog& catalog);
/// Renders with only the built-in TestData source.
model::checked<render_result> render(const render_request& req);

}  // namespace reportd::render
