// fieldConfig resolution: defaults, then the overrides whose matcher picks the field; Grafana's
// display names, colour modes and schemes.
#include "render/draw/field_config.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <regex>

#include "render/draw/color_space.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

rgba hex(unsigned v) {
  return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0, 1};
}

const rgba gray = hex(0x808080);  // Grafana's FALLBACK_COLOR

std::string type_name(field_type t) {
  switch (t) {
    case field_type::time: return "time";
    case field_type::number: return "number";
    case field_type::string: return "string";
    case field_type::boolean: return "boolean";
  }
  return "other";
}

// ---- display names -------------------------------------------------------------------

// A frame name of its own, as Grafana's frames have one: not the refId some sources copy into
// it, nor the series name testdata copies onto both the frame and its field.
std::string own_frame_name(const frame& fr) {
  if (fr.name == fr.ref_id) return {};
  for (const auto& f : fr.fields)
    if (f.name == fr.name) return {};
  return fr.name;
}

// Our datasources name a one-series frame after its series (panel.hpp: alias, legend, scenario
// label), which Grafana's frames carry as the field's displayNameFromDS (Prometheus' legend).
// Testdata's labelled series are the exception: Grafana names them by field name and labels.
std::optional<std::string> datasource_name(const frame& fr, const field& f) {
  if (fr.name.empty() || fr.name == fr.ref_id || f.type != field_type::number) return std::nullopt;
  if (f.name == fr.name && !f.labels.empty()) return std::nullopt;
  std::size_t numbers = 0;
  for (const auto& fl : fr.fields)
    if (fl.type == field_type::number) ++numbers;
  if (numbers != 1) return std::nullopt;
  return fr.name;
}

// The one label key every labelled field of the panel shares, or "" when there are several.
std::string single_label_name(const panel& p) {
  std::string single;
  for (const auto& fr : p.frames)
    for (const auto& f : fr.fields)
      for (const auto& kv : f.labels) {
        if (single.empty()) single = kv.first;
        else if (kv.first != single) return {};
      }
  return single;
}

std::optional<std::size_t> frame_index(const panel& p, const frame& fr) {
  if (p.frames.empty() || &fr < p.frames.data() || &fr >= p.frames.data() + p.frames.size()) return std::nullopt;
  return static_cast<std::size_t>(&fr - p.frames.data());
}

// ${__series.name}: Grafana's frame display name.
std::string series_name_of(const panel& p, const frame& fr) {
  if (!fr.name.empty()) return fr.name;
  const field* labelled = nullptr;
  std::size_t with_labels = 0;
  for (const auto& f : fr.fields)
    if (!f.labels.empty()) { ++with_labels; labelled = &f; }
  if (with_labels == 1) return format_labels(labelled->labels);
  if (!fr.ref_id.empty()) return "Series (" + fr.ref_id + ")";
  return "Series (" + std::to_string(frame_index(p, fr).value_or(0)) + ")";
}

// ${__field.x} and ${__series.name} in a displayName ("${__field.labels.instance}").
std::string interpolate(const std::string& text, const panel& p, const frame& fr, const field& f) {
  if (text.find("${__") == std::string::npos) return text;
  static const std::regex var(R"(\$\{(__field|__series)\.([^}:]+)(?::[^}]*)?\})");
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), var);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out.append(text, last, static_cast<std::size_t>(m.position(0)) - last);
    last = static_cast<std::size_t>(m.position(0) + m.length(0));
    const std::string scope = m[1], path = m[2];
    if (scope == "__series") {
      if (path == "name") out += series_name_of(p, fr);
      continue;
    }
    if (path == "name") out += f.name;
    else if (path == "displayName") out += field_display_name(p, fr, f);
    else if (path == "labels" || path == "formattedLabels") out += format_labels(f.labels, false);
    else if (path == "labels.__values") {
      std::vector<std::string> values;
      for (const auto& kv : f.labels) values.push_back(kv.second);
      std::sort(values.begin(), values.end());
      for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
    } else if (path.rfind("labels.", 0) == 0) {
      if (auto l = f.labels.find(path.substr(7)); l != f.labels.end()) out += l->second;
    }
  }
  out.append(text, last, std::string::npos);
  return out;
}

