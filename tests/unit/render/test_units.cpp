#include "catch_prelude.hpp"

#include <cmath>

#include "render/json_access.hpp"
#include "render/units.hpp"

#include <boost/json/parse.hpp>

using namespace reportd::render;

namespace {

struct row {
  double v;
  const char* unit;
  std::optional<int> dec;
  const char* want;
};

template <std::size_t N>
void check_rows(const row (&table)[N]) {
  for (const auto& r : table) {
    INFO(r.v << " " << r.unit << " decimals " << (r.dec ? std::to_string(*r.dec) : "auto"));
    CHECK(format_value(r.v, r.unit, r.dec) == r.want);
  }
}

}  // namespace

// Expectations marked (G) are Grafana's own, from valueFormats.test.ts, symbolFormatters.test.ts
// and dateTimeFormatters.test.ts; the others follow from the formatter categories.ts names.
TEST_CASE("values are formatted by Grafana unit id", "[units]") {
  const row table[] = {
      {12.3456, "none", std::nullopt, "12.3"},
      {1, "none", std::nullopt, "1"},
      {0.012345, "", std::nullopt, "0.0123"},
      {1500, "short", std::nullopt, "1.50 K"},
      {2300000, "short", std::nullopt, "2.30 Mil"},
      {4.2e9, "short", std::nullopt, "4.20 Bil"},
      {7e12, "short", std::nullopt, "7 Tri"},
      {42, "short", std::nullopt, "42"},
      {45.678, "percent", 1, "45.7%"},
      {0.25, "percentunit", std::nullopt, "25%"},
      {1024, "bytes", std::nullopt, "1 KiB"},
      {1536 * 1024, "bytes", std::nullopt, "1.50 MiB"},
      {2000, "decbytes", std::nullopt, "2 kB"},
      {2048, "kbytes", std::nullopt, "2 MiB"},
      {1024, "bits", std::nullopt, "1 Kib"},
      {1500, "ms", std::nullopt, "1.50 s"},
      {90, "s", std::nullopt, "1.50 min"},
      {0.5, "s", std::nullopt, "500 ms"},
      {7200, "s", std::nullopt, "2 hour"},
      {2, "d", std::nullopt, "2 day"},
      {250, "µs", std::nullopt, "250 µs"},
      {120, "reqps", std::nullopt, "120 req/s"},
      {1200, "currencyUSD", std::nullopt, "$1.20K"},
      {21.5, "celsius", 1, "21.5 °C"},
      {3, "none", 2, "3.00"},
      {3, "widgets", std::nullopt, "3 widgets"},
  };
  check_rows(table);
  CHECK(format_value(std::nan(""), "short") == "-");
}

TEST_CASE("toFixed and automatic decimals follow Grafana", "[units]") {
  const row table[] = {
      {3.23, "none", std::nullopt, "3.23"},          // (G)
      {0.0245, "none", std::nullopt, "0.0245"},      // (G)
      {1.0 / 3, "none", std::nullopt, "0.333"},      // (G)
      {100, "none", std::nullopt, "100"},            // (G)
      {100.4, "none", std::nullopt, "100"},          // (G)
      {100.5, "none", std::nullopt, "101"},          // (G)
      {27.4, "none", std::nullopt, "27.4"},          // (G)
      {27.5, "none", std::nullopt, "27.5"},          // (G)
      {-100, "none", std::nullopt, "-100"},          // (G)
      {-100.5, "none", std::nullopt, "-100"},        // (G) Math.round rounds half up
      {-100.6, "none", std::nullopt, "-101"},        // (G)
      {-27.5, "none", std::nullopt, "-27.5"},        // (G)
      {100, "none", 1, "100.0"},                     // (G)
      {100.37, "none", 1, "100.4"},                  // (G)
      {100.63, "none", 1, "100.6"},                  // (G)
      {100.4, "none", 2, "100.40"},                  // (G)
      {0, "none", 1, "0.0"},                         // (G)
      {0, "none", 2, "0.00"},                        // (G)
      {186.123, "none", -2, "186"},                  // (G) negative decimals are zero
      {1532.82, "a", 0, "1533 a"},                   // (G) unknown unit: a suffix
      {1e21, "none", std::nullopt, "1e+21"},
      {1e-7, "none", std::nullopt, "1e-7"},
  };
  check_rows(table);
  CHECK(format_value(INFINITY, "none") == "∞");
  CHECK(format_value(-INFINITY, "short") == "-∞");
}

