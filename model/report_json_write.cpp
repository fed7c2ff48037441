// Writing report objects: every key present, in the order of spec/API.md.
#include "model/report_json.hpp"
#include "model/time_expr.hpp"

namespace reportd::model {

namespace {

namespace bj = boost::json;

bj::object range_value(const time_range& r) { return {{"from", r.from}, {"to", r.to}}; }

bj::object schedule_value(const schedule& s) {
  bj::object o;
  // Unset is null, as Grafana answers: its Go clients read "" as 1970 or fail to decode it.
  o["startDate"] = s.start_date ? bj::value(format_rfc3339(*s.start_date, s.time_zone)) : bj::value(nullptr);
  o["endDate"] = s.end_date ? bj::value(format_rfc3339(*s.end_date, s.time_zone)) : bj::value(nullptr);
  o["frequency"] = s.frequency;
  o["intervalFrequency"] = s.interval_frequency;
  o["intervalAmount"] = s.interval_amount;
  o["workdaysOnly"] = s.workdays_only;
  o["dayOfMonth"] = s.day_of_month;
  o["timeZone"] = s.time_zone;
  return o;
}

bj::object options_value(const report_options& opt) {
  bj::object o;
  o["orientation"] = opt.orientation;
  o["layout"] = opt.layout;
  o["timeRange"] = range_value(opt.range);
  o["pdfShowTemplateVariables"] = opt.pdf_show_template_variables;
  o["pdfCombineOneFile"] = opt.pdf_combine_one_file;
  o["csvEncoding"] = opt.csv_encoding;
  return o;
}

bj::object dashboard_value(const report_dashboard& d) {
  bj::object variables;
  for (const auto& [name, values] : d.variables)
    variables[name] = bj::array(values.begin(), values.end());
  bj::object o;
  o["dashboard"] = {{"id", d.dashboard.id}, {"uid", d.dashboard.uid}, {"name", d.dashboard.name}};
  o["timeRange"] = range_value(d.range);
  o["reportVariables"] = std::move(variables);
  return o;
}

std::string stamp(std::int64_t epoch_s, const std::string& zone) {
  return epoch_s == 0 ? std::string() : format_rfc3339(epoch_s, zone);
}

}  // namespace

std::string displayed_state(const report& r, std::int64_t now_epoch_s) {
  if (r.state == "draft")
    return r.state;
  if (r.schedule.frequency == "never")
    return "not scheduled";
  if (r.schedule.end_date && *r.schedule.end_date < now_epoch_s)
    return "expired";
  return r.state;
}

boost::json::object report_to_value(const report& r, std::int64_t now_epoch_s) {
  bj::object o;
  o["id"] = r.id;
  o["uid"] = r.uid;
  o["userId"] = r.user_id;
  o["orgId"] = r.org_id;
  o["name"] = r.name;
  o["subject"] = r.subject;
  o["recipients"] = r.recipients;
  o["replyTo"] = r.reply_to;
  o["message"] = r.message;
  o["schedule"] = schedule_value(r.schedule);
  o["options"] = options_value(r.options);
  o["enableDashboardUrl"] = r.enable_dashboard_url;
  o["enableCsv"] = r.enable_csv;
  o["state"] = displayed_state(r, now_epoch_s);
  o["formats"] = bj::array(r.formats.begin(), r.formats.end());
  o["scaleFactor"] = r.scale_factor;
  bj::array dashboards;
  for (const auto& d : r.dashboards)
    dashboards.push_back(dashboard_value(d));
  o["dashboards"] = std::move(dashboards);
  o["created"] = stamp(r.created, r.schedule.time_zone);
  o["updated"] = stamp(r.updated, r.schedule.time_zone);
  return o;
}

std::string report_to_json(const report& r, std::int64_t now_epoch_s) {
  return bj::serialize(report_to_value(r, now_epoch_s));
}

std::string reports_to_json(const std::vector<report>& reports, std::int64_t now_epoch_s) {
  bj::array out;
  for (const auto& r : reports)
    out.push_back(report_to_value(r, now_epoch_s));
  return bj::serialize(out);
}

}  // namespace reportd::model
