#include "catch_prelude.hpp"

#include <cmath>

#include <boost/json.hpp>

#include "render/datasources/testdata/testdata.hpp"

namespace {

using namespace reportd::render;

boost::json::object target(const char* text) { return boost::json::parse(text).as_object(); }

const time_window six_hours{1600000000000, 1600000000000 + 6 * 3600 * 1000, "GMT", "now-6h", "now"};

// The context of a panel (panel 2 of dashboard "dash" unless named) asking for `points` points.
query_context panel_ctx(std::int64_t points, std::string dashboard = "dash", int panel = 2) {
  query_context ctx;
  ctx.dashboard_uid = std::move(dashboard);
  ctx.panel_id = panel;
  ctx.max_data_points = points;
  return ctx;
}

std::vector<frame> run(const char* t, query_context ctx = panel_ctx(100), time_window range = six_hours) {
  testdata_source source;
  return source.query(target(t), range, ctx);
}

}  // namespace

TEST_CASE("testdata: random walk is the same for the same report and range") {
  const auto a = run(R"({"refId":"A","scenarioId":"random_walk","seriesCount":2})");
  const auto b = run(R"({"refId":"A","scenarioId":"random_walk","seriesCount":2})");
  REQUIRE(a.size() == 2);
  REQUIRE(a[0].fields.size() == 2);
  CHECK(a[0].fields[0].type == field_type::time);
  CHECK(a[0].length() == 100);
  CHECK(a[0].fields[1].numbers == b[0].fields[1].numbers);
  CHECK(a[1].fields[1].numbers == b[1].fields[1].numbers);
  CHECK(a[0].fields[1].numbers != a[1].fields[1].numbers);  // series differ from each other
  CHECK(a[0].name == "A-series");
  CHECK(a[1].name == "A-series1");
}

TEST_CASE("testdata: another panel, refId or range gives other numbers") {
  const char* t = R"({"refId":"A"})";  // no scenarioId: random walk
  const auto base = run(t)[0].fields[1].numbers;
  CHECK(run(t, panel_ctx(100, "dash", 3))[0].fields[1].numbers != base);
  CHECK(run(t, panel_ctx(100, "other", 2))[0].fields[1].numbers != base);
  CHECK(run(R"({"refId":"B"})")[0].fields[1].numbers != base);
  auto later = six_hours;
  later.from_ms += 60000;
  later.to_ms += 60000;
  CHECK(run(t, panel_ctx(100), later)[0].fields[1].numbers != base);
}

TEST_CASE("testdata: random walk honours min, max, alias, labels and points") {
  const auto f = run(R"({"refId":"A","alias":"cpu $seriesIndex","min":10,"max":20,"startValue":15,
                         "labels":"cluster=eu, service=checkout"})",
                     panel_ctx(50))[0];
  CHECK(f.name == "cpu 0");
  CHECK(f.length() == 50);
  for (double v : f.fields[1].numbers) {
    CHECK(v >= 10);
    CHECK(v <= 20);
  }
  CHECK(f.fields[1].labels.at("cluster") == "eu");
  CHECK(f.fields[1].labels.at("service") == "checkout");
  const auto houses = run(R"({"refId":"A","alias":"__house_locations","seriesCount":2})");
  CHECK(houses[0].name == "Cellar");
  CHECK(houses[1].name == "Living room");
}

TEST_CASE("testdata: csv_metric_values spreads the values over the range") {
  const auto f = run(R"({"refId":"A","scenarioId":"csv_metric_values","stringInput":"1,20,90,30,5,0"})")[0];
  REQUIRE(f.length() == 6);
  CHECK(f.fields[1].numbers == std::vector<double>{1, 20, 90, 30, 5, 0});
  CHECK(f.fields[0].numbers.front() == six_hours.from_ms);
  CHECK(f.fields[0].numbers.back() == six_hours.to_ms);
  CHECK(f.fields[0].numbers[1] - f.fields[0].numbers[0] == 6 * 3600 * 1000 / 5);
  const auto with_null = run(R"({"refId":"A","scenarioId":"csv_metric_values","stringInput":"1,null,3"})")[0];
  CHECK(std::isnan(with_null.fields[1].numbers[1]));
}

