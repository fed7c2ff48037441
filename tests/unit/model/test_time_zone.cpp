// Zones past the end of the tz files' transition tables (2037) and instants past what
// nanoseconds can hold (1677..2262).
#include "catch_prelude.hpp"

#include <optional>
#include <string>

#include "model/schedule.hpp"
#include "model/time_expr.hpp"
#include "model/time_zone.hpp"

using namespace reportd::model;

namespace {
std::int64_t at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return *t;
}
}  // namespace

TEST_CASE("DST is applied after 2037 by the zone's POSIX rule", "[time_zone]") {
  CHECK(format_rfc3339(at("2040-07-01T12:00:00Z"), "Europe/Berlin") == "2040-07-01T14:00:00+02:00");
  CHECK(format_rfc3339(at("2040-01-15T12:00:00Z"), "Europe/Berlin") == "2040-01-15T13:00:00+01:00");
  CHECK(format_rfc3339(at("2100-07-01T12:00:00Z"), "America/New_York") == "2100-07-01T08:00:00-04:00");
  CHECK(format_rfc3339(at("2100-12-01T12:00:00Z"), "America/New_York") == "2100-12-01T07:00:00-05:00");
  // Southern hemisphere: summer in January.
  CHECK(format_rfc3339(at("2050-01-10T00:00:00Z"), "Australia/Sydney") == "2050-01-10T11:00:00+11:00");
  // Zones without DST are unchanged.
  CHECK(format_rfc3339(at("2050-07-01T00:00:00Z"), "Asia/Kolkata") == "2050-07-01T05:30:00+05:30");
  CHECK(format_rfc3339(at("2050-07-01T00:00:00Z"), "UTC") == "2050-07-01T00:00:00+00:00");
}

TEST_CASE("the zone rules agree with the transition table before 2037", "[time_zone]") {
  const auto* rules = find_rules("Europe/Berlin");
  const auto* table = find_zone("Europe/Berlin");
  REQUIRE(rules != nullptr);
  for (std::int64_t t = at("2020-01-01T00:00:00Z"); t < at("2037-12-31T00:00:00Z"); t += 86400 * 7) {
    const date::sys_seconds s{std::chrono::seconds{t}};
    REQUIRE(rules->get_info(s).offset == table->get_info(s).offset);
  }
  CHECK(find_rules("Mars/Olympus_Mons") == nullptr);
  CHECK(rules_or_utc("Mars/Olympus_Mons") == find_rules("UTC"));
}

TEST_CASE("a daily schedule in 2040 runs at its wall-clock time in summer and winter", "[time_zone]") {
  schedule s;
  s.frequency = "daily";
  s.time_zone = "Europe/Berlin";
  s.start_date = at("2040-03-24T09:00:00+01:00");
  auto runs = next_runs(s, "scheduled", *s.start_date, 3);
  REQUIRE(runs.size() == 3);
  // Berlin springs forward on 2040-03-25: 09:00 is 08:00 UTC before, 07:00 UTC after.
  CHECK(runs[0] == at("2040-03-24T08:00:00Z"));
  CHECK(runs[1] == at("2040-03-25T07:00:00Z"));
  CHECK(runs[2] == at("2040-03-26T07:00:00Z"));
  // 02:30 on the spring-forward day does not exist: it runs just after the gap, 03:00 CEST.
  s.start_date = at("2040-03-24T02:30:00+01:00");
  runs = next_runs(s, "scheduled", *s.start_date, 2);
  REQUIRE(runs.size() == 2);
  CHECK(format_rfc3339(runs[1], "Europe/Berlin") == "2040-03-25T03:00:00+02:00");
}

TEST_CASE("time expressions round in the zone's rules after 2037", "[time_zone]") {
  auto now = at("2040-07-15T12:00:00Z") * 1000;
  auto start_of_day = evaluate_time_expression("now/d", now, "Europe/Berlin", false);
  REQUIRE(start_of_day);
  CHECK(*start_of_day == at("2040-07-14T22:00:00Z") * 1000);
}

TEST_CASE("instants outside 1677..2262 do not wrap", "[time_zone]") {
  CHECK(format_rfc3339(at("2300-01-01T10:00:00Z"), "UTC") == "2300-01-01T10:00:00+00:00");
  CHECK(format_rfc3339(at("1600-06-01T00:00:00Z"), "UTC") == "1600-06-01T00:00:00+00:00");
  CHECK(format_rfc3339(at("9999-12-31T23:59:59Z"), "UTC") == "9999-12-31T23:59:59+00:00");
  CHECK(parse_rfc3339("2300-01-01T10:00:00.123456789Z") == at("2300-01-01T10:00:00Z"));
  CHECK(evaluate_time_expression("2300-01-01T10:00:00.250Z", 0, "UTC", false) ==
        std::optional<std::int64_t>(at("2300-01-01T10:00:00Z") * 1000 + 250));
  CHECK_FALSE(parse_rfc3339("0000-12-31T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2300-01-01T10:00:00.Z"));
  // A once report in 2300 is due in 2300.
  schedule s;
  s.frequency = "once";
  s.start_date = at("2300-01-01T10:00:00Z");
  CHECK(next_run(s, "scheduled", std::nullopt, at("2026-01-01T00:00:00Z")) == s.start_date);
}
