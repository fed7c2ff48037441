#include "render/dashboard.hpp"

#include <algorithm>
#include <set>
#include <string>

// Dashboards are parsed with Boost.JSON, not simdjson: resolution clones and edits panels
// (repeat copies, substituted titles and content), which needs a mutable DOM.
#include <boost/json.hpp>

#include "render/dashboard_grid.hpp"
#include "render/panel_time.hpp"
#include "render/query_runner.hpp"
#include "render/datasources/resolve.hpp"
#include "render/transform/transform.hpp"
#include "render/variables.hpp"
#include "model/duration.hpp"
#include "model/time_expr.hpp"

namespace reportd::render {
namespace {

namespace json = boost::json;

constexpr std::int64_t max_points_cap = 1000;
constexpr std::int64_t px_per_column = 50;  // a 24-column dashboard about 1200 px wide

model::problem render_failed(std::string msg) { return {model::errc::render_failed, std::move(msg)}; }

std::string str_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

// A saved time may be an expression or epoch milliseconds as a number.
std::string scalar_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v && v->is_number()) return std::to_string(v->to_number<std::int64_t>());
  return str_of(o, key);
}

bool flag(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

json::object object_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : json::object{};
}

// Panel types that show no query result.
bool needs_query(const std::string& type) {
  static const std::set<std::string> no_query{"row", "text", "dashlist", "news", "alertlist",
                                              "annolist", "welcome", "gettingstarted", "pluginlist"};
  return no_query.count(type) == 0;
}

model::checked<json::object> parse_dashboard(const std::string& text) {
  boost::system::error_code ec;
  auto doc = json::parse(text, ec);
  if (ec) return render_failed("dashboard JSON is not valid: " + ec.message());
  if (!doc.is_object()) return render_failed("dashboard JSON is not an object");
  auto& root = doc.get_object();
  // Grafana's API wraps the model as {"dashboard": {...}, "meta": {...}}.
  if (const auto* inner = root.if_contains("dashboard");
      inner && inner->is_object() && !root.contains("panels") && !root.contains("rows"))
    return inner->get_object();
  return std::move(root);
}

void substitute_strings(json::value& v, const variable_set& scope, std::string_view format = "glob") {
  if (v.is_string()) {
    v = scope.substitute(v.get_string(), format);
  } else if (v.is_array()) {
    for (auto& item : v.get_array()) substitute_strings(item, scope, format);
  } else if (v.is_object()) {
    for (auto& member : v.get_object())
      if (member.key() != "refId" && member.key() != "datasource") substitute_strings(member.value(), scope, format);
  }
}

// "10s", "1m", "2h" in milliseconds; 0 when empty or unreadable.
std::int64_t interval_ms_of(const std::string& text) {
  return std::max<std::int64_t>(model::parse_duration_ms(text).value_or(0), 0);
}

std::string join_unique(const std::vector<std::string>& items) {
  std::string out;
  std::set<std::string> seen;
  for (const auto& s : items)
    if (seen.insert(s).second) out += (out.empty() ? "" : "; ") + s;
  return out;
}

// A source that expands the time macros itself (datasource::expands_time_macros) finds them
// left in its targets.
variable_set macros_left_in(variable_set scope) {
  for (const char* name : {"__interval", "__interval_ms", "__range", "__range_s", "__range_ms"})
    scope.set_builtin(name, std::string("$") + name);
  return scope;
}

// A panel's queries, collected before any runs, and what came back for each.
struct panel_queries {
  std::vector<std::size_t> jobs;       // indices into the render's job list
  std::vector<std::string> unplanned;  // targets with no usable datasource: the panel failed too
};

void plan_queries(const json::object& pj, const variable_set& scope, const time_window& range,
                  const query_context& ctx, const datasource_registry& sources, panel_queries& plan,
                  std::vector<query_job>& jobs) {
  json::array targets;
  if (const auto* t = pj.if_contains("targets"); t && t->is_array()) targets = t->get_array();
  if (targets.empty()) targets.push_back(json::object{{"refId", "A"}});  // Grafana's default query
  for (auto& tv : targets) {
    if (!tv.is_object() || flag(tv.get_object(), "hide")) continue;
    auto target = tv.get_object();
    const auto picked = resolve_target_source(pj, target, scope, sources);
    auto* source = picked.source;
    if (source == nullptr) {
      plan.unplanned.push_back(picked.problem);
      continue;
    }
    json::value substituted = target;
    if (source->expands_time_macros()) {
      substitute_strings(substituted, macros_left_in(scope), "prometheus");
    } else {
      substitute_strings(substituted, scope);
    }
    if (auto why = source->unsupported(substituted.get_object()); !why.empty()) {
      plan.unplanned.push_back(why);
      continue;
    }
    plan.jobs.push_back(jobs.size());
    jobs.push_back({source, std::move(substituted.get_object()), range, ctx, source->expands_time_macros()});
  }
}

