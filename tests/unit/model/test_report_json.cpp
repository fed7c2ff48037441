#include "catch_prelude.hpp"

#include "model/report_json.hpp"
#include "model/time_expr.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

using namespace reportd::model;
namespace bj = boost::json;

namespace {

constexpr std::int64_t now_2026 = 1780000000;  // 2026-05-28

report parsed(const std::string& body) {
  auto r = parse_report(body);
  if (!r)
    FAIL("parse_report refused: " << r.error().message);
  return std::move(r).value();
}

std::string refusal(const std::string& body) {
  auto r = parse_report(body);
  if (r)
    return "";
  CHECK(r.error().code == errc::bad_request);
  return r.error().message;
}

bj::object written(const report& r) { return bj::parse(report_to_json(r, now_2026)).as_object(); }

const char* full_body = R"({
  "id": 7, "uid": "r-7", "userId": 3, "orgId": 2,
  "name": "Ops weekly", "subject": "Ops", "recipients": "a@x.io;b@x.io", "replyTo": "boss@x.io",
  "message": "Hi\nall",
  "schedule": {"startDate": "2026-03-02T09:00:00+01:00", "endDate": "2027-01-01T00:00:00+01:00",
               "frequency": "custom", "intervalFrequency": "weeks", "intervalAmount": 2,
               "workdaysOnly": true, "dayOfMonth": "", "timeZone": "Europe/Warsaw"},
  "options": {"orientation": "portrait", "layout": "simple", "timeRange": {"from": "now-7d/d", "to": "now/d"},
              "pdfShowTemplateVariables": true, "pdfCombineOneFile": true},
  "enableDashboardUrl": true, "enableCsv": true, "state": "paused", "formats": ["pdf", "csv"],
  "scaleFactor": 125,
  "dashboards": [{"dashboard": {"id": 11, "uid": "d1", "name": "Hosts"},
                  "timeRange": {"from": "now-6h", "to": "now"},
                  "reportVariables": {"host": ["a", "b"], "env": ["prod"]}}],
  "created": "2026-03-01T10:00:00+01:00", "updated": "2026-03-01T11:00:00+01:00"
})";

}  // namespace

TEST_CASE("a full report body is read field by field", "[json]") {
  const report r = parsed(full_body);
  CHECK(r.id == 7);
  CHECK(r.uid == "r-7");
  CHECK(r.name == "Ops weekly");
  CHECK(r.recipients == "a@x.io;b@x.io");
  CHECK(r.message == "Hi\nall");
  CHECK(r.schedule.start_date == std::optional<std::int64_t>(*parse_rfc3339("2026-03-02T08:00:00Z")));
  CHECK(r.schedule.frequency == "custom");
  CHECK(r.schedule.interval_amount == 2);
  CHECK(r.schedule.workdays_only);
  CHECK(r.schedule.time_zone == "Europe/Warsaw");
  CHECK(r.options.orientation == "portrait");
  CHECK(r.options.range.from == "now-7d/d");
  CHECK(r.options.pdf_combine_one_file);
  CHECK(r.enable_csv);
  CHECK(r.state == "paused");
  CHECK(r.formats == std::vector<std::string>{"pdf", "csv"});
  CHECK(r.scale_factor == 125);
  REQUIRE(r.dashboards.size() == 1);
  CHECK(r.dashboards[0].dashboard.uid == "d1");
  CHECK(r.dashboards[0].range.to == "now");
  CHECK(r.dashboards[0].variables.at("host") == std::vector<std::string>{"a", "b"});
  CHECK(r.created == *parse_rfc3339("2026-03-01T09:00:00Z"));
}

TEST_CASE("parse, write and parse again gives the same report", "[json]") {
  const report first = parsed(full_body);
  const report second = parsed(report_to_json(first, now_2026));
  CHECK(report_to_json(second, now_2026) == report_to_json(first, now_2026));
  CHECK(second.schedule.start_date == first.schedule.start_date);
  CHECK(second.schedule.end_date == first.schedule.end_date);
  CHECK(second.dashboards[0].variables == first.dashboards[0].variables);
  CHECK(second.created == first.created);
}

