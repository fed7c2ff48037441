// The next-run rule, table-driven: every frequency, DST in both directions in several zones,
// month ends, leap years, start and end dates, workdays in the report's zone.
#include "catch_prelude.hpp"

#include <string>
#include <vector>

#include "model/schedule.hpp"
#include "model/time_expr.hpp"

using namespace reportd::model;

namespace {

std::int64_t at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return *t;
}

schedule make(const char* frequency, const char* start, const char* zone) {
  schedule s;
  s.frequency = frequency;
  s.start_date = at(start);
  s.time_zone = zone;
  return s;
}

/// The next `n` runs from `from`, as RFC 3339 in the schedule's zone.
std::vector<std::string> runs(const schedule& s, const char* from, int n = 4,
                              const char* state = "scheduled") {
  std::vector<std::string> out;
  for (auto t : next_runs(s, state, at(from), n)) {
    auto text = format_rfc3339(t, s.time_zone);
    if (text.size() > 6 && text.compare(text.size() - 6, 6, "+00:00") == 0)
      text.replace(text.size() - 6, 6, "Z");  // written as Z in the tables
    out.push_back(std::move(text));
  }
  return out;
}

using list = std::vector<std::string>;

}  // namespace

TEST_CASE("daily keeps its wall-clock time across both DST changes") {
  struct row {
    const char* zone;
    const char* start;
    list expected;
  };
  auto r = GENERATE(values<row>({
    // Warsaw springs forward 02:00 -> 03:00 on 2024-03-31: 02:30 runs just after the gap.
    {"Europe/Warsaw", "2024-03-30T02:30:00+01:00",
     {"2024-03-30T02:30:00+01:00", "2024-03-31T03:00:00+02:00", "2024-04-01T02:30:00+02:00"}},
    // ...and falls back 03:00 -> 02:00 on 2024-10-27: 02:30 happens twice, runs once.
    {"Europe/Warsaw", "2024-10-26T02:30:00+02:00",
     {"2024-10-26T02:30:00+02:00", "2024-10-27T02:30:00+02:00", "2024-10-28T02:30:00+01:00"}},
    {"America/New_York", "2024-03-09T02:30:00-05:00",
     {"2024-03-09T02:30:00-05:00", "2024-03-10T03:00:00-04:00", "2024-03-11T02:30:00-04:00"}},
    {"America/New_York", "2024-11-02T01:30:00-04:00",
     {"2024-11-02T01:30:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00"}},
    // Lord Howe moves by 30 minutes: 02:00 -> 02:30 on 2024-10-06, 02:00 -> 01:30 on 2024-04-07.
    {"Australia/Lord_Howe", "2024-10-05T02:15:00+10:30",
     {"2024-10-05T02:15:00+10:30", "2024-10-06T02:30:00+11:00", "2024-10-07T02:15:00+11:00"}},
    {"Australia/Lord_Howe", "2024-04-06T01:45:00+11:00",
     {"2024-04-06T01:45:00+11:00", "2024-04-07T01:45:00+11:00", "2024-04-08T01:45:00+10:30"}},
    // No DST at all.
    {"Asia/Kolkata", "2024-03-30T02:30:00+05:30",
     {"2024-03-30T02:30:00+05:30", "2024-03-31T02:30:00+05:30", "2024-04-01T02:30:00+05:30"}},
  }));
  CAPTURE(r.zone, r.start);
  CHECK(runs(make("daily", r.start, r.zone), r.start, 3) == r.expected);
}

