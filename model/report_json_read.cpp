// Reading report bodies; see report_json.hpp for what clients may send.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "model/json_read.hpp"
#include "model/report_json.hpp"
#include "model/time_expr.hpp"
#include "model/validation.hpp"

namespace reportd::model {

namespace {

using json::object;
using json::reader;

// An optional RFC 3339 instant: "" and null mean unset.
void read_instant(reader& rd, const object& o, std::string_view key, std::optional<std::int64_t>& out,
                  const std::string& path) {
  std::string text;
  rd.string(o, key, text, path);
  if (!rd.ok() || text.empty())
    return;
  if (auto t = parse_rfc3339(text))
    out = *t;
  else
    rd.fail("invalid " + path + " \"" + text +
            "\": must be RFC 3339 such as 2022-10-02T00:00:00+02:00, within the years 0001 to 9999");
}

void read_range(reader& rd, const object& o, time_range& out, const std::string& path) {
  if (auto range = rd.child(o, "timeRange", path)) {
    rd.string(*range, "from", out.from, path + ".from");
    rd.string(*range, "to", out.to, path + ".to");
  }
}

void read_schedule(reader& rd, const object& o, schedule& s) {
  auto so = rd.child(o, "schedule", "schedule");
  if (!so)
    return;
  read_instant(rd, *so, "startDate", s.start_date, "schedule.startDate");
  read_instant(rd, *so, "endDate", s.end_date, "schedule.endDate");
  rd.string(*so, "frequency", s.frequency, "schedule.frequency");
  rd.string(*so, "intervalFrequency", s.interval_frequency, "schedule.intervalFrequency");
  rd.integer(*so, "intervalAmount", s.interval_amount, "schedule.intervalAmount", true);
  rd.boolean(*so, "workdaysOnly", s.workdays_only, "schedule.workdaysOnly");
  rd.text(*so, "dayOfMonth", s.day_of_month, "schedule.dayOfMonth");
  rd.string(*so, "timeZone", s.time_zone, "schedule.timeZone");
}

void read_options(reader& rd, const object& o, report_options& opt) {
  auto oo = rd.child(o, "options", "options");
  if (!oo)
    return;
  rd.string(*oo, "orientation", opt.orientation, "options.orientation");
  rd.string(*oo, "layout", opt.layout, "options.layout");
  read_range(rd, *oo, opt.range, "options.timeRange");
  rd.boolean(*oo, "pdfShowTemplateVariables", opt.pdf_show_template_variables, "options.pdfShowTemplateVariables");
  rd.boolean(*oo, "pdfCombineOneFile", opt.pdf_combine_one_file, "options.pdfCombineOneFile");
  rd.string(*oo, "csvEncoding", opt.csv_encoding, "options.csvEncoding");
}

void read_dashboard(reader& rd, json::element e, report_dashboard& d, const std::string& path) {
  object o;
  if (e.get(o) != simdjson::SUCCESS) {
    rd.fail(path + " must be an object");
    return;
  }
  if (auto ref = rd.child(o, "dashboard", path + ".dashboard")) {
    rd.integer(*ref, "id", d.dashboard.id, path + ".dashboard.id", true);
    rd.string(*ref, "uid", d.dashboard.uid, path + ".dashboard.uid");
    rd.string(*ref, "name", d.dashboard.name, path + ".dashboard.name");
  }
  read_range(rd, o, d.range, path + ".timeRange");
  rd.string_lists(o, "reportVariables", d.variables, path + ".reportVariables");
}

void read_dashboards(reader& rd, const object& o, report& r) {
  auto items = rd.list(o, "dashboards", "dashboards");
  if (!items)
    return;
  std::size_t i = 0;
  for (json::element e : *items) {
    r.dashboards.emplace_back();
    read_dashboard(rd, e, r.dashboards.back(), "dashboards[" + std::to_string(i++) + "]");
  }
}

// Older clients describe one dashboard with top-level fields and use options.timeRange for it.
void read_legacy_dashboard(reader& rd, const object& o, report& r) {
  report_dashboard d;
  rd.integer(o, "dashboardId", d.dashboard.id, "dashboardId", true);
  rd.string(o, "dashboardUid", d.dashboard.uid, "dashboardUid");
  rd.string(o, "dashboardName", d.dashboard.name, "dashboardName");
  rd.string_lists(o, "templateVars", d.variables, "templateVars");
  if (!rd.ok() || (d.dashboard.uid.empty() && d.dashboard.id == 0))
    return;
  d.range = r.options.range;
  r.dashboards.push_back(std::move(d));
}

// Server-owned timestamps: read when they parse, ignored otherwise (a client echoing a GET).
void read_stamp(const object& o, std::string_view key, std::int64_t& out) {
  std::string_view text;
  if (auto e = json::field(o, key); e && e->get(text) == simdjson::SUCCESS)
    if (auto t = parse_rfc3339(text))
      out = *t;
}

void read_top_level(reader& rd, const object& o, report& r) {
  rd.integer(o, "id", r.id, "id", true);
  rd.string(o, "uid", r.uid, "uid");
  rd.integer(o, "userId", r.user_id, "userId", true);
  rd.integer(o, "orgId", r.org_id, "orgId", true);
  rd.string(o, "name", r.name, "name");
  rd.string(o, "subject", r.subject, "subject");
  rd.string(o, "recipients", r.recipients, "recipients");
  rd.string(o, "replyTo", r.reply_to, "replyTo");
  rd.string(o, "message", r.message, "message");
  rd.boolean(o, "enableDashboardUrl", r.enable_dashboard_url, "enableDashboardUrl");
  rd.boolean(o, "enableCsv", r.enable_csv, "enableCsv");
  rd.string(o, "state", r.state, "state");
  rd.strings(o, "formats", r.formats, "formats");
  rd.integer(o, "scaleFactor", r.scale_factor, "scaleFactor");
  read_stamp(o, "created", r.created);
  read_stamp(o, "updated", r.updated);
}

}  // namespace

checked<report> parse_report(std::string_view body) {
  json::parser_lease parser;
  auto root = json::parse_object(parser, body);
  if (!root)
    return root.error();
  report r;
  reader rd;
  read_top_level(rd, *root, r);
  read_schedule(rd, *root, r.schedule);
  read_options(rd, *root, r.options);
  read_dashboards(rd, *root, r);
  if (r.dashboards.empty())
    read_legacy_dashboard(rd, *root, r);
  if (!rd.ok())
    return rd.error();
  return r;
}

checked<schedule_preview> parse_schedule_preview(std::string_view body) {
  json::parser_lease parser;
  auto root = json::parse_object(parser, body);
  if (!root)
    return bad_request("the body must be a JSON object");
  schedule_preview p;
  reader rd;
  // The schedule is read and validated as a draft report's: the same rules as POST /api/reports.
  report r;
  r.state = "draft";
  read_schedule(rd, *root, r.schedule);
  if (!rd.ok())
    return rd.error();
  if (auto ok = validate_report(r); !ok)
    return ok.error();
  p.schedule = std::move(r.schedule);
  if (auto state = json::field(*root, "state")) {
    std::string_view text;
    if (state->get(text) != simdjson::SUCCESS)
      return bad_request("state must be a string");
    p.state = std::string(text);
  }
  if (auto from = json::field(*root, "from")) {
    std::string_view text;
    const bool is_string = from->get(text) == simdjson::SUCCESS;
    if (!is_string || !text.empty()) {
      auto t = is_string ? parse_rfc3339(text) : std::nullopt;
      if (!t)
        return bad_request("from must be an RFC 3339 time");
      p.from = *t;
    }
  }
  if (auto count = json::field(*root, "count")) {
    std::int64_t n = 0;
    if (count->get(n) != simdjson::SUCCESS || n < 1)
      return bad_request("count must be a positive integer");
    p.count = static_cast<int>(std::min<std::int64_t>(n, 1000));
  }
  return p;
}

checked<report> parse_render_query(const render_query& q) {
  if (q.dashboards.empty())
    return bad_request("query parameter \"dashboards\" is required");
  json::parser_lease parser;
  const simdjson::padded_string padded(q.dashboards);
  json::element root;
  json::array items;
  if (parser->parse(padded).get(root) != simdjson::SUCCESS || root.get(items) != simdjson::SUCCESS)
    return bad_request("query parameter \"dashboards\" must be a JSON array of report dashboards");
  report r;
  r.name = q.title;
  r.state = "draft";
  r.options.orientation = q.orientation;
  r.options.layout = q.layout;
  r.options.pdf_show_template_variables = q.show_template_variables;
  r.options.pdf_combine_one_file = true;
  if (!q.scale_factor.empty()) {
    try {
      r.scale_factor = std::stoi(q.scale_factor);
    } catch (const std::exception&) {
      return bad_request("scaleFactor \"" + q.scale_factor + "\" is not a number");
    }
  }
  reader rd;
  std::size_t i = 0;
  for (json::element e : items) {
    r.dashboards.emplace_back();
    read_dashboard(rd, e, r.dashboards.back(), "dashboards[" + std::to_string(i++) + "]");
  }
  if (!rd.ok())
    return rd.error();
  if (r.dashboards.empty())
    return bad_request("query parameter \"dashboards\" names no dashboard");
  if (auto ok = validate_report(r); !ok)
    return ok.error();
  if (auto ok = require_dashboard_uids(r); !ok)
    return ok.error();
  return r;
}

checked<unit> require_dashboard_uids(const report& r) {
  for (std::size_t i = 0; i < r.dashboards.size(); ++i)
    if (r.dashboards[i].dashboard.uid.empty())
      return bad_request("dashboards[" + std::to_string(i) + "].dashboard.uid is required");
  return unit{};
}

checked<report> parse_valid_report(std::string_view body) {
  auto r = parse_report(body);
  if (!r)
    return r;
  if (auto ok = validate_report(*r); !ok)
    return ok.error();
  return r;
}

}  // namespace reportd::model
