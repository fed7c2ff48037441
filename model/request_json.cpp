#include "model/request_json.hpp"

#include "model/json_read.hpp"
#include "model/report_json.hpp"
#include "model/validation.hpp"

namespace reportd::model {

checked<send_request> parse_send_request(std::string_view body) {
  json::parser_lease parser;
  auto root = json::parse_object(parser, body);
  if (!root)
    return root.error();
  send_request req;
  json::reader rd;
  rd.integer(*root, "id", req.id, "id", true);
  rd.string(*root, "emails", req.emails, "emails");
  rd.boolean(*root, "useEmailsFromReport", req.use_emails_from_report, "useEmailsFromReport");
  if (!rd.ok())
    return rd.error();
  if (req.id <= 0)
    return bad_request(json::field(*root, "id") ? "id is invalid" : "id is required");
  if (split_addresses(req.emails).empty() && !req.use_emails_from_report)
    return bad_request("one of emails or useEmailsFromReport is required");
  if (auto ok = validate_addresses(req.emails, "emails"); !ok)
    return ok.error();
  return req;
}

checked<report> parse_test_email(std::string_view body) {
  auto r = parse_valid_report(body);
  if (r && split_addresses(r->recipients).empty())
    return bad_request("recipients is required");
  if (r)
    if (auto ok = require_dashboard_uids(*r); !ok)
      return ok.error();
  return r;
}

checked<dashboard_save> parse_dashboard_save(std::string_view body) {
  json::parser_lease parser;
  auto root = json::parse_object(parser, body);
  if (!root)
    return root.error();
  dashboard_save save;
  json::reader rd;
  auto dashboard = rd.child(*root, "dashboard", "dashboard");
  rd.boolean(*root, "overwrite", save.overwrite, "overwrite");
  if (!rd.ok())
    return rd.error();
  if (!dashboard)
    return bad_request("dashboard is required");
  save.dashboard_json = simdjson::minify(*dashboard);
  return save;
}

std::string message_json(std::string_view message) {
  return json_object({{"message", boost::json::string_view(message.data(), message.size())}});
}

std::string json_object(std::initializer_list<std::pair<boost::json::string_view, boost::json::value_ref>> fields) {
  return boost::json::serialize(boost::json::object(fields));
}

}  // namespace reportd::model