TEST_CASE("misc units: short, percent, hex, sci, locale, string", "[units][misc]") {
  const row table[] = {
      {1000, "short", std::nullopt, "1 K"},            // (G)
      {1200, "short", std::nullopt, "1.20 K"},         // (G)
      {1250, "short", std::nullopt, "1.25 K"},         // (G)
      {1000000, "short", std::nullopt, "1 Mil"},       // (G)
      {1500000, "short", std::nullopt, "1.50 Mil"},    // (G)
      {1000120, "short", std::nullopt, "1.00 Mil"},    // (G)
      {98765, "short", std::nullopt, "98.8 K"},        // (G)
      {9876543, "short", std::nullopt, "9.88 Mil"},    // (G)
      {9876543, "short", 2, "9.88 Mil"},               // (G)
      {-1500, "short", std::nullopt, "-1.50 K"},
      {0.5, "short", std::nullopt, "0.500"},
      {1500, "sishort", std::nullopt, "1.50 k"},
      {0.002, "sishort", std::nullopt, "2 m"},
      {55.5, "humidity", std::nullopt, "55.5 %H"},
      {-3, "dB", std::nullopt, "-3 dB"},
      {255, "hex", std::nullopt, "FF"},
      {255, "hex0x", std::nullopt, "0xFF"},
      {-255, "hex0x", std::nullopt, "-0xFF"},
      {12345, "sci", std::nullopt, "1.2345e+4"},
      {12345, "sci", 2, "1.23e+4"},
      {0.00012, "sci", 1, "1.2e-4"},
      {1234567.891, "locale", std::nullopt, "1,234,567.891"},
      {1234567.891, "locale", 1, "1,234,567.9"},
      {-1234, "locale", std::nullopt, "-1,234"},
      {0.1, "string", std::nullopt, "0.1"},
      {1280, "pixel", std::nullopt, "1280 px"},
  };
  check_rows(table);
}

TEST_CASE("physical units with fixed suffixes", "[units][fixed]") {
  const row table[] = {
      {9.81, "accMS2", std::nullopt, "9.81 m/sec²"},   {2, "accG", std::nullopt, "2 g"},
      {90, "degree", std::nullopt, "90 °"},            {3.14159, "radian", 2, "3.14 rad"},
      {12, "areaM2", std::nullopt, "12 m²"},           {400, "ppm", std::nullopt, "400 ppm"},
      {95, "conmgdL", std::nullopt, "95 mg/dL"},       {5.5, "conmmolL", 1, "5.5 mmol/L"},
      {12, "flowlpm", std::nullopt, "12 L/min"},       {3000, "lux", std::nullopt, "3000 lux"},
      {1013, "pressurehpa", std::nullopt, "1013 hPa"}, {30, "pressurehg", std::nullopt, "30 \"Hg"},
      {1500, "pressurepsi", std::nullopt, "1.50ksi"},  {2, "masst", std::nullopt, "2 t"},
      {5280, "lengthft", std::nullopt, "5280 ft"},     {3000, "rotrpm", std::nullopt, "3000 rpm"},
      {-40, "fahrenheit", std::nullopt, "-40 °F"},     {-40, "farenheit", std::nullopt, "-40 °F"},
      {300, "kelvin", std::nullopt, "300 K"},          {12.5, "velocityms", 1, "12.5 m/s"},
      {90, "velocitykmh", std::nullopt, "90 km/h"},    {3, "m3", std::nullopt, "3 m³"},
      {5, "gallons", std::nullopt, "5 gal"},
  };
  check_rows(table);
}