// ---- matchers ------------------------------------------------------------------------------

// Grafana's stringToJsRegex: "/pattern/flags", else the whole name must match.
std::optional<std::regex> js_regex(const std::string& pattern) {
  if (pattern.empty()) return std::nullopt;
  try {
    if (pattern[0] != '/') return std::regex("^" + pattern + "$", std::regex::ECMAScript);
    static const std::regex form("^/(.*)/([gimsuy]*)$");
    std::smatch m;
    if (!std::regex_match(pattern, m, form)) return std::nullopt;
    auto flags = std::regex::ECMAScript;
    if (m[2].str().find('i') != std::string::npos) flags |= std::regex::icase;
    return std::regex(m[1].str(), flags);
  } catch (const std::regex_error&) {
    return std::nullopt;  // a pattern JavaScript accepts but std::regex does not: no match
  }
}

bool regex_test(const std::string& pattern, const std::string& name) {
  auto re = js_regex(pattern);
  return re && std::regex_search(name, *re);
}

bool compare(double left, const std::string& op, std::optional<double> right) {
  if (op == "neq" || op == "ne") return !right || std::isnan(left) || left != *right;
  if (!right || std::isnan(left)) return false;
  if (op == "gt") return left > *right;
  if (op == "gte") return left >= *right;
  if (op == "lt") return left < *right;
  if (op == "lte") return left <= *right;
  return left == *right;  // "eq", Grafana's default
}

bool names_match(const boost::json::object& options, const field& f, const std::string& name) {
  bool hit = false;
  if (const auto* names = json::get_array(options, "names"))
    for (const auto& n : *names)
      if (n.is_string() && (n.get_string() == name || n.get_string() == f.name)) hit = true;
  return hit;
}

bool matches(const boost::json::object& matcher, const frame& fr, const field& f, const std::string& name) {
  const std::string id = json::get_string(matcher, "id");
  const auto* options = json::find(matcher, "options");
  const std::string text = options != nullptr && options->is_string() ? std::string(options->get_string()) : "";
  const auto* opts = options != nullptr ? options->if_object() : nullptr;
  if (id == "byName") return !text.empty() && (text == name || text == f.name);
  if (id == "byRegexp") return regex_test(text, name);
  if (id == "byType") return text == type_name(f.type);
  if (id == "numeric") return f.type == field_type::number;
  if (id == "time") return f.type == field_type::time;
  if (id == "first") return !fr.fields.empty() && &fr.fields.front() == &f;
  if (id == "firstTimeField") {
    for (const auto& fl : fr.fields)
      if (fl.type == field_type::time) return &fl == &f;
    return false;
  }
  if (id == "byFrameRefID") return text == fr.ref_id;
  if (id == "byNames" && opts != nullptr) {
    const bool hit = names_match(*opts, f, name);
    return json::get_string(*opts, "mode") == "exclude" ? !hit : hit;
  }
  if (id == "byRegexpOrNames" && opts != nullptr)
    return names_match(*opts, f, name) || regex_test(json::get_string(*opts, "pattern"), name);
  if (id == "byValue" && opts != nullptr) {
    const std::string reducer = json::get_string(*opts, "reducer");
    if (reducer.empty() || f.type != field_type::number) return false;
    const double left = reduce(f.numbers, reducer);
    if (reducer == "allIsNull" || reducer == "allIsZero") return !std::isnan(left) && left != 0;
    return compare(left, json::get_string(*opts, "op", "eq"), json::get_number(*opts, "value"));
  }
  return false;
}