// Frames and errors into the panel: a panel with no frames shows why; one with frames and a
// failed target notes the failure under its data. Returns the panel's failures: targets whose
// source could not be used (not configured, not supported) and queries that failed.
std::vector<std::string> take_outcomes(panel& p, panel_queries& plan, const std::vector<query_job>& jobs,
                                       std::vector<query_outcome>& outcomes) {
  std::vector<std::string> failures = plan.unplanned;
  for (const auto j : plan.jobs) {
    auto& o = outcomes[j];
    if (!o.error.empty()) {
      const auto* ref = jobs[j].target.if_contains("refId");
      const std::string ref_id = ref && ref->is_string() ? std::string(ref->get_string()) : std::string{};
      failures.push_back("query " + ref_id + " failed: " + o.error);
      continue;
    }
    for (auto& f : o.frames) p.frames.push_back(std::move(f));
  }
  if (p.frames.empty()) {
    p.notice = join_unique(failures);
  } else {
    for (const auto& f : failures) p.notes.push_back(f);
  }
  return failures;
}

bool has_time_field(const frame& f) {
  return std::any_of(f.fields.begin(), f.fields.end(), [](const field& x) { return x.type == field_type::time; });
}

// Series and points past [reporting] max_series_per_panel / max_points_per_series are cut
// (the first ones kept) and the panel says so: the report still goes out. Tables (frames
// without a time field) keep their rows.
void cap_frames(panel& p, const render_limits& limits) {
  if (limits.max_series != 0 && p.frames.size() > limits.max_series) {
    p.notes.push_back("showing the first " + std::to_string(limits.max_series) + " of " +
                      std::to_string(p.frames.size()) + " series (the limit is [reporting] max_series_per_panel)");
    p.frames.resize(limits.max_series);
  }
  if (limits.max_points == 0) return;
  std::size_t cut = 0, longest = 0;
  for (auto& f : p.frames) {
    if (f.length() <= limits.max_points || !has_time_field(f)) continue;
    ++cut;
    longest = std::max(longest, f.length());
    for (auto& x : f.fields) {
      if (x.numbers.size() > limits.max_points) x.numbers.resize(limits.max_points);
      if (x.strings.size() > limits.max_points) x.strings.resize(limits.max_points);
    }
  }
  if (cut > 0)
    p.notes.push_back("showing the first " + std::to_string(limits.max_points) + " of " + std::to_string(longest) +
                      " points" + (cut > 1 ? " in " + std::to_string(cut) + " series" : std::string()) +
                      " (the limit is [reporting] max_points_per_series)");
}

std::int64_t max_points(const json::object& pj, const grid_pos& pos) {
  if (const auto* v = pj.if_contains("maxDataPoints"); v && v->is_number()) {
    const auto n = v->to_number<double>();
    if (n >= 1) return std::min<std::int64_t>(static_cast<std::int64_t>(n), 100000);
  }
  return std::min<std::int64_t>(max_points_cap, pos.w * px_per_column);
}

// Text panels: options.content, or `content` in panels older than Grafana 7.
void substitute_text_content(panel& p, const variable_set& scope) {
  if (const auto* c = p.options.if_contains("content"); c && c->is_string()) {
    p.options["content"] = scope.substitute(c->get_string());
  } else if (const auto* legacy = p.raw.if_contains("content"); legacy && legacy->is_string()) {
    p.options["content"] = scope.substitute(legacy->get_string());
    if (!p.options.contains("mode")) p.options["mode"] = str_of(p.raw, "mode").empty() ? "markdown" : str_of(p.raw, "mode");
  }
  if (p.raw.contains("content") && p.raw["content"].is_string()) p.raw["content"] = p.options["content"];
}

