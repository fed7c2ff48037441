#include "render/datasources/testdata/testdata.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <random>

#include <boost/json.hpp>

namespace reportd::render {
namespace {

namespace json = boost::json;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
// A predictable wave over a long range with a short step could produce millions of points.
constexpr std::int64_t max_predictable_points = 10000;

// Name lists Grafana's TestData uses for the special aliases.
constexpr std::array<const char*, 12> server_names{
    "Backend-ops-01", "Backend-ops-02", "Backend-ops-03", "Backend-ops-04",
    "Frontend-web-01", "Frontend-web-02", "Frontend-web-03", "Frontend-web-04",
    "MySQL-01", "MySQL-02", "MySQL-03", "MySQL-04"};
constexpr std::array<const char*, 11> house_locations{
    "Cellar", "Living room", "Porch", "Bedroom", "Guest room", "Kitchen",
    "Playroom", "Bathroom", "Outside", "Roof", "Terrace"};

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

// Numbers arrive as JSON numbers or, from older editors, as strings.
std::optional<double> number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) return v->to_number<double>();
  if (v->is_string() && !v->get_string().empty()) {
    try {
      return std::stod(std::string(v->get_string()));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string scenario_of(const json::object& target) {
  auto s = text(target, "scenarioId");
  return s.empty() ? "random_walk" : s;
}

std::string ref_of(const json::object& target) {
  auto r = text(target, "refId");
  return r.empty() ? "A" : r;
}

std::string series_name(const json::object& target, int index) {
  std::string name = text(target, "alias");
  if (name.empty()) return ref_of(target) + "-series" + (index > 0 ? std::to_string(index) : "");
  const auto idx = static_cast<std::size_t>(index);
  if (name == "__server_names" && idx < server_names.size()) return server_names[idx];
  if (name == "__house_locations" && idx < house_locations.size()) return house_locations[idx];
  if (auto p = name.find("$seriesIndex"); p != std::string::npos)
    name.replace(p, 12, std::to_string(index));
  return name;
}

// "cluster=eu, service=checkout" (optionally in braces) into labels.
std::map<std::string, std::string> parse_labels(const json::object& target, int index) {
  std::map<std::string, std::string> out;
  auto spec = text(target, "labels");
  spec.erase(std::remove_if(spec.begin(), spec.end(), [](char c) { return c == '{' || c == '}'; }),
             spec.end());
  std::size_t start = 0;
  while (start < spec.size()) {
    auto end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    const auto item = spec.substr(start, end - start);
    if (const auto eq = item.find('='); eq != std::string::npos) {
      auto key = item.substr(0, eq), value = item.substr(eq + 1);
      auto strip = [](std::string& s) {
        s.erase(0, s.find_first_not_of(" \"'"));
        s.erase(s.find_last_not_of(" \"'") + 1);
      };
      strip(key);
      strip(value);
      if (auto p = value.find("$seriesIndex"); p != std::string::npos)
        value.replace(p, 12, std::to_string(index));
      out[key] = value;
    }
    start = end + 1;
  }
  return out;
}

frame series_frame(const json::object& target, int index, std::vector<double> times,
                   std::vector<double> values) {
  frame f;
  f.name = series_name(target, index);
  f.ref_id = ref_of(target);
  f.fields.push_back({"time", field_type::time, std::move(times), {}, {}});
  f.fields.push_back({f.name, field_type::number, std::move(values), {}, parse_labels(target, index)});
  return f;
}

std::int64_t step_ms(const time_window& range, const query_context& ctx) {
  if (ctx.interval_ms > 0) return ctx.interval_ms;
  const auto points = std::max<std::int64_t>(ctx.max_data_points, 1);
  return std::max<std::int64_t>((range.to_ms - range.from_ms) / points, 1);
}

std::mt19937_64 generator(const json::object& target, int index, const time_window& range,
                          const query_context& ctx) {
  return std::mt19937_64(
      series_seed(ctx.dashboard_uid, ctx.panel_id, ref_of(target), index, range.from_ms, range.to_ms));
}

frame random_walk(const json::object& target, int index, const time_window& range,
                  const query_context& ctx) {
  auto rng = generator(target, index, range, ctx);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double spread = number(target, "spread").value_or(1.0);
  const double noise = number(target, "noise").value_or(0.0);
  const auto min = number(target, "min");
  const auto max = number(target, "max");
  double walker = number(target, "startValue").value_or(unit(rng) * 100);
  const auto step = step_ms(range, ctx);
  std::vector<double> times, values;
  for (std::int64_t i = 0, t = range.from_ms; i < ctx.max_data_points && t < range.to_ms;
       ++i, t += step) {
    double next = walker + unit(rng) * noise;
    if (min && next < *min) next = walker = *min;
    if (max && next > *max) next = walker = *max;
    times.push_back(static_cast<double>(t));
    values.push_back(next);
    walker += (unit(rng) - 0.5) * spread;
  }
  return series_frame(target, index, std::move(times), std::move(values));
}

std::vector<frame> random_walks(const json::object& target, const time_window& range,
                                const query_context& ctx) {
  const int count = std::clamp(static_cast<int>(number(target, "seriesCount").value_or(1)), 1, 100);
  std::vector<frame> out;
  for (int i = 0; i < count; ++i) out.push_back(random_walk(target, i, range, ctx));
  return out;
}

frame random_walk_table(const json::object& target, const time_window& range,
                        const query_context& ctx) {
  auto rng = generator(target, 0, range, ctx);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double walker = number(target, "startValue").value_or(100.0);
  const double spread = 2.5;
  const auto step = step_ms(range, ctx);
  frame f;
  f.ref_id = ref_of(target);
  f.name = f.ref_id;
  f.fields = {{"Time", field_type::time, {}, {}, {}}, {"Value", field_type::number, {}, {}, {}},
              {"Min", field_type::number, {}, {}, {}}, {"Max", field_type::number, {}, {}, {}},
              {"Info", field_type::string, {}, {}, {}}};
  for (std::int64_t i = 0, t = range.from_ms; i < ctx.max_data_points && t < range.to_ms;
       ++i, t += step) {
    const double delta = unit(rng) - 0.5;
    walker += delta;
    f.fields[0].numbers.push_back(static_cast<double>(t));
    f.fields[1].numbers.push_back(walker);
    f.fields[2].numbers.push_back(walker - (unit(rng) * spread + 0.01));
    f.fields[3].numbers.push_back(walker + (unit(rng) * spread + 0.01));
    f.fields[4].strings.push_back(std::string(delta > 0 ? "up" : "down") +
                                  (std::abs(delta) > 0.4 ? " fast" : ""));
  }
  return f;
}

std::vector<double> parse_number_list(const std::string& csv) {
  std::vector<double> out;
  for (const auto& row : parse_csv_rows(csv))
    for (const auto& cell : row) {
      try {
        out.push_back(cell == "null" || cell.empty() ? nan : std::stod(cell));
      } catch (const std::exception&) {
        out.push_back(nan);
      }
    }
  return out;
}

// The values spread evenly from the range's start to its end, as Grafana does.
// Like Grafana's, the list may hold strings or booleans ("a,b,null,b", "true,null,false"): the first
// value that is not null decides the field's type.
frame csv_metric_values(const json::object& target, const time_window& range) {
  std::vector<std::string> cells;
  for (const auto& row : parse_csv_rows(text(target, "stringInput")))
    for (auto cell : row) {
      cell.erase(0, cell.find_first_not_of(" \t"));
      cell.erase(cell.find_last_not_of(" \t") + 1);
      cells.push_back(cell);
    }
  auto is_null = [](const std::string& c) { return c.empty() || c == "null"; };
  auto is_number = [](const std::string& c) {
    try {
      std::size_t used = 0;
      std::stod(c, &used);
      return used == c.size();
    } catch (const std::exception&) {
      return false;
    }
  };
  field_type type = field_type::number;
  for (const auto& c : cells)
    if (!is_null(c)) {
      type = is_number(c) ? field_type::number : c == "true" || c == "false" ? field_type::boolean : field_type::string;
      break;
    }
  std::vector<double> times;
  const auto n = static_cast<std::int64_t>(cells.size());
  const std::int64_t step = n > 1 ? (range.to_ms - range.from_ms) / (n - 1) : 0;
  for (std::int64_t i = 0; i < n; ++i) times.push_back(static_cast<double>(range.from_ms + step * i));
  if (type == field_type::number) return series_frame(target, 0, std::move(times), parse_number_list(text(target, "stringInput")));
  frame f = series_frame(target, 0, std::move(times), {});
  field& v = f.fields.back();
  v.type = type;
  for (const auto& c : cells) {
    if (type == field_type::string) v.strings.push_back(is_null(c) ? std::string{} : c);
    else v.numbers.push_back(is_null(c) || (c != "true" && c != "false") ? nan : c == "true" ? 1.0 : 0.0);
  }
  return f;
}

// Points on multiples of the step (seconds) inside the range; value_at(k) for the k-th step.
template <class F>
frame predictable(const json::object& target, int index, const time_window& range, double step_s,
                  F value_at) {
  const auto step = std::max<std::int64_t>(static_cast<std::int64_t>(step_s * 1000), 1);
  std::vector<double> times, values;
  std::int64_t k = (range.from_ms + step - 1) / step;
  for (; k * step <= range.to_ms && static_cast<std::int64_t>(times.size()) < max_predictable_points; ++k) {
    times.push_back(static_cast<double>(k * step));
    values.push_back(value_at(k));
  }
  return series_frame(target, index, std::move(times), std::move(values));
}

frame predictable_pulse(const json::object& target, const time_window& range) {
  json::object wave;
  if (const auto* w = target.if_contains("pulseWave"); w && w->is_object()) wave = w->get_object();
  const auto on = std::max<std::int64_t>(static_cast<std::int64_t>(number(wave, "onCount").value_or(3)), 0);
  const auto off = std::max<std::int64_t>(static_cast<std::int64_t>(number(wave, "offCount").value_or(6)), 0);
  const double on_value = number(wave, "onValue").value_or(1), off_value = number(wave, "offValue").value_or(0);
  const auto period = std::max<std::int64_t>(on + off, 1);
  return predictable(target, 0, range, number(wave, "timeStep").value_or(60),
                     [&](std::int64_t k) { return k % period < on ? on_value : off_value; });
}

std::vector<frame> predictable_csv_wave(const json::object& target, const time_window& range) {
  std::vector<json::object> waves;
  if (const auto* w = target.if_contains("csvWave"); w && w->is_object()) waves.push_back(w->get_object());
  if (const auto* w = target.if_contains("csvWave"); w && w->is_array())
    for (const auto& item : w->get_array())
      if (item.is_object()) waves.push_back(item.get_object());
  std::vector<frame> out;
  for (std::size_t i = 0; i < waves.size(); ++i) {
    const auto values = parse_number_list(text(waves[i], "valuesCSV"));
    if (values.empty()) continue;
    const auto n = static_cast<std::int64_t>(values.size());
    auto f = predictable(target, static_cast<int>(i), range, number(waves[i], "timeStep").value_or(60),
                         [&](std::int64_t k) { return values[static_cast<std::size_t>(k % n)]; });
    if (auto name = text(waves[i], "name"); !name.empty()) f.name = f.fields[1].name = name;
    if (!text(waves[i], "labels").empty()) f.fields[1].labels = parse_labels(waves[i], static_cast<int>(i));
    out.push_back(std::move(f));
  }
  return out;
}

// manual_entry: `points` as [[value, epoch ms], ...].
frame manual_entry(const json::object& target) {
  std::vector<double> times, values;
  if (const auto* p = target.if_contains("points"); p && p->is_array())
    for (const auto& pt : p->get_array()) {
      if (!pt.is_array() || pt.get_array().size() < 2) continue;
      const auto& a = pt.get_array();
      values.push_back(a[0].is_number() ? a[0].to_number<double>() : nan);
      times.push_back(a[1].is_number() ? a[1].to_number<double>() : nan);
    }
  return series_frame(target, 0, std::move(times), std::move(values));
}

frame empty_frame(const json::object& target) { return series_frame(target, 0, {}, {}); }

// The "logs" scenario: `lines` log lines (10 unless set) spread evenly over the range, the last
// at its end, each with a level; `levelColumn` adds the level as its own field. The words are
// reportd's own (Grafana's generator picks random ones): the panel under test needs lines with
// times and levels, not particular text.
frame logs_frame(const json::object& target, const time_window& range) {
  static constexpr const char* levels[] = {"info", "warning", "info", "error", "debug", "info", "critical"};
  static constexpr const char* words[] = {"request served", "cache miss", "connection reset", "retrying upstream",
                                          "job finished", "config reloaded", "disk almost full"};
  const auto n = static_cast<std::size_t>(std::clamp(number(target, "lines").value_or(10.0), 0.0, 10000.0));
  frame f;
  f.name = ref_of(target);
  f.ref_id = ref_of(target);
  field time{"time", field_type::time, {}, {}, {}, {}};
  field line{"line", field_type::string, {}, {}, {}, {}};
  field level{"level", field_type::string, {}, {}, {}, {}};
  const double span = static_cast<double>(range.to_ms - range.from_ms);
  for (std::size_t i = 0; i < n; ++i) {
    const double at = n > 1 ? static_cast<double>(range.from_ms) + span * static_cast<double>(i) / static_cast<double>(n - 1)
                            : static_cast<double>(range.to_ms);
    const char* lv = levels[i % std::size(levels)];
    time.numbers.push_back(at);
    line.strings.push_back("level=" + std::string(lv) + " msg=\"" + words[i % std::size(words)] + "\" line=" +
                           std::to_string(i + 1));
    level.strings.push_back(lv);
  }
  f.fields.push_back(std::move(time));
  f.fields.push_back(std::move(line));
  if (target.if_contains("levelColumn") && target.at("levelColumn").is_bool() && target.at("levelColumn").get_bool())
    f.fields.push_back(std::move(level));
  return f;
}

// exponential_heatmap_bucket_data / linear_heatmap_bucket_data: one wide frame, a time field and ten
// bucket fields named by their bound (1, 2, 4 ... 512, or 0, 10 ... 90), counts in [0, 100), a row
// every 50 intervals up to 100 rows, as Grafana's TestData gives them.
frame heatmap_buckets(const json::object& target, const time_window& range, const query_context& ctx,
                      bool exponential) {
  frame f;
  f.name = "data";
  f.ref_id = ref_of(target);
  f.fields.push_back({"time", field_type::time, {}, {}, {}});
  for (int i = 0; i < 10; ++i) {
    const long bound = exponential ? (1L << i) : 10L * i;
    f.fields.push_back({std::to_string(bound), field_type::number, {}, {}, {}});
  }
  auto rng = generator(target, 0, range, ctx);
  std::uniform_int_distribution<int> count(0, 99);
  const std::int64_t step = std::max<std::int64_t>(step_ms(range, ctx) * 50, 1);
  std::int64_t t = range.from_ms;
  for (int row = 0; row < 100 && t < range.to_ms; ++row, t += step) {
    f.fields[0].numbers.push_back(static_cast<double>(t));
    for (std::size_t k = 1; k < f.fields.size(); ++k) f.fields[k].numbers.push_back(count(rng));
  }
  return f;
}

bool is_one_of(const std::string& s, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return s == n; });
}

}  // namespace

