#include "catch_prelude.hpp"

#include "model/duration.hpp"
#include "model/time_expr.hpp"

#include <optional>
#include <string>

using namespace reportd::model;

namespace {
// Epoch ms of an RFC 3339 instant, for readable expectations.
std::int64_t ms(const char* rfc3339) {
  auto s = parse_rfc3339(rfc3339);
  REQUIRE(s.has_value());
  return *s * 1000;
}

std::string eval(const char* expr, const char* now, const char* zone, bool round_up = false) {
  auto v = evaluate_time_expression(expr, ms(now), zone, round_up);
  if (!v)
    return "invalid";
  std::string text = format_rfc3339(*v / 1000, zone);
  if (*v % 1000 != 0)
    text += "+" + std::to_string(*v % 1000) + "ms";
  return text;
}
}  // namespace

TEST_CASE("time zones: IANA names and the aliases for UTC", "[time]") {
  CHECK(valid_time_zone("Europe/Warsaw"));
  CHECK(valid_time_zone("America/New_York"));
  CHECK(valid_time_zone("GMT"));
  CHECK(valid_time_zone("UTC"));
  CHECK(valid_time_zone("browser"));
  CHECK(valid_time_zone(""));
  CHECK_FALSE(valid_time_zone("Mars/Olympus_Mons"));
  CHECK_FALSE(valid_time_zone("europe/warsaw x"));
}

TEST_CASE("RFC 3339 parsing accepts offsets, Z and milliseconds", "[time]") {
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == std::optional<std::int64_t>(0));
  CHECK(parse_rfc3339("2020-01-01T07:00:00.000Z") == std::optional<std::int64_t>(1577862000));
  CHECK(parse_rfc3339("2020-01-01T07:00:00.999Z") == std::optional<std::int64_t>(1577862000));
  CHECK(parse_rfc3339("2022-10-02T00:00:00+02:00") == std::optional<std::int64_t>(1664661600));
  CHECK(parse_rfc3339("2022-10-01T22:00:00+00:00") == std::optional<std::int64_t>(1664661600));
  CHECK_FALSE(parse_rfc3339("2022-10-02T00:00:00"));
  CHECK_FALSE(parse_rfc3339("2022-10-02"));
  CHECK_FALSE(parse_rfc3339("2022-13-02T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2022-10-02T00:00:00+0200"));
  CHECK_FALSE(parse_rfc3339("2022-10-02T00:00:00Zjunk"));
  CHECK_FALSE(parse_rfc3339(""));
}

TEST_CASE("RFC 3339 formatting uses the zone's offset and never Z", "[time]") {
  CHECK(format_rfc3339(1664661600, "Europe/Warsaw") == "2022-10-02T00:00:00+02:00");
  CHECK(format_rfc3339(1664661600, "GMT") == "2022-10-01T22:00:00+00:00");
  CHECK(format_rfc3339(1664661600, "") == "2022-10-01T22:00:00+00:00");
  CHECK(format_rfc3339(1577862000, "Europe/Warsaw") == "2020-01-01T08:00:00+01:00");
  CHECK(format_rfc3339(1577862000, "America/New_York") == "2020-01-01T02:00:00-05:00");
  CHECK(format_rfc3339(1577862000, "Asia/Kolkata") == "2020-01-01T12:30:00+05:30");
  CHECK(format_rfc3339(1577862000, "No/Such_Zone") == "2020-01-01T07:00:00+00:00");
  CHECK(format_rfc3339(-1, "UTC") == "1969-12-31T23:59:59+00:00");  // before the epoch
  CHECK(format_rfc3339(951825599, "UTC") == "2000-02-29T11:59:59+00:00");  // a leap day
  CHECK(format_rfc3339(1577862000, "America/St_Johns") == "2020-01-01T03:30:00-03:30");
  CHECK(format_rfc3339(253402300799, "UTC") == "9999-12-31T23:59:59+00:00");
}

TEST_CASE("relative expressions move from now", "[time]") {
  const char* now = "2026-03-15T12:34:56Z";
  CHECK(eval("now", now, "UTC") == "2026-03-15T12:34:56+00:00");
  CHECK(eval("now-6h", now, "UTC") == "2026-03-15T06:34:56+00:00");
  CHECK(eval("now+1d", now, "UTC") == "2026-03-16T12:34:56+00:00");
  CHECK(eval("now-30m", now, "UTC") == "2026-03-15T12:04:56+00:00");
  CHECK(eval("now-10s", now, "UTC") == "2026-03-15T12:34:46+00:00");
  CHECK(eval("now-2w", now, "UTC") == "2026-03-01T12:34:56+00:00");
  CHECK(eval("now-1y", now, "UTC") == "2025-03-15T12:34:56+00:00");
  CHECK(eval("now-1M", "2026-03-31T10:00:00Z", "UTC") == "2026-02-28T10:00:00+00:00");
}

