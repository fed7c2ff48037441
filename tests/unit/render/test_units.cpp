#include "catch_prelude.hpp"

#include <cmath>

#include "render/json_access.hpp"
#include "render/units.hpp"

#include <boost/json/parse.hpp>

using namespace reportd::render;

TEST_CASE("values are formatted by Grafana unit id", "[units]") {
  struct row { double v; const char* unit; std::optional<int> dec; const char* want; };
  const row table[] = {
      {12.3456, "none", std::nullopt, "12.3"},
      {1, "none", std::nullopt, "1"},
      {0.012345, "", std::nullopt, "0.0123"},
      {1500, "short", std::nullopt, "1.5 K"},
      {2300000, "short", std::nullopt, "2.3 M"},
      {4.2e9, "short", std::nullopt, "4.2 B"},
      {7e12, "short", std::nullopt, "7 T"},
      {42, "short", std::nullopt, "42"},
      {45.678, "percent", 1, "45.7%"},
      {0.25, "percentunit", std::nullopt, "25%"},
      {1024, "bytes", std::nullopt, "1 KiB"},
      {1536 * 1024, "bytes", std::nullopt, "1.5 MiB"},
      {2000, "decbytes", std::nullopt, "2 kB"},
      {2048, "kbytes", std::nullopt, "2 MiB"},
      {1024, "bits", std::nullopt, "1 Kib"},
      {1500, "ms", std::nullopt, "1.5 s"},
      {90, "s", std::nullopt, "1.5 min"},
      {0.5, "s", std::nullopt, "500 ms"},
      {7200, "s", std::nullopt, "2 hour"},
      {2, "d", std::nullopt, "2 day"},
      {250, "µs", std::nullopt, "250 µs"},
      {120, "reqps", std::nullopt, "120 req/s"},
      {1200, "currencyUSD", std::nullopt, "$1.2K"},
      {21.5, "celsius", 1, "21.5°C"},
      {3, "none", 2, "3.00"},
      {3, "widgets", std::nullopt, "3 widgets"},
  };
  for (const auto& r : table) {
    INFO(r.v << " " << r.unit);
    CHECK(format_value(r.v, r.unit, r.dec) == r.want);
  }
  CHECK(format_value(std::nan(""), "short") == "-");
}

TEST_CASE("axis ticks use 1-2-5 steps covering the range", "[units]") {
  auto t = nice_ticks(0, 100, 5);
  REQUIRE(t.size() == 6);
  CHECK(t.front() == 0);
  CHECK(t.back() == 100);
  CHECK(nice_step(0, 7, 4) == 2);
  CHECK(nice_step(0, 0.9, 4) == Approx(0.2));
  CHECK(nice_step(-50, 50, 5) == 20);
  auto neg = nice_ticks(-3.3, 3.3, 4);
  for (double v : neg) CHECK(std::fabs(std::fmod(v, 2.0)) < 1e-9);
}

TEST_CASE("time ticks are labelled in the report's zone by range length", "[units]") {
  // 2026-11-20 00:00 Europe/Warsaw (UTC+1) is 2026-11-19 23:00 UTC.
  const std::int64_t warsaw_midnight = 1795129200000;  // 2026-11-20T00:00:00+01:00
  auto hours = time_ticks(warsaw_midnight, warsaw_midnight + 6 * 3600000, "Europe/Warsaw", 6);
  REQUIRE(!hours.empty());
  CHECK(hours.front().label == "00:00");
  CHECK(hours[1].label == "01:00");
  auto two_days = time_ticks(warsaw_midnight, warsaw_midnight + 2 * 86400000, "Europe/Warsaw", 4);
  REQUIRE(!two_days.empty());
  CHECK(two_days.front().label == "11/20 00:00");
  auto week = time_ticks(warsaw_midnight, warsaw_midnight + 7 * 86400000, "Europe/Warsaw", 7);
  REQUIRE(!week.empty());
  CHECK(week.front().label == "11/20");
  CHECK(format_time(warsaw_midnight, "Europe/Warsaw", "%Y-%m-%d %H:%M") == "2026-11-20 00:00");
  CHECK(format_time(warsaw_midnight, "No/Such_Zone", "%H:%M") == "23:00");
}

TEST_CASE("json accessors read dotted paths with defaults", "[json]") {
  auto v = boost::json::parse(R"({"legend":{"displayMode":"table","calcs":["mean"]},"max":"80","n":3})");
  const auto& o = v.as_object();
  CHECK(json::get_string(o, "legend.displayMode") == "table");
  CHECK(json::get_string(o, "legend.placement", "bottom") == "bottom");
  CHECK(json::get_number(o, "max", 0) == 80);
  CHECK(json::get_number(o, "n", 0) == 3);
  CHECK(json::get_number(o, "legend.displayMode", 7) == 7);
  CHECK(json::get_bool(o, "legend.show", true));
  CHECK(json::get_array(o, "legend.calcs")->size() == 1);
  CHECK(json::get_object(o, "legend.calcs") == nullptr);
}
