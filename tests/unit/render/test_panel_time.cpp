// Panel time overrides as a report reader meets them: a panel with timeFrom or timeShift
// asks its source for its own range, its x axis shows that range, and its title carries
// Grafana's note ("Last 2 hours", "timeshift -1h") unless hideTimeOverride hides it.
#include "catch_prelude.hpp"

#include <map>
#include <mutex>

#include <boost/json.hpp>

#include "render/dashboard.hpp"
#include "render/panel_time.hpp"
#include "render/units.hpp"
#include "test_draw_pdf.hpp"

namespace {

using namespace reportd::render;
using namespace reportd::render::testing;
namespace json = boost::json;

constexpr std::int64_t hour = 3600000;
constexpr std::int64_t now_ms = 1795186800000;  // 2026-11-20T15:00:00Z

// Answers every target with a series over the range it was asked for, and remembers it.
class range_source final : public datasource {
public:
  std::vector<frame> query(const json::object& target, const time_window& range, const query_context&) override {
    const std::string expr(target.at("expr").get_string());
    {
      std::lock_guard<std::mutex> lock(m);
      asked[expr] = {range.from_ms, range.to_ms};
    }
    frame f;
    f.name = expr;
    field t{"Time", field_type::time, {}, {}, {}};
    field v{"Value", field_type::number, {}, {}, {}};
    for (auto ms = range.from_ms; ms <= range.to_ms; ms += 600000) {
      t.numbers.push_back(static_cast<double>(ms));
      v.numbers.push_back(static_cast<double>((ms / 600000) % 7));
    }
    f.fields = {t, v};
    return {f};
  }
  std::vector<std::string> metric_find(const json::value&, const time_window&, const query_context&) override { return {}; }
  std::mutex m;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> asked;
};

std::string panel_json(int id, const std::string& expr, const std::string& extra) {
  return R"({"id":)" + std::to_string(id) + R"(,"type":"timeseries","title":"P)" + std::to_string(id) +
         R"(","datasource":{"type":"ranged","uid":"r"},"gridPos":{"x":0,"y":)" + std::to_string(id * 8) +
         R"(,"w":12,"h":8},"targets":[{"refId":"A","expr":")" + expr + R"("}])" + extra + "}";
}

struct resolved {
  std::shared_ptr<range_source> source = std::make_shared<range_source>();
  dashboard_view view;
};

resolved resolve(const std::string& time_from, const std::vector<std::string>& panels) {
  resolved r;
  datasource_registry sources;
  sources.add("ranged", "r", "Ranged", r.source);
  std::string list;
  for (const auto& p : panels) list += (list.empty() ? "" : ",") + p;
  const std::string dash = R"({"uid":"t","title":"Times","schemaVersion":38,"time":{"from":")" + time_from +
                           R"(","to":"now"},"panels":[)" + list + "]}";
  render_request req;
  req.now_ms = now_ms;
  dashboard_input in{dash, {}};
  auto view = resolve_dashboard(in, req, sources);
  REQUIRE(view);
  r.view = std::move(*view);
  return r;
}

// The panel drawn as the report draws it: with the dashboard's range in the context.
std::vector<word_box> drawn_words(const panel& p, const time_window& dashboard_range) {
  std::string out;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append_bytes, &out, 842, 595);
  cairo_t* cr = cairo_create(s);
  {
    text_painter text(cr);
    draw_context ctx{cr, text, theme_named("light"), dashboard_range, 1};
    draw_panel(ctx, p, {20, 20, 500, 250});
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return pdf_words(out);
}

// "HH:MM" words under the plot: the x axis labels.
std::vector<std::string> time_labels(const std::vector<word_box>& words) {
  std::vector<std::string> out;
  for (const auto& w : words)
    if (w.text.size() == 5 && w.text[2] == ':' && std::isdigit(static_cast<unsigned char>(w.text[0]))) out.push_back(w.text);
  return out;
}

std::string minus_hour(const std::string& hhmm) {
  int h = std::stoi(hhmm.substr(0, 2));
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%s", (h + 23) % 24, hhmm.substr(3).c_str());
  return buf;
}

std::string title_line(const std::vector<word_box>& words) {
  std::string line;
  const double top = words.empty() ? 0 : words.front().y0;
  for (const auto& w : words)
    if (std::fabs(w.y0 - top) < 2) line += (line.empty() ? "" : " ") + w.text;
  return line;
}

}  // namespace