// Calls `visit(id, value-or-null)` for every property of every override that picks the field.
template <class Visit>
void for_matching(const panel& p, const frame& fr, const field& f, const std::string& name, Visit&& visit) {
  const auto* overrides = json::get_array(p.field_config, "overrides");
  if (overrides == nullptr) return;
  for (const auto& ov : *overrides) {
    const auto* o = ov.if_object();
    const auto* matcher = o != nullptr ? json::get_object(*o, "matcher") : nullptr;
    if (matcher == nullptr || !matches(*matcher, fr, f, name)) continue;
    if (const auto* props = json::get_array(*o, "properties"))
      for (const auto& pr : *props)
        if (const auto* po = pr.if_object()) {
          const auto* v = po->if_contains("value");
          visit(json::get_string(*po, "id"), v != nullptr && !v->is_null() ? v : nullptr);
        }
  }
}

// ---- properties ----------------------------------------------------------------------------

threshold_set parse_thresholds(const boost::json::object& o) {
  threshold_set t;
  t.percentage = json::get_string(o, "mode") == "percentage";
  if (const auto* steps = json::get_array(o, "steps"))
    for (const auto& s : *steps)
      if (const auto* so = s.if_object()) {
        auto v = json::get_number(*so, "value");
        if (v && std::isinf(*v) && *v < 0) v.reset();
        t.steps.push_back({v, parse_color(json::get_string(*so, "color")).value_or(hex(0x73BF69))});
      }
  std::stable_sort(t.steps.begin(), t.steps.end(), [](const threshold_step& a, const threshold_step& b) {
    if (!a.value) return b.value.has_value();
    return b.value && *a.value < *b.value;
  });
  if (t.steps.empty() || t.steps.front().value) t.steps.insert(t.steps.begin(), {std::nullopt, hex(0x73BF69)});
  return t;
}

color_spec parse_color_spec(const boost::json::object& o) {
  color_spec c;
  c.mode = json::get_string(o, "mode");
  if (c.mode.empty()) c.mode = "thresholds";  // Grafana's registry falls back to thresholds
  c.fixed = parse_color(json::get_string(o, "fixedColor"));
  c.series_by = json::get_string(o, "seriesBy");
  return c;
}

void set_custom(boost::json::object& custom, const std::string& path, const boost::json::value* v) {
  auto dot = path.find('.');
  if (dot == std::string::npos) {
    if (v == nullptr) custom.erase(path);
    else custom[path] = *v;
    return;
  }
  auto& child = custom[path.substr(0, dot)];
  if (!child.is_object()) {
    if (v == nullptr) return;
    child = boost::json::object();
  }
  set_custom(child.as_object(), path.substr(dot + 1), v);
}

// What overrides set beside field_display: the names, which resolve in Grafana's order last.
struct names {
  std::optional<std::string> display;
  std::optional<std::string> from_ds;
  bool field_min_max = false;
};

// One property; `v` null: Grafana unsets it.
void apply(field_display& d, names& n, const std::string& id, const boost::json::value* v, const panel& p,
           const frame* fr, const field* f) {
  auto str = [&]() -> std::optional<std::string> {
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
  };
  if (id == "displayName") {
    n.display = str();
    if (n.display && n.display->empty()) n.display.reset();
    if (n.display && fr != nullptr && f != nullptr) n.display = interpolate(*n.display, p, *fr, *f);
  } else if (id == "displayNameFromDS") {
    n.from_ds = str();
    if (n.from_ds && n.from_ds->empty()) n.from_ds.reset();
  } else if (id == "unit") d.unit = str().value_or("");
  else if (id == "decimals") {
    d.decimals.reset();
    if (auto x = v ? json::as_number(*v) : std::nullopt; x && std::isfinite(*x))
      d.decimals = std::clamp(static_cast<int>(*x), 0, 10);
  } else if (id == "min") d.min = v ? json::as_number(*v) : std::nullopt;
  else if (id == "max") d.max = v ? json::as_number(*v) : std::nullopt;
  else if (id == "noValue") d.no_value = str();
  else if (id == "mappings") d.mappings = v != nullptr && v->is_array() ? v->get_array() : boost::json::array();
  else if (id == "color") d.color = v != nullptr && v->is_object() ? parse_color_spec(v->get_object()) : color_spec{"thresholds", {}, {}};
  else if (id == "thresholds") {
    if (v != nullptr && v->is_object()) d.thresholds = parse_thresholds(v->get_object());
    else if (v != nullptr && v->is_array()) d.thresholds = parse_thresholds(boost::json::object{{"steps", *v}});
    else d.thresholds = threshold_set{{{std::nullopt, gray}}, false};
  } else if (id == "fieldMinMax") n.field_min_max = v != nullptr && v->is_bool() && v->get_bool();
  else if (id.rfind("custom.", 0) == 0) set_custom(d.custom, id.substr(7), v);
  // links, filterable, description, ... change nothing a report shows
}