TEST_CASE("the written report has every key, in the report's time zone", "[json]") {
  report r;
  r.id = 4;
  r.schedule.frequency = "daily";
  r.schedule.time_zone = "Europe/Warsaw";
  r.schedule.start_date = *parse_rfc3339("2022-10-01T22:00:00Z");
  r.dashboards.emplace_back();
  const auto o = written(r);
  for (const char* key : {"id", "uid", "userId", "orgId", "name", "subject", "recipients", "replyTo", "message",
                          "schedule", "options", "enableDashboardUrl", "enableCsv", "state", "formats",
                          "scaleFactor", "dashboards", "created", "updated"}) {
    INFO(key);
    CHECK(o.contains(key));
  }
  const auto& s = o.at("schedule").as_object();
  for (const char* key : {"startDate", "endDate", "frequency", "intervalFrequency", "intervalAmount", "workdaysOnly",
                          "dayOfMonth", "timeZone"}) {
    INFO(key);
    CHECK(s.contains(key));
  }
  CHECK(s.at("startDate") == "2022-10-02T00:00:00+02:00");
  CHECK(s.at("endDate").is_null());
  const auto& opt = o.at("options").as_object();
  CHECK(opt.at("timeRange").as_object().at("from") == "");
  CHECK(opt.contains("pdfShowTemplateVariables"));
  const auto& d = o.at("dashboards").as_array().at(0).as_object();
  CHECK(d.at("dashboard").as_object().contains("uid"));
  CHECK(d.at("reportVariables").as_object().empty());
  CHECK(o.at("formats").as_array().size() == 1);
  CHECK(o.at("created") == "");

  // Unset dates are null, as Grafana answers (its Go clients read "" as 1970 or not at all).
  report unset;
  CHECK(written(unset).at("schedule").as_object().at("startDate").is_null());
  CHECK(written(unset).at("schedule").as_object().at("endDate").is_null());
  CHECK(written(unset).at("options").as_object().at("csvEncoding") == "utf-8");
}

TEST_CASE("the displayed state is derived from schedule and end date", "[json]") {
  report r;
  r.schedule.frequency = "daily";
  CHECK(written(r).at("state") == "scheduled");
  r.schedule.end_date = now_2026 - 1;
  CHECK(written(r).at("state") == "expired");
  r.schedule.end_date = now_2026 + 3600;
  r.state = "paused";
  CHECK(written(r).at("state") == "paused");
  r.schedule.frequency = "never";
  CHECK(written(r).at("state") == "not scheduled");
  r.state = "draft";
  CHECK(written(r).at("state") == "draft");
}

TEST_CASE("Grafana client quirks are accepted", "[json]") {
  SECTION("missing booleans mean false, missing formats stay default") {
    const report r = parsed(R"({"name":"n","options":{}})");
    CHECK_FALSE(r.enable_csv);
    CHECK_FALSE(r.enable_dashboard_url);
    CHECK_FALSE(r.options.pdf_show_template_variables);
    CHECK(r.formats == std::vector<std::string>{"pdf"});
  }
  SECTION("a single string as a variable's value") {
    const report r = parsed(R"({"dashboards":[{"dashboard":{"uid":"d"},"reportVariables":{"host":"web-1"}}]})");
    CHECK(r.dashboards.at(0).variables.at("host") == std::vector<std::string>{"web-1"});
  }
  SECTION("milliseconds and Z in dates, null or empty end date") {
    const report r = parsed(R"({"schedule":{"startDate":"2020-01-01T07:00:00.000Z","endDate":null}})");
    CHECK(r.schedule.start_date == std::optional<std::int64_t>(1577862000));
    CHECK_FALSE(r.schedule.end_date);
    CHECK_FALSE(parsed(R"({"schedule":{"startDate":"","endDate":""}})").schedule.start_date);
  }
  SECTION("id and numbers as strings") {
    CHECK(parsed(R"({"id":"12"})").id == 12);
    CHECK(parsed(R"({"id":12})").id == 12);
    CHECK(parsed(R"({"schedule":{"intervalAmount":"3","dayOfMonth":15}})").schedule.interval_amount == 3);
    CHECK(parsed(R"({"schedule":{"dayOfMonth":15}})").schedule.day_of_month == "15");
  }
  SECTION("the legacy single-dashboard shape") {
    const report r = parsed(R"({"name":"old","dashboardId":5,"dashboardUid":"legacy",
        "templateVars":{"env":"prod","host":["a","b"]},
        "options":{"timeRange":{"from":"now-1h","to":"now"}}})");
    REQUIRE(r.dashboards.size() == 1);
    CHECK(r.dashboards[0].dashboard.id == 5);
    CHECK(r.dashboards[0].dashboard.uid == "legacy");
    CHECK(r.dashboards[0].range.from == "now-1h");
    CHECK(r.dashboards[0].variables.at("env") == std::vector<std::string>{"prod"});
    CHECK(r.dashboards[0].variables.at("host") == std::vector<std::string>{"a", "b"});
  }
  SECTION("dashboards[] wins over the legacy fields; unknown keys are ignored") {
    const report r = parsed(R"({"dashboardUid":"legacy","dashboards":[{"dashboard":{"uid":"new"}}],"whatever":{"x":1}})");
    REQUIRE(r.dashboards.size() == 1);
    CHECK(r.dashboards[0].dashboard.uid == "new");
  }
}