TEST_CASE("SI-prefixed units scale by 1000 from their base", "[units][si]") {
  const row table[] = {
      {1000, "megwatt", 3, "1.000 GW"},   // (G)
      {1000, "kohm", 3, "1.000 MΩ"},      // (G)
      {1000, "Mohm", 3, "1.000 GΩ"},      // (G)
      {1000, "farad", 3, "1.000 kF"},     // (G)
      {1000, "µfarad", 3, "1.000 mF"},    // (G)
      {1000, "nfarad", 3, "1.000 µF"},    // (G)
      {1000, "pfarad", 3, "1.000 nF"},    // (G)
      {1000, "ffarad", 3, "1.000 pF"},    // (G)
      {1000, "henry", 3, "1.000 kH"},     // (G)
      {1000, "mhenry", 3, "1.000 H"},     // (G)
      {1000, "µhenry", 3, "1.000 mH"},    // (G)
      {0, "volt", std::nullopt, "0 V"},                 // (G) SIPrefix table
      {999, "volt", std::nullopt, "999 V"},             // (G)
      {1000000, "volt", std::nullopt, "1 MV"},          // (G)
      {-1000000000000, "volt", std::nullopt, "-1 TV"},  // (G)
      {1500, "watt", std::nullopt, "1.50 kW"},
      {0.25, "watt", std::nullopt, "250 mW"},
      {1500, "kwatt", std::nullopt, "1.50 MW"},
      {12.5, "kwatth", 1, "12.5 kWh"},
      {2300, "joule", std::nullopt, "2.30 kJ"},
      {0.012, "amp", std::nullopt, "12 mA"},
      {1e9, "flops", std::nullopt, "1 GFLOPS"},
      {2, "gflops", std::nullopt, "2 GFLOPS"},
      {1500, "forceN", std::nullopt, "1.50 kN"},
      {2500000, "MHs", std::nullopt, "2.50 TH/s"},
      {1500, "massg", std::nullopt, "1.50 kg"},
      {1200, "lengthmm", std::nullopt, "1.20 m"},
      {1013, "pressurembar", std::nullopt, "1.01 bar"},
      {101325, "pressurepa", std::nullopt, "101 kPa"},
      {0.004, "radsv", std::nullopt, "4 mSv"},
      {2400000000, "rothz", std::nullopt, "2.40 GHz"},
      {750, "mlitre", std::nullopt, "750 mL"},
      {60, "hertz", std::nullopt, "60 Hz"},
  };
  check_rows(table);
}

TEST_CASE("data units: IEC bytes and bits by 1024, SI by 1000", "[units][data]") {
  const row table[] = {
      {10000000, "kbytes", std::nullopt, "9.54 GiB"},   // (G)
      {10000000, "deckbytes", std::nullopt, "10 GB"},   // (G)
      {10000000, "kbytes", 3, "9.537 GiB"},             // (G)
      {10000000, "deckbytes", 3, "10.000 GB"},          // (G)
      {512, "bytes", std::nullopt, "512 B"},
      {1230000, "decbytes", std::nullopt, "1.23 MB"},
      {1536, "bytes", 1, "1.5 KiB"},
      {0, "bytes", std::nullopt, "0 B"},
      {1500, "decbits", std::nullopt, "1.50 kb"},
      {3, "gbytes", std::nullopt, "3 GiB"},
      {2048, "tbytes", std::nullopt, "2 PiB"},
      {1500, "decgbytes", std::nullopt, "1.50 TB"},
      {2.5, "decpbytes", std::nullopt, "2.50 PB"},
  };
  check_rows(table);
}

TEST_CASE("data rate units", "[units][datarate]") {
  const row table[] = {
      {1500, "Bps", std::nullopt, "1.50 kB/s"},   {2048, "binBps", std::nullopt, "2 KiB/s"},
      {1e9, "bps", std::nullopt, "1 Gb/s"},       {1024, "binbps", std::nullopt, "1 Kib/s"},
      {1500, "KBs", std::nullopt, "1.50 MB/s"},   {1500, "Kbits", std::nullopt, "1.50 Mb/s"},
      {100, "Mbits", std::nullopt, "100 Mb/s"},   {1024, "MiBs", std::nullopt, "1 GiB/s"},
      {2, "GBs", std::nullopt, "2 GB/s"},         {300, "pps", std::nullopt, "300 p/s"},
  };
  check_rows(table);
}