std::string default_mode(const std::string& type) {
  static const char* palette_types[] = {"timeseries", "graph", "piechart", "barchart", "trend",
                                        "xychart", "histogram", "candlestick"};
  for (const char* t : palette_types)
    if (type == t) return "palette-classic";
  if (type == "state-timeline" || type == "status-history") return "continuous-GrYlRd";
  return "thresholds";
}

// The panel-wide defaults, read through the legacy-aware helpers of draw_common.
field_display defaults(const panel& p, names& n, const frame* fr, const field* f) {
  field_display d;
  d.unit = panel_unit(p);
  d.decimals = panel_decimals(p);
  d.min = panel_min(p);
  d.max = panel_max(p);
  d.thresholds.steps = panel_thresholds(p);
  d.thresholds.percentage = panel_thresholds_percentage(p);
  if (const auto* maps = panel_mappings(p)) d.mappings = *maps;
  if (auto nv = no_data_text(p); nv != "No data") d.no_value = nv;
  for (const auto* o : field_defaults_chain(p)) {
    if (const auto* c = json::get_object(*o, "color")) {
      d.color = parse_color_spec(*c);
      if (json::get_string(*c, "mode").empty()) d.color.mode.clear();
      break;
    }
  }
  if (d.color.mode.empty()) d.color.mode = default_mode(p.type);
  d.legacy_palette = p.type == "graph";
  if (const auto* defs = json::get_object(p.field_config, "defaults")) {
    if (const auto* v = defs->if_contains("displayName")) apply(d, n, "displayName", v, p, fr, f);
    if (const auto* v = defs->if_contains("displayNameFromDS")) apply(d, n, "displayNameFromDS", v, p, fr, f);
    if (const auto* v = defs->if_contains("fieldMinMax")) apply(d, n, "fieldMinMax", v, p, fr, f);
    if (const auto* custom = json::get_object(*defs, "custom")) d.custom = *custom;
  }
  return d;
}

// What the datasource set on the field (Grafana frames' field config) wins over the panel's
// defaults, as in Grafana, where the defaults only fill what the datasource left unset.
void datasource_config(field_display& d, names& n, const panel& p, const frame& fr, const field& f) {
  for (const auto& [key, v] : f.config) {
    const std::string id(key);
    if (id == "custom" && v.is_object()) {
      for (const auto& [ck, cv] : v.get_object()) apply(d, n, "custom." + std::string(ck), &cv, p, &fr, &f);
    } else if (!v.is_null()) {
      apply(d, n, id, &v, p, &fr, &f);
    }
  }
}