TEST_CASE("each frequency steps as the spec says") {
  struct row {
    const char* name;
    schedule s;
    const char* from;
    list expected;
  };
  auto custom = [](const char* start, const char* unit, int n) {
    auto s = make("custom", start, "UTC");
    s.interval_frequency = unit;
    s.interval_amount = n;
    return s;
  };
  auto monthly_on = [](const char* start, const char* day) {
    auto s = make("monthly", start, "UTC");
    s.day_of_month = day;
    return s;
  };
  auto r = GENERATE_COPY(values<row>({
    {"hourly at the start's minute", make("hourly", "2024-01-01T10:17:00Z", "UTC"), "2024-01-01T12:00:00Z",
     {"2024-01-01T12:17:00Z", "2024-01-01T13:17:00Z", "2024-01-01T14:17:00Z"}},
    {"hourly in a 30-minute zone keeps the local minute",
     make("hourly", "2024-01-01T10:05:00+05:30", "Asia/Kolkata"), "2024-01-01T10:05:00+05:30",
     {"2024-01-01T10:05:00+05:30", "2024-01-01T11:05:00+05:30", "2024-01-01T12:05:00+05:30"}},
    {"weekly keeps the weekday", make("weekly", "2024-01-01T09:00:00+05:30", "Asia/Kolkata"),
     "2024-01-02T00:00:00Z",
     {"2024-01-08T09:00:00+05:30", "2024-01-15T09:00:00+05:30", "2024-01-22T09:00:00+05:30"}},
    {"weekly across DST keeps the local time", make("weekly", "2024-03-24T09:00:00+01:00", "Europe/Warsaw"),
     "2024-03-24T09:00:00+01:00",
     {"2024-03-24T09:00:00+01:00", "2024-03-31T09:00:00+02:00", "2024-04-07T09:00:00+02:00"}},
    {"monthly on the 31st skips short months", make("monthly", "2024-01-31T10:00:00Z", "UTC"),
     "2024-01-01T00:00:00Z",
     {"2024-01-31T10:00:00Z", "2024-03-31T10:00:00Z", "2024-05-31T10:00:00Z", "2024-07-31T10:00:00Z"}},
    {"monthly on the 29th: February only in a leap year", make("monthly", "2023-01-29T10:00:00Z", "UTC"),
     "2023-01-01T00:00:00Z",
     {"2023-01-29T10:00:00Z", "2023-03-29T10:00:00Z", "2023-04-29T10:00:00Z", "2023-05-29T10:00:00Z"}},
    {"monthly on the 29th in 2024 includes February 29", make("monthly", "2024-01-29T10:00:00Z", "UTC"),
     "2024-01-01T00:00:00Z",
     {"2024-01-29T10:00:00Z", "2024-02-29T10:00:00Z", "2024-03-29T10:00:00Z", "2024-04-29T10:00:00Z"}},
    {"monthly with dayOfMonth last", monthly_on("2024-01-15T10:00:00Z", "last"), "2024-01-01T00:00:00Z",
     {"2024-01-31T10:00:00Z", "2024-02-29T10:00:00Z", "2024-03-31T10:00:00Z", "2024-04-30T10:00:00Z"}},
    {"monthly with a numeric dayOfMonth before the start's day", monthly_on("2024-01-15T10:00:00Z", "5"),
     "2024-01-01T00:00:00Z",
     {"2024-02-05T10:00:00Z", "2024-03-05T10:00:00Z", "2024-04-05T10:00:00Z", "2024-05-05T10:00:00Z"}},
    {"last in a common year", make("last", "2023-02-01T18:00:00Z", "UTC"), "2023-02-01T00:00:00Z",
     {"2023-02-28T18:00:00Z", "2023-03-31T18:00:00Z", "2023-04-30T18:00:00Z", "2023-05-31T18:00:00Z"}},
    {"custom every 2 days over a leap day", custom("2024-02-27T06:00:00Z", "days", 2), "2024-02-27T00:00:00Z",
     {"2024-02-27T06:00:00Z", "2024-02-29T06:00:00Z", "2024-03-02T06:00:00Z", "2024-03-04T06:00:00Z"}},
    {"custom every 3 hours", custom("2024-01-01T01:00:00Z", "hours", 3), "2024-01-01T05:00:00Z",
     {"2024-01-01T07:00:00Z", "2024-01-01T10:00:00Z", "2024-01-01T13:00:00Z", "2024-01-01T16:00:00Z"}},
    {"custom every 2 weeks", custom("2024-01-01T08:00:00Z", "weeks", 2), "2024-01-02T00:00:00Z",
     {"2024-01-15T08:00:00Z", "2024-01-29T08:00:00Z", "2024-02-12T08:00:00Z", "2024-02-26T08:00:00Z"}},
    {"custom every 12 months from February 29", custom("2024-02-29T08:00:00Z", "months", 12),
     "2024-01-01T00:00:00Z",
     {"2024-02-29T08:00:00Z", "2028-02-29T08:00:00Z", "2032-02-29T08:00:00Z", "2036-02-29T08:00:00Z"}},
    {"a start in the future is the first run", make("daily", "2030-06-01T08:00:00Z", "UTC"),
     "2024-01-01T00:00:00Z",
     {"2030-06-01T08:00:00Z", "2030-06-02T08:00:00Z", "2030-06-03T08:00:00Z", "2030-06-04T08:00:00Z"}},
  }));
  CAPTURE(r.name);
  CHECK(runs(r.s, r.from, static_cast<int>(r.expected.size())) == r.expected);
}