std::uint64_t series_seed(std::string_view dashboard_uid, int panel_id, std::string_view ref_id,
                          int series_index, std::int64_t from_ms, std::int64_t to_ms) {
  // FNV-1a over the parts, separated so ("ab","c") and ("a","bc") differ.
  std::uint64_t h = 14695981039346656037ULL;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xffU) * 1099511628211ULL;
  };
  mix(dashboard_uid);
  mix(std::to_string(panel_id));
  mix(ref_id);
  mix(std::to_string(series_index));
  mix(std::to_string(from_ms));
  mix(std::to_string(to_ms));
  return h;
}

std::string testdata_source::unsupported(const json::object& target) const {
  const auto s = scenario_of(target);
  const bool known = is_one_of(
      s, {"random_walk", "random_walk_with_error", "slow_query", "streaming_client", "live",
          "csv_metric_values", "predictable_pulse", "predictable_csv_wave", "csv_content",
          "no_data_points", "table_static", "random_walk_table", "manual_entry", "raw_frame",
          "annotations", "logs", "exponential_heatmap_bucket_data",
          "linear_heatmap_bucket_data"});
  return known ? std::string{} : "TestData scenario " + s + " is not supported";
}

std::vector<frame> testdata_source::query(const json::object& target, const time_window& range,
                                          const query_context& ctx) {
  const auto s = scenario_of(target);
  if (is_one_of(s, {"random_walk", "random_walk_with_error", "slow_query", "streaming_client", "live"}))
    return random_walks(target, range, ctx);
  if (s == "csv_metric_values") return {csv_metric_values(target, range)};
  if (s == "predictable_pulse") return {predictable_pulse(target, range)};
  if (s == "predictable_csv_wave") return predictable_csv_wave(target, range);
  if (s == "csv_content") return {frame_from_csv(text(target, "csvContent"), ref_of(target))};
  if (s == "no_data_points") return {empty_frame(target)};
  if (s == "table_static" || s == "random_walk_table") return {random_walk_table(target, range, ctx)};
  if (s == "manual_entry") return {manual_entry(target)};
  if (s == "raw_frame") return frames_from_raw(text(target, "rawFrameContent"), ref_of(target));
  if (s == "logs") return {logs_frame(target, range)};
  if (s == "exponential_heatmap_bucket_data" || s == "linear_heatmap_bucket_data")
    return {heatmap_buckets(target, range, ctx, s == "exponential_heatmap_bucket_data")};
  return {};  // annotations: overlays, no series; the rest are refused by unsupported()
}

}  // namespace reportd::render