void min_max_of(const field& f, double& lo, double& hi) {
  if (f.type != field_type::number) return;
  for (double v : f.numbers)
    if (std::isfinite(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
}

// Range, legacy graph colours, hideFrom: what is known once every property is in.
void finish(field_display& d, const names& n, const panel& p, const field* f, const std::string& calculated) {
  d.name = n.display ? *n.display : n.from_ds ? *n.from_ds : calculated;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  if (n.field_min_max && f != nullptr) min_max_of(*f, lo, hi);
  else if (!d.min || !d.max)
    for (const auto& fr : p.frames)
      for (const auto& fl : fr.fields) min_max_of(fl, lo, hi);
  const bool any = lo <= hi;
  d.range_min = d.min ? *d.min : any ? lo : 0;
  d.range_max = d.max ? *d.max : any ? hi : 100;
  if (const auto* h = d.custom.if_contains("hideFrom"); h != nullptr && h->is_object())
    d.hidden_in_viz = json::get_bool(h->get_object(), "viz", false);
  if (p.type != "graph") return;
  // The legacy graph panel: aliasColors and seriesOverrides colour series by name.
  if (const auto* alias = json::get_object(p.raw, "aliasColors"))
    if (const auto* c = alias->if_contains(d.name); c != nullptr && c->is_string())
      if (auto rgb = parse_color(c->get_string())) d.color = {"fixed", rgb, {}};
  if (const auto* overrides = json::get_array(p.raw, "seriesOverrides"))
    for (const auto& so : *overrides) {
      const auto* o = so.if_object();
      if (o == nullptr) continue;
      const std::string alias = json::get_string(*o, "alias");
      const bool hit = !alias.empty() && (alias == d.name || (alias.front() == '/' && regex_test(alias, d.name)));
      if (hit)
        if (auto rgb = parse_color(json::get_string(*o, "color"))) d.color = {"fixed", rgb, {}};
    }
}

// ---- colours -------------------------------------------------------------------------------


double round8(double c) { return std::round(std::clamp(c, 0.0, 1.0) * 255) / 255; }

rgba spin(const rgba& c, double degrees) {
  hsl x = to_hsl(c);
  x.h = std::fmod(x.h + degrees, 360);
  if (x.h < 0) x.h += 360;
  return from_hsl(x, c.a);
}

// Wider (WCAG) contrast of two opaque colours.
double luminance(const rgba& c) {
  auto lin = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast(const rgba& a, const rgba& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

constexpr std::size_t palette_size = 64;  // palette_color() cycles after 64

// Uniform cubic B-spline through the colours (d3's interpolateRgbBasis), per channel.
rgba basis(const std::vector<rgba>& colors, double t) {
  const std::size_t n = colors.size() - 1;
  if (n == 0) return colors.front();
  t = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0);
  const std::size_t i = t >= 1 ? n - 1 : static_cast<std::size_t>(std::floor(t * static_cast<double>(n)));
  auto channel = [&](double rgba::*ch) {
    const double v1 = colors[i].*ch, v2 = colors[i + 1].*ch;
    const double v0 = i > 0 ? colors[i - 1].*ch : 2 * v1 - v2;
    const double v3 = i < n - 1 ? colors[i + 2].*ch : 2 * v2 - v1;
    const double u = (t - static_cast<double>(i) / static_cast<double>(n)) * static_cast<double>(n);
    const double u2 = u * u, u3 = u2 * u;
    const double v = ((1 - 3 * u + 3 * u2 - u3) * v0 + (4 - 6 * u2 + 3 * u3) * v1 +
                      (1 + 3 * u + 3 * u2 - 3 * u3) * v2 + u3 * v3) / 6;
    return round8(v);
  };
  return {channel(&rgba::r), channel(&rgba::g), channel(&rgba::b), 1};
}

// Piecewise linear through evenly spaced stops (the perceptual d3 schemes, sampled).
rgba ramp(const std::vector<unsigned>& stops, double t) {
  t = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0);
  const double at = t * static_cast<double>(stops.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(at), stops.size() - 2);
  const double u = at - static_cast<double>(i);
  const rgba a = hex(stops[i]), b = hex(stops[i + 1]);
  return {round8(a.r + (b.r - a.r) * u), round8(a.g + (b.g - a.g) * u), round8(a.b + (b.b - a.b) * u), 1};
}

bool is_continuous(std::string_view mode) { return mode.rfind("continuous-", 0) == 0; }

}  // namespace

// ---- public: names -------------------------------------------------------------------------

std::string format_labels(const std::map<std::string, std::string>& labels, bool braces) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ", ";
    out += k + "=\"" + v + "\"";
  }
  if (out.empty()) return out;
  return braces ? "{" + out + "}" : out;
}

