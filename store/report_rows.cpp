#include "store/report_rows.hpp"

#include <boost/json.hpp>

namespace reportd::store::rows {
namespace {

// Throws on anything but a string: stored data we did not write is corrupt.
std::string text_of(const boost::json::value& v) {
  const auto& s = v.as_string();
  return std::string(s.data(), s.size());
}

}  // namespace

const char* const report_select_columns =
    "r.id, r.uid, r.user_id, r.org_id, r.name, r.subject, r.recipients, r.reply_to, r.message,"
    " r.start_date, r.end_date, r.frequency, r.interval_frequency, r.interval_amount,"
    " r.workdays_only, r.day_of_month, r.time_zone,"
    " r.orientation, r.layout, r.time_from, r.time_to, r.pdf_show_template_variables,"
    " r.pdf_combine_one_file, r.enable_dashboard_url, r.enable_csv, r.state, r.formats,"
    " r.scale_factor, r.created, r.updated, r.csv_encoding";

const char* const report_update_assignments =
    "name = :name, subject = :subject, recipients = :recipients, reply_to = :reply_to,"
    " message = :message, start_date = :start_date, end_date = :end_date,"
    " frequency = :frequency, interval_frequency = :interval_frequency,"
    " interval_amount = :interval_amount, workdays_only = :workdays_only,"
    " day_of_month = :day_of_month, time_zone = :time_zone, orientation = :orientation,"
    " layout = :layout, time_from = :time_from, time_to = :time_to,"
    " pdf_show_template_variables = :pdf_show_template_variables,"
    " pdf_combine_one_file = :pdf_combine_one_file,"
    " enable_dashboard_url = :enable_dashboard_url, enable_csv = :enable_csv,"
    // A report written back as GET showed it ("not scheduled", "expired") keeps its state.
    " state = CASE WHEN :state IN ('not scheduled', 'expired') THEN state ELSE :state END,"
    " formats = :formats, scale_factor = :scale_factor, updated = :updated,"
    " csv_encoding = :csv_encoding";

const char* const report_insert_columns =
    "uid, org_id, user_id, created, name, subject, recipients, reply_to, message, start_date,"
    " end_date, frequency, interval_frequency, interval_amount, workdays_only, day_of_month,"
    " time_zone, orientation, layout, time_from, time_to, pdf_show_template_variables,"
    " pdf_combine_one_file, enable_dashboard_url, enable_csv, state, formats, scale_factor,"
    " updated, csv_encoding";

const char* const report_insert_values =
    ":uid, :org_id, :user_id, :created, :name, :subject, :recipients, :reply_to, :message,"
    " :start_date, :end_date, :frequency, :interval_frequency, :interval_amount,"
    " :workdays_only, :day_of_month, :time_zone, :orientation, :layout, :time_from, :time_to,"
    " :pdf_show_template_variables, :pdf_combine_one_file, :enable_dashboard_url, :enable_csv,"
    " :state, :formats, :scale_factor, :updated, :csv_encoding";

void bind_report_fields(sql::statement& s, const model::report& r) {
  const auto& sc = r.schedule;
  const auto& o = r.options;
  s.bind_text(":name", r.name).bind_text(":subject", r.subject);
  s.bind_text(":recipients", r.recipients).bind_text(":reply_to", r.reply_to);
  s.bind_text(":message", r.message);
  s.bind_optional_int(":start_date", sc.start_date).bind_optional_int(":end_date", sc.end_date);
  s.bind_text(":frequency", sc.frequency).bind_text(":interval_frequency", sc.interval_frequency);
  s.bind_int(":interval_amount", sc.interval_amount).bind_bool(":workdays_only", sc.workdays_only);
  s.bind_text(":day_of_month", sc.day_of_month).bind_text(":time_zone", sc.time_zone);
  s.bind_text(":orientation", o.orientation).bind_text(":layout", o.layout);
  s.bind_text(":time_from", o.range.from).bind_text(":time_to", o.range.to);
  s.bind_bool(":pdf_show_template_variables", o.pdf_show_template_variables);
  s.bind_bool(":pdf_combine_one_file", o.pdf_combine_one_file);
  s.bind_bool(":enable_dashboard_url", r.enable_dashboard_url);
  s.bind_bool(":enable_csv", r.enable_csv).bind_text(":state", r.state);
  s.bind_text(":formats", strings_to_json(r.formats));
  s.bind_int(":scale_factor", r.scale_factor).bind_int(":updated", r.updated);
  s.bind_text(":csv_encoding", o.csv_encoding);
}

model::report read_report(const sql::statement& s) {
  sql::row_reader c(s);
  model::report r;
  r.id = c.next_int();
  r.uid = c.next_text();
  r.user_id = c.next_int();
  r.org_id = c.next_int();
  r.name = c.next_text();
  r.subject = c.next_text();
  r.recipients = c.next_text();
  r.reply_to = c.next_text();
  r.message = c.next_text();
  r.schedule = read_schedule(c);
  r.options.orientation = c.next_text();
  r.options.layout = c.next_text();
  r.options.range.from = c.next_text();
  r.options.range.to = c.next_text();
  r.options.pdf_show_template_variables = c.next_bool();
  r.options.pdf_combine_one_file = c.next_bool();
  r.enable_dashboard_url = c.next_bool();
  r.enable_csv = c.next_bool();
  r.state = c.next_text();
  r.formats = strings_from_json(c.next_text());
  r.scale_factor = c.next_int32();
  r.created = c.next_int();
  r.updated = c.next_int();
  r.options.csv_encoding = c.next_text();
  return r;
}

std::string strings_to_json(const std::vector<std::string>& list) {
  boost::json::array a;
  for (const auto& f : list) a.emplace_back(f);
  return boost::json::serialize(a);
}

std::vector<std::string> strings_from_json(const std::string& json) {
  std::vector<std::string> out;
  const auto parsed = boost::json::parse(json);  // must outlive the loop
  for (const auto& v : parsed.as_array()) out.push_back(text_of(v));
  return out;
}

std::string variables_to_json(const std::map<std::string, std::vector<std::string>>& vars) {
  boost::json::object o;
  for (const auto& [name, values] : vars) {
    boost::json::array a;
    for (const auto& v : values) a.emplace_back(v);
    o[name] = std::move(a);
  }
  return boost::json::serialize(o);
}

std::map<std::string, std::vector<std::string>> variables_from_json(const std::string& json) {
  std::map<std::string, std::vector<std::string>> out;
  const auto parsed = boost::json::parse(json);  // must outlive the loop
  for (const auto& [name, values] : parsed.as_object()) {
    auto& list = out[std::string(name)];
    for (const auto& v : values.as_array()) list.push_back(text_of(v));
  }
  return out;
}

model::schedule read_schedule(sql::row_reader& c) {
  model::schedule sc;
  sc.start_date = c.next_optional_int();
  sc.end_date = c.next_optional_int();
  sc.frequency = c.next_text();
  sc.interval_frequency = c.next_text();
  sc.interval_amount = c.next_int32();
  sc.workdays_only = c.next_bool();
  sc.day_of_month = c.next_text();
  sc.time_zone = c.next_text();
  return sc;
}

}  // namespace reportd::store::rows