TEST_CASE("rounding goes to the start of the unit for from, to its end for to", "[time]") {
  const char* now = "2026-03-18T12:34:56Z";  // a Wednesday
  CHECK(eval("now-7d/d", now, "UTC") == "2026-03-11T00:00:00+00:00");
  CHECK(eval("now/d", now, "UTC", true) == "2026-03-18T23:59:59+00:00+999ms");
  CHECK(eval("now/M", now, "UTC") == "2026-03-01T00:00:00+00:00");
  CHECK(eval("now-1M/M", now, "UTC") == "2026-02-01T00:00:00+00:00");
  CHECK(eval("now-1M/M", now, "UTC", true) == "2026-02-28T23:59:59+00:00+999ms");
  CHECK(eval("now/w", now, "UTC") == "2026-03-16T00:00:00+00:00");
  CHECK(eval("now/y", now, "UTC") == "2026-01-01T00:00:00+00:00");
  CHECK(eval("now/h", now, "UTC") == "2026-03-18T12:00:00+00:00");
  CHECK(eval("now/m", now, "UTC") == "2026-03-18T12:34:00+00:00");
}

TEST_CASE("rounding happens in the report's zone, across DST", "[time]") {
  // Warsaw springs forward on 2026-03-29 at 02:00 CET -> 03:00 CEST: a 23-hour day.
  const char* now = "2026-03-29T10:00:00Z";  // 12:00 CEST
  CHECK(eval("now/d", now, "Europe/Warsaw") == "2026-03-29T00:00:00+01:00");
  CHECK(eval("now/d", now, "Europe/Warsaw", true) == "2026-03-29T23:59:59+02:00+999ms");
  auto from = evaluate_time_expression("now/d", ms(now), "Europe/Warsaw", false);
  auto to = evaluate_time_expression("now/d", ms(now), "Europe/Warsaw", true);
  REQUIRE(from);
  REQUIRE(to);
  CHECK(*to - *from + 1 == 23LL * 3600 * 1000);
  // The same instant is still the 28th in New York.
  CHECK(eval("now/d", "2026-03-29T02:00:00Z", "America/New_York") == "2026-03-28T00:00:00-04:00");
  // Calendar units keep the wall clock: yesterday noon was CET.
  CHECK(eval("now-1d", now, "Europe/Warsaw") == "2026-03-28T12:00:00+01:00");
  // Fixed units do not: 24 hours before 12:00 CEST is 11:00 CET.
  CHECK(eval("now-24h", now, "Europe/Warsaw") == "2026-03-28T11:00:00+01:00");
  // India's half-hour offset: the hour starts at local :00.
  CHECK(eval("now/h", "2026-03-18T12:10:00Z", "Asia/Kolkata") == "2026-03-18T17:00:00+05:30");
}

TEST_CASE("absolute expressions: RFC 3339 and epoch milliseconds", "[time]") {
  CHECK(evaluate_time_expression("1577862000000", 0, "UTC", false) == std::optional<std::int64_t>(1577862000000));
  CHECK(evaluate_time_expression("2020-01-01T07:00:00.250Z", 0, "UTC", false) ==
        std::optional<std::int64_t>(1577862000250));
  // Without an offset the time is read in the report's zone.
  CHECK(evaluate_time_expression("2020-01-01T08:00:00", 0, "Europe/Warsaw", false) ==
        std::optional<std::int64_t>(1577862000000));
}

TEST_CASE("invalid expressions are refused", "[time]") {
  for (const char* bad : {"", "now-", "now-6", "now-6x", "now/", "now/q", "yesterday", "now -6h", "now-6h/", "12ab",
                          "-5", "2020-01-01"}) {
    INFO(bad);
    CHECK_FALSE(valid_time_expression(bad));
  }
  for (const char* good : {"now", "now-6h", "now+1d", "now-7d/d", "now/M", "now-1M/M", "now/w", "now-1y/y",
                           "1577862000000", "2020-01-01T07:00:00.000Z"}) {
    INFO(good);
    CHECK(valid_time_expression(good));
  }
  CHECK_FALSE(evaluate_time_expression("now", 0, "No/Such_Zone", false));
}

TEST_CASE("durations are read as Grafana writes them", "[duration]") {
  using reportd::model::parse_duration_ms;
  CHECK(parse_duration_ms("15s") == 15000);
  CHECK(parse_duration_ms("30") == 30000);  // a bare number is seconds
  CHECK(parse_duration_ms("500ms") == 500);
  CHECK(parse_duration_ms("1m30s") == 90000);
  CHECK(parse_duration_ms("1d") == 86400000);
  CHECK(parse_duration_ms("1w") == 604800000);
  CHECK(parse_duration_ms("1y") == 31536000000);
  CHECK(parse_duration_ms(" 2h ") == 7200000);
  CHECK_FALSE(parse_duration_ms(""));
  CHECK_FALSE(parse_duration_ms("soon"));
  CHECK_FALSE(parse_duration_ms("1m30"));
  CHECK_FALSE(parse_duration_ms("-5s"));
  CHECK_FALSE(parse_duration_ms("99999999999999999999s"));
}