std::string field_display_name(const panel& p, const frame& fr, const field& f) {
  if (auto ds = datasource_name(fr, f)) return *ds;
  if (f.type == field_type::time && f.labels.empty()) return f.name.empty() ? "Time" : f.name;
  std::vector<std::string> parts;
  bool frame_names_differ = false;
  for (std::size_t i = 1; i < p.frames.size(); ++i)
    if (own_frame_name(p.frames[i]) != own_frame_name(p.frames[i - 1])) frame_names_differ = true;
  const std::string frame_name = own_frame_name(fr);
  bool frame_added = false, labels_added = false;
  if (frame_names_differ && !frame_name.empty()) {
    parts.push_back(frame_name);
    frame_added = true;
  }
  if (!f.name.empty() && f.name != "Value") parts.push_back(f.name);
  if (!f.labels.empty()) {
    const std::string single = single_label_name(p);
    if (single.empty()) {
      parts.push_back(format_labels(f.labels));
      labels_added = true;
    } else if (auto it = f.labels.find(single); it != f.labels.end() && !it->second.empty()) {
      parts.push_back(it->second);
      labels_added = true;
    }
  }
  if (!frame_added && !labels_added && f.name == "Value" && !frame_name.empty()) parts.push_back(frame_name);
  std::string name;
  for (const auto& part : parts) name += (name.empty() ? "" : " ") + part;
  if (name.empty()) name = f.name.empty() ? "Value" : f.name;
  if (name != f.name) return name;
  // The same field name twice in a frame: Grafana numbers each of them ("x 1", "x 2").
  std::size_t dupes = 0;
  bool self = false;
  for (const auto& other : fr.fields) {
    if (&other == &f) {
      self = true;
      if (dupes > 0) { ++dupes; break; }
    } else if (other.name == f.name) {
      ++dupes;
      if (self) break;
    }
  }
  return dupes > 0 ? f.name + " " + std::to_string(dupes) : f.name;
}

// ---- public: resolution --------------------------------------------------------------------

field_display resolve_field(const panel& p, const frame& fr, const field& f) {
  names n;
  field_display d = defaults(p, n, &fr, &f);
  datasource_config(d, n, p, fr, f);
  d.field_name = f.name;
  const std::string calculated = field_display_name(p, fr, f);
  // Matchers see the name before overrides rename the field.
  const std::string match_name = n.display ? *n.display : n.from_ds ? *n.from_ds : calculated;
  for_matching(p, fr, f, match_name, [&](const std::string& id, const boost::json::value* v) {
    apply(d, n, id, v, p, &fr, &f);
  });
  finish(d, n, p, &f, calculated);
  return d;
}

std::string resolve_display_name(const panel& p, const frame& fr, const field& f) {
  names n;
  field_display d = defaults(p, n, &fr, &f);
  datasource_config(d, n, p, fr, f);
  const std::string calculated = field_display_name(p, fr, f);
  const std::string match_name = n.display ? *n.display : n.from_ds ? *n.from_ds : calculated;
  for_matching(p, fr, f, match_name, [&](const std::string& id, const boost::json::value* v) {
    if (id == "displayName" || id == "displayNameFromDS") apply(d, n, id, v, p, &fr, &f);
  });
  return n.display ? *n.display : n.from_ds ? *n.from_ds : calculated;
}

field_display resolve_series(const panel& p, const series& s) {
  if (s.source != nullptr)
    for (const auto& fr : p.frames)
      for (const auto& f : fr.fields)
        if (&f == s.source) return resolve_field(p, fr, f);
  names n;
  field_display d = defaults(p, n, nullptr, nullptr);
  d.field_name = s.name;
  finish(d, n, p, nullptr, s.name);
  return d;
}

std::vector<std::pair<std::string, const boost::json::value*>> matching_properties(const panel& p, const frame& fr,
                                                                                 const field& f) {
  names n;
  field_display d = defaults(p, n, &fr, &f);
  datasource_config(d, n, p, fr, f);
  const std::string calculated = field_display_name(p, fr, f);
  const std::string match_name = n.display ? *n.display : n.from_ds ? *n.from_ds : calculated;
  std::vector<std::pair<std::string, const boost::json::value*>> out;
  for_matching(p, fr, f, match_name, [&](const std::string& id, const boost::json::value* v) { out.emplace_back(id, v); });
  return out;
}