panel build_panel(const placed_panel& pp, const time_window& dashboard_range, std::int64_t now_ms,
                  const std::string& dashboard_uid, std::int64_t deadline_ms, const datasource_registry& sources,
                  panel_queries& plan, std::vector<query_job>& jobs) {
  panel p;
  p.id = pp.id;
  p.type = str_of(pp.json, "type");
  p.pos = pp.pos;
  p.collapsed = pp.collapsed;
  auto scope = pp.scope;
  // Query options timeFrom/timeShift: the panel's queries and its x axis use its own range.
  const auto own = apply_time_overrides(scope.substitute(scalar_of(pp.json, "timeFrom"), "text"),
                                        scope.substitute(scalar_of(pp.json, "timeShift"), "text"),
                                        flag(pp.json, "hideTimeOverride"), dashboard_range, now_ms);
  const time_window& range = own.range;
  if (own.changed) {
    p.range = own.range;
    const auto span = range.to_ms - range.from_ms;
    scope.set_builtin("__from", std::to_string(range.from_ms));
    scope.set_builtin("__to", std::to_string(range.to_ms));
    scope.set_builtin("__range_ms", std::to_string(span));
    scope.set_builtin("__range_s", std::to_string(span / 1000));
    scope.set_builtin("__range", interval_text(std::max<std::int64_t>(span, 1)));
  }
  p.time_info = own.info;
  query_context ctx;
  ctx.dashboard_uid = dashboard_uid;
  ctx.panel_id = pp.id;
  ctx.max_data_points = max_points(pp.json, pp.pos);
  ctx.min_interval = scope.substitute(str_of(pp.json, "interval"), "text");
  ctx.deadline_ms = deadline_ms;
  ctx.interval_ms = round_interval_ms(range.to_ms - range.from_ms, ctx.max_data_points);
  // The panel's min interval (query options) is a floor for $__interval, as in Grafana.
  if (const auto floor = interval_ms_of(ctx.min_interval); floor > ctx.interval_ms) ctx.interval_ms = floor;
  scope.set_builtin("__interval", interval_text(ctx.interval_ms));
  scope.set_builtin("__interval_ms", std::to_string(ctx.interval_ms));
  p.title = scope.substitute(str_of(pp.json, "title"), "text");
  p.description = scope.substitute(str_of(pp.json, "description"), "text");
  p.options = object_at(pp.json, "options");
  p.field_config = object_at(pp.json, "fieldConfig");
  p.raw = pp.json;
  p.raw["id"] = p.id;
  p.raw["title"] = p.title;
  p.raw["gridPos"] = json::object{{"x", p.pos.x}, {"y", p.pos.y}, {"w", p.pos.w}, {"h", p.pos.h}};
  if (p.type.empty() && pp.json.contains("libraryPanel")) {
    p.notice = "library panels are not supported";
    return p;
  }
  if (p.type == "text") substitute_text_content(p, scope);
  if (needs_query(p.type)) plan_queries(pp.json, scope, range, ctx, sources, plan, jobs);
  return p;
}

// Transformations run on the final query results; every drawer and the CSV see their output.
void transform_panel(panel& p, const json::object& pj) {
  if (const auto* t = pj.if_contains("transformations"); t && t->is_array() && !p.frames.empty())
    p.frames = apply_transformations(t->get_array(), std::move(p.frames), p.notes);
}

// Query variables ask their datasource, chained ones in dependency order.
void resolve_query_variables(variable_set& vars, const time_window& range, const std::string& dashboard_uid,
                             std::int64_t deadline_ms, const datasource_registry& sources,
                             std::vector<std::string>& errors) {
  query_context ctx;
  ctx.dashboard_uid = dashboard_uid;
  ctx.deadline_ms = deadline_ms;
  vars.resolve_queries(
      [&](const variable& v, const variable_set& scope) {
        const auto picked = resolve_source(v.datasource.is_null() ? nullptr : &v.datasource, scope, sources);
        if (picked.source == nullptr) throw std::runtime_error(picked.problem);
        json::value query = v.query;
        if (picked.source->expands_time_macros()) {
          substitute_strings(query, scope, "prometheus");
        } else {
          substitute_strings(query, scope);
        }
        return picked.source->metric_find(query, range, ctx);
      },
      errors);
}

void set_range_builtins(variable_set& vars, const time_window& range, const std::string& title) {
  const auto span = range.to_ms - range.from_ms;
  vars.set_builtin("__from", std::to_string(range.from_ms));
  vars.set_builtin("__to", std::to_string(range.to_ms));
  vars.set_builtin("__range_ms", std::to_string(span));
  vars.set_builtin("__range_s", std::to_string(span / 1000));
  vars.set_builtin("__range", interval_text(std::max<std::int64_t>(span, 1)));
  vars.set_builtin("__dashboard", title);
}

}  // namespace

