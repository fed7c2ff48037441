#pragma once
// JSON bodies of the smaller requests (send, test-email, dashboards) and the tiny success
// bodies every handler answers with.
#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "model/problem.hpp"
#include "model/report.hpp"

namespace reportd::model {

/// POST /api/reports/email.
struct send_request {
  std::int64_t id = 0;
  /// Overrides the report's recipients when non-empty (separated by , ; or newline).
  std::string emails;
  bool use_emails_from_report = false;
};

/// `id` (string of digits or number) is required; one of a non-empty `emails` or
/// `useEmailsFromReport: true` is required; every address in `emails` must be valid.
checked<send_request> parse_send_request(std::string_view body);

/// POST /api/reports/test-email: a report body (as for create), validated, with recipients.
checked<report> parse_test_email(std::string_view body);

/// POST /api/dashboards/db.
struct dashboard_save {
  std::string dashboard_json;  // the "dashboard" object, re-serialized compactly
  bool overwrite = false;
};
checked<dashboard_save> parse_dashboard_save(std::string_view body);

/// `{"message":"…"}`.
std::string message_json(std::string_view message);

/// A small success body: json_object({{"id", 3}, {"message", "Report created"}}).
std::string json_object(std::initializer_list<std::pair<boost::json::string_view, boost::json::value_ref>> fields);

}  // namespace reportd::model