TEST_CASE("currency units put the symbol first and scale without a space", "[units][currency]") {
  const row table[] = {
      {1532.82, "currencyUSD", 2, "$1.53K"},        // (G)
      {1532.82, "currencyKRW", 2, "₩1.53K"},        // (G)
      {1532.82, "currencyIDR", 2, "Rp1.53K"},       // (G)
      {1234567, "currency:@", 2, "@1.23M"},         // (G)
      {1234, "currency:@", 2, "@1.23K"},            // (G)
      {0, "currency:@", std::nullopt, "@0"},        // (G) symbolFormatters.test
      {1000, "currency:@", std::nullopt, "@1K"},    // (G)
      {1e15, "currency:@", std::nullopt, "@1000T"}, // (G)
      {-1000, "currency:@", std::nullopt, "-@1K"},  // (G)
      {-999, "currencyUSD", std::nullopt, "-$999"},
      {1000, "currencyDKK", std::nullopt, "1Kkr"},  // (G) asSuffix: "K" + symbol
      {-1000, "currencySEK", std::nullopt, "-1Kkr"},
      {19.99, "currencyEUR", std::nullopt, "€20.0"},
      {42, "currencyGBP", 2, "£42.00"},
  };
  check_rows(table);
}

TEST_CASE("custom units: prefix, suffix, si, count, bool", "[units][custom]") {
  const row table[] = {
      {1532.82, "prefix:b", std::nullopt, "b1533"},            // (G)
      {1532.82, "suffix:d", std::nullopt, "1533 d"},           // (G)
      {0, "si:µF", 2, "0.00 µF"},                              // (G)
      {1234, "si:µF", 2, "1.23 mF"},                           // (G)
      {1234000000, "si:µF", 2, "1.23 kF"},                     // (G)
      {1234000000000000, "si:µF", 2, "1.23 GF"},               // (G)
      {1234567, "count:xpm", 2, "1.23M xpm"},                  // (G)
      {1234, "count:x/min", 2, "1.23K x/min"},                 // (G)
      {1500, "si:W", std::nullopt, "1.50 kW"},
      {1500, "si:kW", std::nullopt, "1.50 MW"},
      {1, "bool:up/down", std::nullopt, "up"},
      {0, "bool:up/down", std::nullopt, "down"},
      {0, "bool:ok", std::nullopt, "-"},
  };
  check_rows(table);
}

TEST_CASE("throughput units count with K/M/B and a rate suffix", "[units][throughput]") {
  const row table[] = {
      {5, "cps", std::nullopt, "5 c/s"},       {1500, "ops", std::nullopt, "1.50K ops/s"},
      {120, "reqps", std::nullopt, "120 req/s"}, {5, "rps", std::nullopt, "5 rd/s"},
      {7, "wps", std::nullopt, "7 wr/s"},     {2500000, "iops", std::nullopt, "2.50M io/s"},
      {60, "cpm", std::nullopt, "60 c/m"},    {3, "opm", std::nullopt, "3 ops/m"},
      {4, "rpm", std::nullopt, "4 rd/m"},     {8, "wpm", std::nullopt, "8 wr/m"},
      {10, "reqpm", std::nullopt, "10 req/m"}, {1000, "eps", std::nullopt, "1K evt/s"},
  };
  check_rows(table);
}

TEST_CASE("boolean units", "[units][bool]") {
  const row table[] = {
      {1, "bool", std::nullopt, "True"},       {0, "bool", std::nullopt, "False"},
      {1, "bool_yes_no", std::nullopt, "Yes"}, {0, "bool_yes_no", std::nullopt, "No"},
      {1, "bool_on_off", std::nullopt, "On"},  {0, "bool_on_off", std::nullopt, "Off"},
  };
  check_rows(table);
}

TEST_CASE("time units scale to the largest unit reached", "[units][time]") {
  const row table[] = {
      {0.0024, "ms", 4, "0.0024 ms"},          // (G)
      {100, "ms", 0, "100 ms"},                // (G)
      {1250, "ms", 2, "1.25 s"},               // (G)
      {10000086.123, "ms", 1, "2.8 hour"},     // (G)
      {1000, "ms", std::nullopt, "1 s"},       // (G)
      {1200, "ms", 0, "1 s"},                  // (G)
      {0, "ms", std::nullopt, "0 ms"},
      {90000, "ms", std::nullopt, "1.50 min"},
      {5 * 86400000.0, "ms", std::nullopt, "5 day"},
      {0, "s", std::nullopt, "0 s"},
      {0, "s", 2, "0 s"},
      {4e-8, "s", std::nullopt, "40 ns"},
      {2.5e-8, "s", std::nullopt, "25.0 ns"},  // 2.5e-8 * 1e9 is 25.000000000000004, in JS too
      {0.0005, "s", std::nullopt, "500 µs"},
      {0.25, "s", std::nullopt, "250 ms"},
      {45, "s", std::nullopt, "45 s"},
      {5400, "s", std::nullopt, "1.50 hour"},
      {172800, "s", std::nullopt, "2 day"},
      {1209600, "s", std::nullopt, "2 week"},
      {1500, "ns", std::nullopt, "1.50 µs"},
      {2e9, "ns", std::nullopt, "2 s"},
      {1500, "µs", std::nullopt, "1.50 ms"},
      {30, "m", std::nullopt, "30 min"},
      {90, "m", std::nullopt, "1.50 hour"},
      {36, "h", std::nullopt, "1.50 day"},
      {14, "d", std::nullopt, "2 week"},
      {730, "d", std::nullopt, "2 year"},
      {1278, "timeticks", std::nullopt, "12.8 s"},
  };
  check_rows(table);
}