model::checked<time_window> resolve_time_window(const json::object& dashboard, const dashboard_input& in,
                                                const render_request& req) {
  model::time_range r = in.ref.range;
  if (r.from.empty() && r.to.empty()) r = req.options.range;
  if (r.from.empty() && r.to.empty()) {
    const auto saved = object_at(dashboard, "time");
    r = {scalar_of(saved, "from"), scalar_of(saved, "to")};
  }
  if (r.from.empty()) r.from = "now-6h";
  if (r.to.empty()) r.to = "now";
  const auto from = model::evaluate_time_expression(r.from, req.now_ms, req.time_zone, false);
  if (!from) return render_failed("time range start '" + r.from + "' is not a valid time expression");
  const auto to = model::evaluate_time_expression(r.to, req.now_ms, req.time_zone, true);
  if (!to) return render_failed("time range end '" + r.to + "' is not a valid time expression");
  if (*from >= *to) return render_failed("time range " + r.from + " to " + r.to + " is empty");
  return time_window{*from, *to, req.time_zone, r.from, r.to};
}

model::checked<dashboard_view> resolve_dashboard(const dashboard_input& in, const render_request& req) {
  const datasource_registry sources;
  return resolve_dashboard(in, req, sources);
}

model::checked<dashboard_view> resolve_dashboard(const dashboard_input& in, const render_request& req,
                                                 const datasource_registry& sources) {
  try {
    auto dash = parse_dashboard(in.json);
    if (!dash) return std::move(dash).error();
    auto range = resolve_time_window(*dash, in, req);
    if (!range) return std::move(range).error();
    dashboard_view view;
    view.uid = str_of(*dash, "uid").empty() ? in.ref.dashboard.uid : str_of(*dash, "uid");
    view.title = str_of(*dash, "title").empty() ? in.ref.dashboard.name : str_of(*dash, "title");
    view.range = *range;
    auto vars = variable_set::from_dashboard(*dash, in.ref.variables);
    bind_datasource_variables(vars, *dash, in.ref.variables, sources);
    vars.resolve_auto_intervals(view.range.to_ms - view.range.from_ms);
    set_range_builtins(vars, view.range, view.title);
    resolve_query_variables(vars, view.range, view.uid, req.deadline_ms, sources, view.errors);
    view.variables = vars.effective();
    // Every panel's queries are collected first and then run together.
    auto arranged = arrange_panels(*dash, vars, req.limits.max_panels);
    if (!arranged)
      return model::bad_request("dashboard '" + view.title + "' " + arranged.error().message +
                                "; the limit is [reporting] max_panels_per_render");
    const auto placed = std::move(*arranged);
    std::vector<panel_queries> plans(placed.size());
    std::vector<query_job> jobs;
    for (std::size_t i = 0; i < placed.size(); ++i) {
      if (out_of_time(req.answer_by_ms))
        return stopped_at_deadline("in dashboard '" + view.title + "' after planning " + std::to_string(i) + " of " +
                                   std::to_string(placed.size()) + " panels");
      view.panels.push_back(build_panel(placed[i], view.range, req.now_ms, view.uid, req.deadline_ms, sources, plans[i], jobs));
    }
    auto outcomes = run_queries_concurrently(jobs, default_query_threads, req.deadline_ms, &view.queries);
    for (std::size_t i = 0; i < placed.size(); ++i) {
      if (out_of_time(req.answer_by_ms))
        return stopped_at_deadline("in dashboard '" + view.title + "' after preparing " + std::to_string(i) + " of " +
                                   std::to_string(placed.size()) + " panels");
      auto& p = view.panels[i];
      auto failures = take_outcomes(p, plans[i], jobs, outcomes);
      failures.insert(failures.begin(), plans[i].unplanned.begin(), plans[i].unplanned.end());
      cap_frames(p, req.limits);
      if (!failures.empty())
        view.errors.push_back("panel '" + p.title + "' (id " + std::to_string(p.id) + "): " + join_unique(failures));
      transform_panel(p, placed[i].json);
    }
    return view;
  } catch (const std::exception& e) {
    // Boost.JSON and the standard library throw (bad_alloc, out_of_range); none crosses the API.
    return render_failed("dashboard '" + in.ref.dashboard.uid + "' could not be resolved: " + e.what());
  }
}

}  // namespace reportd::render
