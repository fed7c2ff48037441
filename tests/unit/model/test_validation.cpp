#include "catch_prelude.hpp"

#include "model/validation.hpp"

#include <string>
#include <vector>

using namespace reportd::model;

namespace {

report valid_report() {
  report r;
  r.name = "Weekly ops";
  r.recipients = "ops@example.com";
  r.schedule.frequency = "daily";
  report_dashboard d;
  d.dashboard.uid = "abc123";
  r.dashboards.push_back(d);
  return r;
}

// The message of the problem validate_report finds, or "" when it accepts the report.
std::string complaint(report r) {
  auto result = validate_report(r);
  if (result)
    return "";
  CHECK(result.error().code == errc::bad_request);
  return result.error().message;
}

template <class Edit>
std::string complaint_after(Edit edit) {
  report r = valid_report();
  edit(r);
  return complaint(r);
}

}  // namespace

TEST_CASE("email addresses: pragmatic acceptance", "[validation]") {
  for (const char* good : {"a@example.com", "first.last+tag@sub.example.co.uk", "ops@localhost", "o'brien@x.ie",
                           "user@xn--bcher-kva.example"}) {
    INFO(good);
    CHECK(valid_email(good));
  }
  for (const char* bad : {"", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@exa mple.com",
                          "<a@example.com>", "Name <a@example.com>", "a@example.com\r\nBcc: x@y.z", "a..b@example.com",
                          ".a@example.com", "a@-example.com", "a@example..com", "a@b@example.com", "a\"@example.com"}) {
    INFO(bad);
    CHECK_FALSE(valid_email(bad));
  }
}

TEST_CASE("path ids are positive integers", "[validation]") {
  CHECK(parse_id("1").value() == 1);
  CHECK(parse_id("9000000000").value() == 9000000000LL);
  for (const char* bad : {"", "0", "-3", "+3", "3a", "abc", " 3", "99999999999999999999"}) {
    INFO(bad);
    auto id = parse_id(bad);
    REQUIRE_FALSE(id);
    CHECK(id.error().code == errc::bad_request);
    CHECK(id.error().message == "id is invalid");
  }
}

TEST_CASE("a complete report is accepted and normalized", "[validation]") {
  report r = valid_report();
  r.options.orientation = "";
  r.options.layout = "";
  r.state = "";
  r.schedule.time_zone = "";
  r.formats = {"csv", "pdf", "csv", "image", "pdf"};
  REQUIRE(validate_report(r));
  CHECK(r.options.orientation == "landscape");
  CHECK(r.options.layout == "grid");
  CHECK(r.state == "scheduled");
  CHECK(r.schedule.time_zone == "GMT");
  CHECK(r.formats == std::vector<std::string>{"csv", "pdf", "image"});

  r.formats.clear();
  REQUIRE(validate_report(r));
  CHECK(r.formats == std::vector<std::string>{"pdf"});
}

TEST_CASE("required fields, unless the report is a draft", "[validation]") {
  CHECK(complaint_after([](report& r) { r.name = " "; }) == "name is required");
  CHECK(complaint_after([](report& r) { r.recipients = " ; "; }) == "recipients is required");
  CHECK(complaint_after([](report& r) { r.dashboards.clear(); }) == "dashboards: at least one dashboard is required");
  CHECK(complaint_after([](report& r) { r.dashboards[0].dashboard.uid.clear(); }) ==
        "dashboards[0].dashboard.uid is required");

  report draft;
  draft.state = "draft";
  CHECK(complaint(draft) == "");
  draft.recipients = "not-an-address";
  CHECK(complaint(draft) == "invalid recipients address \"not-an-address\"");
}

TEST_CASE("recipients and replyTo must be valid addresses", "[validation]") {
  CHECK(complaint_after([](report& r) { r.recipients = "a@x.io;\nb@x.io, c@x.io"; }) == "");
  CHECK(complaint_after([](report& r) { r.recipients = "a@x.io, nobody"; }) == "invalid recipients address \"nobody\"");
  CHECK(complaint_after([](report& r) { r.reply_to = "boss@x.io"; }) == "");
  CHECK(complaint_after([](report& r) { r.reply_to = "boss"; }) == "invalid replyTo address \"boss\"");
}

TEST_CASE("name, subject and replyTo refuse line breaks", "[validation]") {
  CHECK(complaint_after([](report& r) { r.name = "a\r\nBcc: x@y.z"; }) == "name must not contain line breaks");
  CHECK(complaint_after([](report& r) { r.subject = "hi\nthere"; }) == "subject must not contain line breaks");
  CHECK(complaint_after([](report& r) { r.reply_to = "a@x.io\r\nb@x.io"; }) == "replyTo must not contain line breaks");
  CHECK(complaint_after([](report& r) { r.subject = "fine subject"; }) == "");
}