TEST_CASE("durations, hh:mm:ss and clocks", "[units][time]") {
  const row table[] = {
      {100000, "dtdurationms", std::nullopt, "1 minute"},                           // (G)
      {0, "dtdurationms", 0, "0 milliseconds"},                                     // (G)
      {1, "dtdurationms", 0, "1 millisecond"},                                      // (G)
      {-1, "dtdurationms", 0, "1 millisecond ago"},                                 // (G)
      {1, "dtdurations", 0, "1 second"},                                            // (G)
      {38898367008, "dtdurationms", 0, "1 year"},                                   // (G)
      {38898367008, "dtdurationms", 1, "1 year, 2 months"},                         // (G)
      {38898367008, "dtdurationms", 20,
       "1 year, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 milliseconds"},  // (G)
      {36993906007, "dtdurationms", 8,
       "1 year, 2 months, 0 weeks, 3 days, 4 hours, 5 minutes, 6 seconds, 7 milliseconds"},  // (G)
      {129600, "dtdurations", 2, "1 day, 12 hours, 0 minutes"},                     // (G) 1.5 days
      {1, "dthms", std::nullopt, "00:00:01"},                                       // (G)
      {-1, "dthms", std::nullopt, "00:00:01 ago"},                                  // (G)
      {0, "dthms", std::nullopt, "00:00:00"},                                       // (G)
      {90061, "dtdhms", std::nullopt, "1 d 01:01:01"},
      {3661, "dtdhms", std::nullopt, "01:01:01"},
      {999, "clockms", 0, "999ms"},                                                 // (G)
      {59999, "clockms", std::nullopt, "59s:999ms"},                                // (G)
      {59999, "clockms", 0, "59s"},                                                 // (G)
      {3599999, "clockms", std::nullopt, "59m:59s:999ms"},                          // (G)
      {3599999, "clockms", 0, "59m"},                                               // (G)
      {3599999, "clockms", 1, "59m:59s"},                                           // (G)
      {7199999, "clockms", std::nullopt, "01h:59m:59s:999ms"},                      // (G)
      {7199999, "clockms", 0, "01h"},                                               // (G)
      {7199999, "clockms", 1, "01h:59m"},                                           // (G)
      {7199999, "clockms", 2, "01h:59m:59s"},                                       // (G)
      {89999999, "clockms", std::nullopt, "24h:59m:59s:999ms"},                     // (G)
      {89999999, "clockms", 2, "24h:59m:59s"},                                      // (G)
      {125, "clocks", 1, "02m:05s"},
  };
  check_rows(table);
}