// ---- public: colours -----------------------------------------------------------------------

rgba threshold_color(const threshold_set& t, double value, double lo, double hi) {
  if (t.percentage) value = std::isfinite(lo) && std::isfinite(hi) && hi > lo ? (value - lo) / (hi - lo) * 100 : nan;
  return threshold_color(t.steps, value);
}

std::uint32_t string_hash(std::string_view s) {
  // UTF-8 to UTF-16 code units, hashed from the last to the first (string-hash: h * 33 ^ c).
  std::vector<std::uint16_t> units;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) { cp = c & 0x07; len = 4; }
    else if (c >= 0xE0) { cp = c & 0x0F; len = 3; }
    else if (c >= 0xC0) { cp = c & 0x1F; len = 2; }
    if (i + len > s.size()) { len = 1; cp = c; }
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push_back(static_cast<std::uint16_t>(0xD800 + (cp >> 10)));
      units.push_back(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      units.push_back(static_cast<std::uint16_t>(cp));
    }
    i += len;
  }
  std::uint32_t h = 5381;
  for (auto it = units.rbegin(); it != units.rend(); ++it) h = (h * 33u) ^ *it;
  return h;
}

rgba color_by_name(std::string_view name, const theme& th) {
  std::vector<rgba> usable;
  for (std::size_t i = 0; i < palette_size; ++i)
    if (auto c = palette_color(i); contrast(c, th.panel) >= 3) usable.push_back(c);
  if (usable.empty()) return palette_color(0);
  return usable[string_hash(name) % usable.size()];
}

rgba shade_color(const rgba& base, std::size_t index) {
  constexpr int count = 6;
  index %= 2 * count - 1;
  if (index == 0) return base;
  const int i = static_cast<int>((index + 1) / 2);
  const double k = static_cast<double>(i) / count;
  if (index % 2 == 1) {  // lighter: a hue turn, then every channel raised
    rgba c = spin(base, k * 10);
    const double up = std::round(255 * k * 35 / 100) / 255;
    return {round8(std::round(c.r * 255) / 255 + up), round8(std::round(c.g * 255) / 255 + up),
            round8(std::round(c.b * 255) / 255 + up), base.a};
  }
  hsl x = to_hsl(spin(base, -k * 10));  // darker: the other way round, less lightness
  x.l = std::clamp(x.l - k * 35 / 100, 0.0, 1.0);
  rgba c = from_hsl(x, base.a);
  return {round8(c.r), round8(c.g), round8(c.b), base.a};
}