TEST_CASE("options: orientation, layout, formats, scale factor, state", "[validation]") {
  CHECK(complaint_after([](report& r) { r.options.orientation = "portrait"; }) == "");
  CHECK(complaint_after([](report& r) { r.options.orientation = "diagonal"; }) ==
        "invalid options.orientation \"diagonal\": must be portrait or landscape");
  CHECK(complaint_after([](report& r) { r.options.layout = "simple"; }) == "");
  CHECK(complaint_after([](report& r) { r.options.layout = "mosaic"; }) ==
        "invalid options.layout \"mosaic\": must be simple or grid");
  CHECK(complaint_after([](report& r) { r.formats = {"pdf", "docx"}; }) ==
        "invalid format \"docx\": must be pdf, csv, image, pdf-tables or pdf-tables-appendix");
  CHECK(complaint_after([](report& r) { r.formats = {"pdf", "pdf-tables", "pdf-tables-appendix"}; }) == "");
  CHECK(complaint_after([](report& r) { r.options.csv_encoding = "utf-8-bom"; }) == "");
  CHECK(complaint_after([](report& r) { r.options.csv_encoding = "latin1"; }) ==
        "invalid options.csvEncoding \"latin1\": must be utf-8, utf-16le or utf-8-bom");
  for (int ok : {0, 50, 75, 100, 125, 200}) {
    INFO(ok);
    CHECK(complaint_after([ok](report& r) { r.scale_factor = ok; }) == "");
  }
  for (int bad : {25, 60, 225, -50}) {
    INFO(bad);
    CHECK(complaint_after([bad](report& r) { r.scale_factor = bad; }).rfind("invalid scaleFactor", 0) == 0);
  }
  CHECK(complaint_after([](report& r) { r.state = "paused"; }) == "");
  // What GET shows may be written back (the store keeps the stored state).
  CHECK(complaint_after([](report& r) { r.state = "expired"; }) == "");
  CHECK(complaint_after([](report& r) { r.state = "not scheduled"; }) == "");
  CHECK(derived_state("expired"));
  CHECK(derived_state("not scheduled"));
  CHECK_FALSE(derived_state("paused"));
  CHECK(complaint_after([](report& r) { r.state = "running"; }).rfind("invalid state \"running\"", 0) == 0);
}

TEST_CASE("name, subject and the other texts refuse NUL", "[validation]") {
  using namespace std::string_literals;
  CHECK(complaint_after([](report& r) { r.name = "Weekly\0ops"s; }) == "name must not contain NUL characters");
  CHECK(complaint_after([](report& r) { r.subject = "a\0b"s; }) == "subject must not contain NUL characters");
  CHECK(complaint_after([](report& r) { r.message = "hi\0"s; }) == "message must not contain NUL characters");
}

TEST_CASE("intervalAmount is bounded", "[validation]") {
  auto custom = [](int n) {
    return complaint_after([n](report& r) {
      r.schedule.frequency = "custom";
      r.schedule.interval_frequency = "hours";
      r.schedule.interval_amount = n;
    });
  };
  CHECK(custom(1) == "");
  CHECK(custom(1000) == "");
  CHECK(custom(1001) == "invalid schedule.intervalAmount 1001: must be 1 to 1000");
  CHECK(custom(0) == "invalid schedule.intervalAmount 0: must be at least 1");
  CHECK(complaint_after([](report& r) { r.schedule.interval_amount = 2000000000; }) ==
        "invalid schedule.intervalAmount 2000000000: must be 1 to 1000");
}

TEST_CASE("a dashboard named by id alone is accepted for the store to resolve", "[validation]") {
  CHECK(complaint_after([](report& r) { r.dashboards[0].dashboard = {42, "", ""}; }) == "");
  CHECK(complaint_after([](report& r) { r.dashboards[0].dashboard = {0, "", ""}; }) ==
        "dashboards[0].dashboard.uid is required");
}