TEST_CASE("date and time units show epoch ms in the report's zone", "[units][datetime]") {
  // 2010-07-02 00:00:00 in Europe/Warsaw (CEST, UTC+2) is 2010-07-01T22:00:00Z.
  const double warsaw = 1278021600000;
  const value_context warsaw_ctx{"Europe/Warsaw", 1600000000000};
  CHECK(format_value(warsaw, "dateTimeAsIso", 0, warsaw_ctx) == "2010-07-02 00:00:00");      // (G)
  CHECK(format_value(warsaw, "dateTimeAsUS", 0, warsaw_ctx) == "07/02/2010 12:00:00 am");    // (G)
  CHECK(format_value(warsaw, "dateTimeAsSystem", 0, warsaw_ctx) == "2010-07-02 00:00:00");   // (G)
  CHECK(format_value(warsaw, "time:YYYY", 0, warsaw_ctx) == "2010");                         // (G)
  CHECK(format_value(warsaw, "time:YYYY.MM", 0, warsaw_ctx) == "2010.07");                   // (G)
  CHECK(format_value(warsaw, "time:ddd D MMM [at] h:mm A", 0, warsaw_ctx) == "Fri 2 Jul at 12:00 AM");
  CHECK(format_value(warsaw, "dateTimeAsIso") == "2010-07-01 22:00:00");  // no zone: UTC
  // "No date if today" drops the date only on the same local day as now.
  const value_context same_day{"Europe/Warsaw", static_cast<std::int64_t>(warsaw) + 5 * 3600000};
  CHECK(format_value(warsaw + 3600000, "dateTimeAsIsoNoDateIfToday", 0, same_day) == "01:00:00");
  CHECK(format_value(warsaw + 3600000, "dateTimeAsUSNoDateIfToday", 0, same_day) == "1:00:00 am");
  CHECK(format_value(warsaw - 3600000, "dateTimeAsIsoNoDateIfToday", 0, same_day) == "2010-07-01 23:00:00");
  // moment's fromNow.
  const std::int64_t now = 1600000000000;
  const value_context at_now{"UTC", now};
  CHECK(format_value(now - 7 * 86400000.0, "dateTimeFromNow", 0, at_now) == "7 days ago");  // (G)
  CHECK(format_value(now - 2 * 60000.0, "dateTimeFromNow", 0, at_now) == "2 minutes ago");  // (G)
  CHECK(format_value(now - 10000.0, "dateTimeFromNow", 0, at_now) == "a few seconds ago");
  CHECK(format_value(now + 3 * 3600000.0, "dateTimeFromNow", 0, at_now) == "in 3 hours");
}

TEST_CASE("axis ticks share the decimals of the step, as Grafana's axes do", "[units][ticks]") {
  using strings = std::vector<std::string>;
  CHECK(tick_decimals(500) == std::nullopt);
  CHECK(tick_decimals(0.1) == 1);
  CHECK(tick_decimals(0.25) == 2);
  CHECK(tick_decimals(0.1 + 0.2) == 1);  // roundDecimals(step, 6) hides float noise
  // A ms axis keeps ms at zero and scales each tick (Grafana: auto decimals per tick).
  CHECK(format_ticks({0, 500, 1000, 1500, 2000}, "ms") == strings{"0 ms", "500 ms", "1 s", "1.50 s", "2 s"});
  // Fractional steps: the step's decimals, trailing zeros dropped after scaling.
  CHECK(format_ticks({0, 0.05, 0.1, 0.15, 0.2}, "short") == strings{"0", "0.05", "0.1", "0.15", "0.2"});
  CHECK(format_ticks({0, 0.1, 0.2, 0.3}, "s") == strings{"0 s", "100 ms", "200 ms", "300 ms"});
  CHECK(format_ticks({0, 0.25, 0.5, 0.75, 1}, "percentunit") == strings{"0%", "25%", "50%", "75%", "100%"});
  CHECK(format_ticks({0, 2.5, 5, 7.5}, "percent") == strings{"0%", "2.5%", "5%", "7.5%"});
  CHECK(format_ticks({0, 200000, 400000}, "bytes") == strings{"0 B", "195 KiB", "391 KiB"});
  CHECK(format_ticks({0, 5000, 10000, 15000}, "short") == strings{"0", "5 K", "10 K", "15 K"});
  // A field's own decimals win; currency keeps its automatic decimals.
  CHECK(format_ticks({0, 0.5, 1}, "none", 2) == strings{"0.00", "0.50", "1.00"});
  CHECK(format_ticks({0, 0.5, 1, 1.5}, "currencyUSD") == strings{"$0", "$0.500", "$1", "$1.50"});
  CHECK(format_ticks({}, "short").empty());
  CHECK(format_ticks({42}, "short") == strings{"42"});
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
  auto minutes = time_ticks(warsaw_midnight, warsaw_midnight + 5 * 60000, "Europe/Warsaw", 10);
  REQUIRE(minutes.size() >= 2);
  CHECK(minutes[0].label == "00:00:00");
  CHECK(minutes[1].label == "00:00:30");
  for (std::size_t i = 1; i < minutes.size(); ++i) CHECK(minutes[i].label != minutes[i - 1].label);
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