TEST_CASE("testdata: predictable pulse and csv wave sit on multiples of the step") {
  const time_window hour{3600000, 7200000, "GMT", "", ""};
  const auto pulse = run(R"({"refId":"A","scenarioId":"predictable_pulse",
      "pulseWave":{"timeStep":60,"onCount":2,"offCount":3,"onValue":5,"offValue":1}})", {}, hour)[0];
  REQUIRE(pulse.length() == 61);
  // 3600000 ms is step 60 and 60 % 5 == 0: on, on, off, off, off, on, ...
  CHECK(std::vector<double>(pulse.fields[1].numbers.begin(), pulse.fields[1].numbers.begin() + 6) ==
        std::vector<double>{5, 5, 1, 1, 1, 5});
  const auto waves = run(R"({"refId":"A","scenarioId":"predictable_csv_wave",
      "csvWave":[{"timeStep":600,"valuesCSV":"0,0,2,2,1,1","name":"w1"},{"timeStep":1800,"valuesCSV":"7,8"}]})",
                         {}, hour);
  REQUIRE(waves.size() == 2);
  CHECK(waves[0].name == "w1");
  CHECK(waves[0].fields[1].numbers == std::vector<double>{0, 0, 2, 2, 1, 1, 0});
  CHECK(waves[1].fields[1].numbers == std::vector<double>{7, 8, 7});
}

TEST_CASE("testdata: csv_content becomes a typed frame") {
  const auto f = run(R"({"refId":"A","scenarioId":"csv_content",
      "csvContent":"time,name,value,ok\n2020-01-01T00:00:00Z,\"a, b\",1.5,true\n2020-01-01T00:01:00Z,c,,false"})")[0];
  REQUIRE(f.fields.size() == 4);
  CHECK(f.fields[0].type == field_type::time);
  CHECK(f.fields[0].numbers[1] == 1577836860000.0);
  CHECK(f.fields[1].type == field_type::string);
  CHECK(f.fields[1].strings[0] == "a, b");
  CHECK(f.fields[2].type == field_type::number);
  CHECK(f.fields[2].numbers[0] == 1.5);
  CHECK(std::isnan(f.fields[2].numbers[1]));
  CHECK(f.fields[3].type == field_type::boolean);
}

TEST_CASE("testdata: tables, empty results and unsupported scenarios") {
  const auto table = run(R"({"refId":"A","scenarioId":"random_walk_table"})")[0];
  REQUIRE(table.fields.size() == 5);
  CHECK(table.fields[0].name == "Time");
  CHECK(table.fields[4].name == "Info");
  CHECK(table.length() == 100);
  CHECK(table.fields[2].numbers[0] < table.fields[1].numbers[0]);
  CHECK(table.fields[3].numbers[0] > table.fields[1].numbers[0]);
  const auto empty = run(R"({"refId":"A","scenarioId":"no_data_points"})");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].length() == 0);
  testdata_source source;
  CHECK(source.unsupported(target(R"({"scenarioId":"flame_graph"})")) == "TestData scenario flame_graph is not supported");
  CHECK(source.unsupported(target(R"({"scenarioId":"server_error_500"})")) != "");
  CHECK(source.unsupported(target(R"({"scenarioId":"random_walk"})")) == "");
  const auto manual = run(R"({"refId":"A","scenarioId":"manual_entry","points":[[3,1000],[4,2000]]})")[0];
  CHECK(manual.fields[1].numbers == std::vector<double>{3, 4});
  const auto raw = run(R"({"refId":"A","scenarioId":"raw_frame","rawFrameContent":
      "[{\"schema\":{\"fields\":[{\"name\":\"t\",\"type\":\"time\"},{\"name\":\"v\",\"type\":\"number\"}]},\"data\":{\"values\":[[1,2],[5,6]]}}]"})");
  REQUIRE(raw.size() == 1);
  CHECK(raw[0].fields[1].numbers == std::vector<double>{5, 6});
}