TEST_CASE("schedule rules", "[validation]") {
  CHECK(complaint_after([](report& r) { r.schedule.frequency = "fortnightly"; }).rfind("invalid schedule.frequency", 0) == 0);
  CHECK(complaint_after([](report& r) {
          r.schedule.frequency = "custom";
          r.schedule.interval_frequency = "weeks";
          r.schedule.interval_amount = 2;
        }) == "");
  CHECK(complaint_after([](report& r) {
          r.schedule.frequency = "custom";
          r.schedule.interval_frequency = "fortnights";
          r.schedule.interval_amount = 2;
        }) == "invalid schedule.intervalFrequency \"fortnights\": must be hours, days, weeks or months");
  CHECK(complaint_after([](report& r) {
          r.schedule.frequency = "custom";
          r.schedule.interval_frequency = "days";
        }) == "invalid schedule.intervalAmount 0: must be at least 1");
  for (const char* ok : {"", "last", "1", "31"}) {
    INFO(ok);
    CHECK(complaint_after([ok](report& r) { r.schedule.day_of_month = ok; }) == "");
  }
  for (const char* bad : {"0", "32", "first", "3x"}) {
    INFO(bad);
    CHECK(complaint_after([bad](report& r) { r.schedule.day_of_month = bad; }).rfind("invalid schedule.dayOfMonth", 0) == 0);
  }
  CHECK(complaint_after([](report& r) { r.schedule.time_zone = "Europe/Warsaw"; }) == "");
  CHECK(complaint_after([](report& r) { r.schedule.time_zone = "Moon/Base"; }) ==
        "invalid schedule.timeZone \"Moon/Base\": not a known time zone");
  CHECK(complaint_after([](report& r) {
          r.schedule.start_date = 2000;
          r.schedule.end_date = 1000;
        }) == "schedule.endDate must not be before schedule.startDate");
  CHECK(complaint_after([](report& r) {
          r.schedule.start_date = 1000;
          r.schedule.end_date = 2000;
        }) == "");
}

TEST_CASE("workdaysOnly is kept only where it applies", "[validation]") {
  for (const char* keeps : {"hourly", "daily", "custom"}) {
    report r = valid_report();
    r.schedule.frequency = keeps;
    r.schedule.interval_frequency = "days";
    r.schedule.interval_amount = 1;
    r.schedule.workdays_only = true;
    REQUIRE(validate_report(r));
    CHECK(r.schedule.workdays_only);
  }
  for (const char* clears : {"once", "weekly", "monthly", "last", "never"}) {
    report r = valid_report();
    r.schedule.frequency = clears;
    r.schedule.workdays_only = true;
    REQUIRE(validate_report(r));
    INFO(clears);
    CHECK_FALSE(r.schedule.workdays_only);
  }
}

TEST_CASE("time ranges: both or neither, each a valid expression", "[validation]") {
  CHECK(complaint_after([](report& r) { r.options.range = {"now-7d/d", "now/d"}; }) == "");
  CHECK(complaint_after([](report& r) { r.dashboards[0].range = {"2020-01-01T00:00:00Z", "1577862000000"}; }) == "");
  CHECK(complaint_after([](report& r) { r.options.range = {"now-6h", ""}; }) ==
        "options.timeRange needs both from and to, or neither");
  CHECK(complaint_after([](report& r) { r.dashboards[0].range = {"", "now"}; }) ==
        "dashboards[0].timeRange needs both from and to, or neither");
  CHECK(complaint_after([](report& r) { r.dashboards[0].range = {"yesterday", "now"}; })
            .rfind("invalid dashboards[0].timeRange.from \"yesterday\"", 0) == 0);
}

TEST_CASE("time ranges: from before to, and no overflow", "[validation]") {
  CHECK(complaint_after([](report& r) { r.options.range = {"now", "now-1h"}; }) ==
        "invalid options.timeRange.from \"now\": must be before options.timeRange.to \"now-1h\"");
  CHECK(complaint_after([](report& r) { r.options.range = {"now-1h", "now-1h"}; }).rfind(
            "invalid options.timeRange.from \"now-1h\": must be before", 0) == 0);
  CHECK(complaint_after([](report& r) { r.dashboards[0].range = {"2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"}; })
            .rfind("invalid dashboards[0].timeRange.from", 0) == 0);
  // now/d to now/d is today, whole: to rounds up.
  CHECK(complaint_after([](report& r) { r.options.range = {"now/d", "now/d"}; }) == "");
  for (const char* overflow : {"now-999999999y", "now-999999999M", "now-999999999w", "now+999999999d"}) {
    INFO(overflow);
    CHECK(complaint_after([overflow](report& r) { r.options.range = {overflow, "now"}; })
              .rfind("invalid options.timeRange.from \"" + std::string(overflow) + "\": must be a time expression", 0) == 0);
  }
  CHECK(complaint_after([](report& r) { r.options.range = {"now-6h", "now+999999999y"}; })
            .rfind("invalid options.timeRange.to", 0) == 0);
  // An unknown zone is named as such, not blamed on a valid range.
  CHECK(complaint_after([](report& r) {
          r.schedule.time_zone = "Mars/Olympus_Mons";
          r.options.range = {"now-7d", "now"};
        }) == "invalid schedule.timeZone \"Mars/Olympus_Mons\": not a known time zone");
}