TEST_CASE("Grafana's words for panel time overrides", "[panel_time]") {
  CHECK(describe_relative("2h") == "Last 2 hours");
  CHECK(describe_relative("1h") == "Last 1 hour");
  CHECK(describe_relative("7d") == "Last 7 days");
  CHECK(describe_relative("now-30m") == "Last 30 minutes");
  CHECK(describe_relative("now/d") == "Today so far");
  CHECK(describe_relative("bogus") == "");
  time_window dash{now_ms - 6 * hour, now_ms, "GMT", "now-6h", "now"};
  auto both = apply_time_overrides("2h", "1h", false, dash, now_ms);
  CHECK(both.info == "Last 2 hours timeshift -1h");
  CHECK(both.range.from_ms == now_ms - 3 * hour);
  CHECK(both.range.to_ms == now_ms - hour);
  CHECK(apply_time_overrides("", "1d", false, dash, now_ms).info == "timeshift -1d");
  CHECK(apply_time_overrides("2h", "", true, dash, now_ms).info.empty());
  CHECK(apply_time_overrides("2h", "", true, dash, now_ms).range.from_ms == now_ms - 2 * hour);
  CHECK(apply_time_overrides("bogus", "", false, dash, now_ms).info == "invalid time override");
  CHECK(apply_time_overrides("", "x", false, dash, now_ms).info == "invalid timeshift");
  // An absolute dashboard range keeps timeFrom from replacing it (timeShift still moves it).
  time_window fixed{now_ms - 6 * hour, now_ms, "GMT", "1795165200000", "1795186800000"};
  auto kept = apply_time_overrides("2h", "", false, fixed, now_ms);
  CHECK(kept.range.from_ms == fixed.from_ms);
  CHECK(kept.info.empty());
}

TEST_CASE("a panel's queries run over its overridden range, and its title says so", "[panel_time]") {
  auto r = resolve("now-6h", {panel_json(1, "plain", ""), panel_json(2, "from", R"(,"timeFrom":"2h")"),
                              panel_json(3, "shift", R"(,"timeShift":"1h")"),
                              panel_json(4, "hidden", R"(,"timeFrom":"2h","timeShift":"1h","hideTimeOverride":true)"),
                              panel_json(5, "macro $__from", R"(,"timeShift":"1h")")});
  auto& asked = r.source->asked;
  CHECK(asked.at("plain") == std::make_pair(now_ms - 6 * hour, now_ms));
  CHECK(asked.at("from") == std::make_pair(now_ms - 2 * hour, now_ms));
  CHECK(asked.at("shift") == std::make_pair(now_ms - 7 * hour, now_ms - hour));
  CHECK(asked.at("hidden") == std::make_pair(now_ms - 3 * hour, now_ms - hour));
  // $__from in a query of a shifted panel is the shifted start.
  CHECK(asked.count("macro " + std::to_string(now_ms - 7 * hour)) == 1);
  const auto& v = r.view;
  CHECK(v.panels[0].time_info.empty());
  CHECK(v.panels[1].time_info == "Last 2 hours");
  CHECK(v.panels[2].time_info == "timeshift -1h");
  CHECK(v.panels[3].time_info.empty());

  // What the reader sees: the note after the title, nothing after the hidden one's.
  CHECK(title_line(drawn_words(v.panels[1], v.range)) == "P2 Last 2 hours");
  CHECK(title_line(drawn_words(v.panels[2], v.range)) == "P3 timeshift -1h");
  CHECK(title_line(drawn_words(v.panels[3], v.range)) == "P4");
  CHECK(title_line(drawn_words(v.panels[0], v.range)) == "P1");
}

TEST_CASE("the x axis of a panel shifted by 1h reads one hour earlier than its neighbour's", "[panel_time]") {
  auto r = resolve("now-6h", {panel_json(1, "plain", ""), panel_json(2, "shift", R"(,"timeShift":"1h")")});
  auto plain = time_labels(drawn_words(r.view.panels[0], r.view.range));
  auto shifted = time_labels(drawn_words(r.view.panels[1], r.view.range));
  REQUIRE(plain.size() >= 3);
  REQUIRE(shifted.size() == plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) CHECK(shifted[i] == minus_hour(plain[i]));
  // A timeFrom panel spans two hours where its neighbour spans six.
  auto r2 = resolve("now-6h", {panel_json(1, "plain", ""), panel_json(2, "from", R"(,"timeFrom":"2h")")});
  auto last2 = time_labels(drawn_words(r2.view.panels[1], r2.view.range));
  REQUIRE_FALSE(last2.empty());
  for (const auto& l : last2) CHECK(l >= "13:00");
}