std::optional<rgba> continuous_color(std::string_view mode, double percent, const theme& th) {
  auto named = [](const char* n) { return *parse_color(n); };
  struct scheme { const char* id; std::array<const char*, 3> colors; };
  static const scheme schemes[] = {
      {"continuous-GrYlRd", {"green", "yellow", "red"}},
      {"continuous-RdYlGr", {"red", "yellow", "green"}},
      {"continuous-BlYlRd", {"dark-blue", "super-light-yellow", "dark-red"}},
      {"continuous-YlRd", {"super-light-yellow", "dark-red", nullptr}},
      {"continuous-BlPu", {"blue", "purple", nullptr}},
      {"continuous-YlBl", {"super-light-yellow", "dark-blue", nullptr}},
      {"continuous-blues", {"panel-bg", "dark-blue", nullptr}},
      {"continuous-reds", {"panel-bg", "dark-red", nullptr}},
      {"continuous-greens", {"panel-bg", "dark-green", nullptr}},
      {"continuous-purples", {"panel-bg", "dark-purple", nullptr}},
  };
  for (const auto& s : schemes) {
    if (mode != s.id) continue;
    std::vector<rgba> colors;
    for (const char* c : s.colors)
      if (c != nullptr) colors.push_back(std::string_view(c) == "panel-bg" ? th.panel : named(c));
    return basis(colors, percent);
  }
  // d3's perceptual schemes, sampled at ten even stops.
  static const std::pair<const char*, std::vector<unsigned>> perceptual[] = {
      {"continuous-viridis", {0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725}},
      {"continuous-magma", {0x000004, 0x180F3D, 0x440F76, 0x721F81, 0x9E2F7F, 0xCD4071, 0xF1605D, 0xFD9668, 0xFECA8D, 0xFCFDBF}},
      {"continuous-plasma", {0x0D0887, 0x47039F, 0x7301A8, 0x9C179E, 0xBD3786, 0xD8576B, 0xED7953, 0xFA9E3B, 0xFDC926, 0xF0F921}},
      {"continuous-inferno", {0x000004, 0x1B0C41, 0x4A0C6B, 0x781C6D, 0xA52C60, 0xCF4446, 0xED6925, 0xFB9B06, 0xF7D13D, 0xFCFFA4}},
      {"continuous-cividis", {0x00224E, 0x123570, 0x3B496C, 0x575D6D, 0x707173, 0x8A8779, 0xA69D75, 0xC4B56C, 0xE4CF5B, 0xFEE838}},
  };
  for (const auto& [id, stops] : perceptual)
    if (mode == id) return ramp(stops, percent);
  return std::nullopt;
}

rgba field_value_color(const field_display& d, double value, double lo, double hi, std::size_t palette_index,
                       const theme& th) {
  const std::string& mode = d.color.mode;
  if (mode.empty() || mode == "palette-classic")
    return d.legacy_palette ? legacy_palette_color(palette_index) : palette_color(palette_index);
  if (mode == "fixed") return d.color.fixed.value_or(gray);
  if (mode == "shades") return shade_color(d.color.fixed.value_or(gray), palette_index);
  if (mode == "palette-classic-by-name") return color_by_name(d.name, th);
  if (is_continuous(mode)) {
    const double percent = hi > lo ? (value - lo) / (hi - lo) : 0;
    if (auto c = continuous_color(mode, percent, th)) return *c;
  }
  return threshold_color(d.thresholds, value, lo, hi);  // "thresholds", and Grafana's fallback for unknown modes
}

rgba field_value_color(const field_display& d, double value, double lo, double hi, std::size_t palette_index) {
  return field_value_color(d, value, lo, hi, palette_index, theme_named("light"));
}

rgba field_value_color(const field_display& d, double value, std::size_t palette_index) {
  return field_value_color(d, value, d.range_min, d.range_max, palette_index);
}

rgba field_series_color(const field_display& d, const series& s, std::size_t palette_index, const theme& th) {
  const std::string& mode = d.color.mode;
  const bool by_value = mode == "thresholds" || is_continuous(mode) ||
                        !(mode.empty() || mode == "palette-classic" || mode == "palette-classic-by-name" ||
                          mode == "fixed" || mode == "shades");
  double v = 0;
  if (by_value) {
    v = reduce(s.values, d.color.series_by.empty() ? "last" : d.color.series_by);
    if (std::isnan(v)) v = 0;
  }
  return field_value_color(d, v, d.range_min, d.range_max, palette_index, th);
}

rgba field_series_color(const field_display& d, const series& s, std::size_t palette_index) {
  return field_series_color(d, s, palette_index, theme_named("light"));
}

std::optional<std::string> field_mapped_text(const field_display& d, double value) {
  return mapped_text(d.mappings, value);
}

std::optional<rgba> field_mapped_color(const field_display& d, double value) {
  auto hit = mapped_result(d.mappings, value);
  if (!hit || hit->color.empty()) return std::nullopt;
  return parse_color(hit->color);
}

std::string field_display_value(const field_display& d, double value) {
  if (auto text = field_mapped_text(d, value)) return *text;
  if (std::isnan(value) && d.no_value) return *d.no_value;
  return format_value(value, d.unit, d.decimals);
}

}  // namespace reportd::render