TEST_CASE("wrong types name the field", "[json]") {
  CHECK(refusal(R"({"name":42})") == "name must be a string");
  CHECK(refusal(R"({"dashboards":{"uid":"x"}})") == "dashboards must be an array");
  CHECK(refusal(R"({"scaleFactor":"100"})") == "scaleFactor must be an integer");
  CHECK(refusal(R"({"enableCsv":"yes"})") == "enableCsv must be a boolean");
  CHECK(refusal(R"({"formats":"pdf"})") == "formats must be an array");
  CHECK(refusal(R"({"formats":["pdf",3]})") == "formats must be an array of strings");
  CHECK(refusal(R"({"schedule":{"frequency":1}})") == "schedule.frequency must be a string");
  CHECK(refusal(R"({"dashboards":[{"dashboard":{"uid":5}}]})") == "dashboards[0].dashboard.uid must be a string");
  CHECK(refusal(R"({"dashboards":[{"reportVariables":{"host":[1]}}]})") ==
        "dashboards[0].reportVariables.host must be a string or an array of strings");
  CHECK(refusal(R"({"schedule":{"startDate":"tomorrow"}})").rfind("invalid schedule.startDate \"tomorrow\"", 0) == 0);
  CHECK(refusal(R"({"id":"abc"})") == "id must be an integer or a string of digits");
}

TEST_CASE("malformed JSON and non-objects are refused", "[json]") {
  CHECK(refusal(R"({"name":"trunc)").rfind("invalid JSON: ", 0) == 0);
  CHECK(refusal(R"({"name":"x",)").rfind("invalid JSON: ", 0) == 0);
  CHECK(refusal("").rfind("invalid JSON: ", 0) == 0);
  CHECK(refusal("not json").rfind("invalid JSON: ", 0) == 0);
  CHECK(refusal(R"(["a"])") == "request body must be a JSON object");
  CHECK(refusal("42") == "request body must be a JSON object");
}

TEST_CASE("parse_valid_report applies the validation rules", "[json]") {
  auto r = parse_valid_report(R"({"name":"n","recipients":"a@x.io","dashboards":[{"dashboard":{"uid":"d"}}],
                                  "options":{"orientation":"diagonal"}})");
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "invalid options.orientation \"diagonal\": must be portrait or landscape");
  CHECK(parse_valid_report(R"({"name":"n","recipients":"a@x.io","dashboards":[{"dashboard":{"uid":"d"}}]})"));
}

TEST_CASE("an array of reports", "[json]") {
  std::vector<report> reports(2);
  reports[1].id = 9;
  const auto a = bj::parse(reports_to_json(reports, now_2026)).as_array();
  REQUIRE(a.size() == 2);
  CHECK(a[1].as_object().at("id") == 9);
  CHECK(reports_to_json({}, now_2026) == "[]");
}

TEST_CASE("a dashboard named by id alone is for the store to resolve; unstored reports need uids", "[json]") {
  auto stored = parse_valid_report(
    R"({"name":"n","recipients":"a@example.com","dashboardId":7,"schedule":{"frequency":"never"}})");
  REQUIRE(stored);
  REQUIRE(stored->dashboards.size() == 1);
  CHECK(stored->dashboards[0].dashboard.id == 7);
  CHECK(stored->dashboards[0].dashboard.uid.empty());
  auto test_mail = parse_test_email(
    R"({"name":"n","recipients":"a@example.com","dashboardId":7,"schedule":{"frequency":"never"}})");
  REQUIRE_FALSE(test_mail);
  CHECK(test_mail.error().message == "dashboards[0].dashboard.uid is required");
  render_query q;
  q.dashboards = R"([{"dashboard":{"id":7}}])";
  auto rendered = parse_render_query(q);
  REQUIRE_FALSE(rendered);
  CHECK(rendered.error().message == "dashboards[0].dashboard.uid is required");
}