TEST_CASE("workdaysOnly skips Saturday and Sunday in the report's zone") {
  SECTION("daily") {
    auto s = make("daily", "2024-03-01T08:00:00Z", "UTC");  // a Friday
    s.workdays_only = true;
    CHECK(runs(s, "2024-03-01T00:00:00Z", 3) ==
          list{"2024-03-01T08:00:00Z", "2024-03-04T08:00:00Z", "2024-03-05T08:00:00Z"});
  }
  SECTION("Monday 07:00 in Auckland is Sunday in UTC and still runs") {
    auto s = make("daily", "2024-03-01T07:00:00+13:00", "Pacific/Auckland");
    s.workdays_only = true;
    CHECK(runs(s, "2024-03-01T00:00:00+13:00", 3) ==
          list{"2024-03-01T07:00:00+13:00", "2024-03-04T07:00:00+13:00", "2024-03-05T07:00:00+13:00"});
  }
  SECTION("hourly over a weekend") {
    auto s = make("hourly", "2024-03-01T22:00:00Z", "UTC");
    s.workdays_only = true;
    CHECK(runs(s, "2024-03-01T22:00:00Z", 3) ==
          list{"2024-03-01T22:00:00Z", "2024-03-01T23:00:00Z", "2024-03-04T00:00:00Z"});
  }
  SECTION("ignored for weekly") {
    auto s = make("weekly", "2024-03-02T08:00:00Z", "UTC");  // a Saturday
    s.workdays_only = true;
    CHECK(runs(s, "2024-03-01T00:00:00Z", 2) == list{"2024-03-02T08:00:00Z", "2024-03-09T08:00:00Z"});
  }
}

TEST_CASE("endDate ends the schedule") {
  auto s = make("daily", "2024-01-01T09:00:00Z", "UTC");
  s.end_date = at("2024-01-03T00:00:00Z");
  CHECK(runs(s, "2024-01-01T00:00:00Z") == list{"2024-01-01T09:00:00Z", "2024-01-02T09:00:00Z"});
  CHECK_FALSE(next_run(s, "scheduled", at("2024-01-02T09:00:00Z"), at("2024-01-02T10:00:00Z")));
}

TEST_CASE("only scheduled reports run, and never never does") {
  auto s = make("daily", "2024-01-01T09:00:00Z", "UTC");
  CHECK(runs(s, "2024-01-01T00:00:00Z", 1, "paused").empty());
  CHECK(runs(s, "2024-01-01T00:00:00Z", 1, "draft").empty());
  s.frequency = "never";
  CHECK(runs(s, "2024-01-01T00:00:00Z").empty());
}

TEST_CASE("once runs at its start date, once") {
  auto s = make("once", "2024-05-01T12:00:00+02:00", "Europe/Warsaw");
  CHECK(runs(s, "2024-04-01T00:00:00Z") == list{"2024-05-01T12:00:00+02:00"});
  // Overdue and not yet run: still due (the scheduler decides about the grace window).
  CHECK(next_run(s, "scheduled", std::nullopt, at("2024-05-02T00:00:00Z")) == at("2024-05-01T12:00:00+02:00"));
  CHECK_FALSE(next_run(s, "scheduled", at("2024-05-01T12:00:00+02:00"), at("2024-05-02T00:00:00Z")));
  SECTION("a new start date after a run makes it due again") {
    s.start_date = at("2024-06-01T12:00:00+02:00");
    CHECK(next_run(s, "scheduled", at("2024-05-01T12:00:00+02:00"), at("2024-05-02T00:00:00Z")) ==
          at("2024-06-01T12:00:00+02:00"));
  }
  SECTION("without a start date it runs right away") {
    s.start_date.reset();
    CHECK(next_run(s, "scheduled", std::nullopt, 1000) == 1000);
  }
}

TEST_CASE("the next run comes after the last one, catching up on one missed while down") {
  auto s = make("daily", "2024-01-01T09:00:00Z", "UTC");
  CHECK(next_run(s, "scheduled", at("2024-01-01T09:00:00Z"), at("2024-01-01T09:00:00Z")) ==
        at("2024-01-02T09:00:00Z"));
  // Down from Jan 2 to Jan 5 10:00: the latest missed tick is the one to send, not four.
  CHECK(latest_due(s, at("2024-01-02T09:00:00Z"), at("2024-01-05T10:00:00Z")) == at("2024-01-05T09:00:00Z"));
  CHECK(latest_due(s, at("2024-01-02T09:00:00Z"), at("2024-01-02T09:30:00Z")) == at("2024-01-02T09:00:00Z"));
}

TEST_CASE("an unknown zone is UTC rather than no schedule") {
  auto s = make("daily", "2024-01-01T09:00:00Z", "Mars/Olympus");
  CHECK(next_runs(s, "scheduled", at("2024-01-01T00:00:00Z"), 1) == std::vector<std::int64_t>{at("2024-01-01T09:00:00Z")});
}