TEST_CASE("the logs scenario gives log lines with times and levels across the range", "[testdata]") {
  auto frames = run(R"({"refId":"A","scenarioId":"logs","lines":5,"levelColumn":true})");
  REQUIRE(frames.size() == 1);
  const auto& f = frames.front();
  REQUIRE(f.fields.size() == 3);
  CHECK(f.fields[0].type == field_type::time);
  CHECK(f.fields[1].name == "line");
  CHECK(f.fields[2].name == "level");
  REQUIRE(f.fields[1].strings.size() == 5);
  CHECK(f.fields[0].numbers.front() == Approx(double(six_hours.from_ms)));
  CHECK(f.fields[0].numbers.back() == Approx(double(six_hours.to_ms)));
  for (std::size_t i = 0; i < 5; ++i)  // each line names its own level
    CHECK(f.fields[1].strings[i].find("level=" + f.fields[2].strings[i]) == 0);
  CHECK(run(R"({"refId":"A","scenarioId":"logs"})").front().fields[1].strings.size() == 10);
  CHECK(run(R"({"refId":"A","scenarioId":"logs"})").front().fields.size() == 2);
  testdata_source source;
  CHECK(source.unsupported(target(R"({"scenarioId":"logs"})")).empty());
}

TEST_CASE("the heatmap bucket scenarios give one frame of ten bucket fields, counts under 100", "[testdata]") {
  // 1000 points over 6 h: a 21.6 s interval, a row every 50 of them (18 min), so 20 rows.
  const auto f = run(R"({"refId":"A","scenarioId":"exponential_heatmap_bucket_data"})", panel_ctx(1000));
  REQUIRE(f.size() == 1);
  REQUIRE(f[0].fields.size() == 11);
  CHECK(f[0].fields[0].type == field_type::time);
  CHECK(f[0].fields[1].name == "1");
  CHECK(f[0].fields[2].name == "2");
  CHECK(f[0].fields[10].name == "512");
  CHECK(f[0].length() == 20);
  CHECK(f[0].fields[0].numbers.front() == Approx(static_cast<double>(six_hours.from_ms)));
  for (std::size_t k = 1; k < f[0].fields.size(); ++k)
    for (double v : f[0].fields[k].numbers) CHECK((v >= 0 && v < 100 && v == std::floor(v)));
  const auto lin = run(R"({"refId":"A","scenarioId":"linear_heatmap_bucket_data"})", panel_ctx(1000));
  REQUIRE(lin.size() == 1);
  CHECK(lin[0].fields[1].name == "0");
  CHECK(lin[0].fields[10].name == "90");
  testdata_source source;
  CHECK(source.unsupported(target(R"({"scenarioId":"exponential_heatmap_bucket_data"})")).empty());
}

TEST_CASE("csv_metric_values gives a string or boolean field when its values are words", "[testdata]") {
  // Grafana's devenv "State timeline (strings & booleans)" panel: states as words and booleans.
  const auto s = run(R"({"refId":"A","scenarioId":"csv_metric_values","stringInput":"null,a, b,b,null"})");
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].fields.size() == 2);
  CHECK(s[0].fields[1].type == field_type::string);
  CHECK(s[0].fields[1].strings == std::vector<std::string>{"", "a", "b", "b", ""});
  CHECK(s[0].fields[0].numbers.size() == 5);
  const auto b = run(R"({"refId":"C","scenarioId":"csv_metric_values","stringInput":"true,null,false"})");
  REQUIRE(b[0].fields.size() == 2);
  CHECK(b[0].fields[1].type == field_type::boolean);
  REQUIRE(b[0].fields[1].numbers.size() == 3);
  CHECK(b[0].fields[1].numbers[0] == 1);
  CHECK(std::isnan(b[0].fields[1].numbers[1]));
  CHECK(b[0].fields[1].numbers[2] == 0);
  const auto n = run(R"({"refId":"A","scenarioId":"csv_metric_values","stringInput":"1,null,3"})");
  CHECK(n[0].fields[1].type == field_type::number);
}
