// Heatmap: a grid of time x value buckets coloured by how many values (or how much) each
// holds. Either calculated from time series (options.calculate, or the legacy panel's
// dataFormat "timeseries": every value counted into an x (time) and y (value) bucket), or
// read from data already bucketed: one row per number field (the legacy "tsbuckets", or
// Prometheus-style frames labelled le, cumulative counts turned into per-bucket counts).
// Colour: options.color mode "scheme" (a named sequential scheme, reversible, in `steps`
// steps) or "opacity" (the fill colour, linear or exponential); the legacy panel's
// color.mode spectrum / opacity the same way. Empty cells stay blank, as Grafana hides them.
#include <algorithm>
#include <cmath>
#include <limits>

#include "render/draw/draw_chart.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

struct grid {
  std::vector<double> x_edges;          // time bucket edges (epoch ms), size columns + 1
  std::vector<std::string> row_labels;  // bottom row first
  std::vector<double> y_edges;          // value edges when calculated (size rows + 1), else empty
  std::vector<std::vector<double>> cells;  // [row][column], NaN or 0: empty
  std::string unit;
  std::optional<int> decimals;
};

struct gradient_stop {
  double at;
  std::uint32_t rgb;
};

rgba hex_color(std::uint32_t v) {
  return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0, 1};
}

// Sequential schemes by name (Grafana's d3 names, with or without "interpolate"): a few
// stops each, interpolated linearly — close to the originals, not a copy of them.
std::vector<gradient_stop> scheme_stops(std::string name) {
  if (name.rfind("interpolate", 0) == 0) name = name.substr(11);
  if (name == "Reds") return {{0, 0xfff5f0}, {0.5, 0xfb6a4a}, {1, 0x67000d}};
  if (name == "Greens") return {{0, 0xf7fcf5}, {0.5, 0x74c476}, {1, 0x00441b}};
  if (name == "Blues") return {{0, 0xf7fbff}, {0.5, 0x6baed6}, {1, 0x08306b}};
  if (name == "Purples") return {{0, 0xfcfbfd}, {0.5, 0x9e9ac8}, {1, 0x3f007d}};
  if (name == "Greys") return {{0, 0xffffff}, {0.5, 0x969696}, {1, 0x000000}};
  if (name == "Viridis") return {{0, 0x440154}, {0.25, 0x3b528b}, {0.5, 0x21918c}, {0.75, 0x5ec962}, {1, 0xfde725}};
  if (name == "Magma") return {{0, 0x000004}, {0.33, 0x721f81}, {0.66, 0xf1605d}, {1, 0xfcfdbf}};
  if (name == "Inferno") return {{0, 0x000004}, {0.33, 0x781c6d}, {0.66, 0xed6925}, {1, 0xfcffa4}};
  if (name == "Plasma") return {{0, 0x0d0887}, {0.33, 0x9c179e}, {0.66, 0xed7953}, {1, 0xf0f921}};
  if (name == "Spectral") return {{0, 0x9e0142}, {0.25, 0xf46d43}, {0.5, 0xffffbf}, {0.75, 0x66c2a5}, {1, 0x5e4fa2}};
  if (name == "RdYlGn") return {{0, 0xa50026}, {0.5, 0xffffbf}, {1, 0x006837}};
  if (name == "RdYlBu") return {{0, 0xa50026}, {0.5, 0xffffbf}, {1, 0x313695}};
  if (name == "YlOrRd") return {{0, 0xffffcc}, {0.5, 0xfd8d3c}, {1, 0x800026}};
  if (name == "YlGnBu") return {{0, 0xffffd9}, {0.5, 0x41b6c4}, {1, 0x081d58}};
  if (name == "BuGn") return {{0, 0xf7fcfd}, {0.5, 0x66c2a4}, {1, 0x00441b}};
  if (name == "Turbo") return {{0, 0x30123b}, {0.25, 0x28bbec}, {0.5, 0xa2fc3c}, {0.75, 0xfb8022}, {1, 0x7a0403}};
  return {{0, 0xfff5eb}, {0.5, 0xfd8d3c}, {1, 0x7f2704}};  // Oranges, Grafana's default
}

struct color_scale {
  bool opacity = false;
  rgba fill{1, 0.6, 0.2, 1};
  bool exponential = true;
  double exponent = 0.5;
  std::vector<gradient_stop> stops;
  int steps = 64;
  bool reverse = false;
  std::optional<double> min, max;
};

color_scale scale_of(const panel& p) {
  color_scale s;
  if (const auto* c = json::get_object(p.options, "color")) {
    s.opacity = json::get_string(*c, "mode") == "opacity";
    if (auto fill = parse_color(json::get_string(*c, "fill", "dark-orange"))) s.fill = *fill;
    s.exponential = json::get_string(*c, "scale", "exponential") == "exponential";
    s.exponent = json::get_number(*c, "exponent", 0.5);
    s.stops = scheme_stops(json::get_string(*c, "scheme", "Oranges"));
    s.steps = static_cast<int>(json::get_number(*c, "steps", 64));
    s.reverse = json::get_bool(*c, "reverse", false);
    s.min = json::get_number(*c, "min");
    s.max = json::get_number(*c, "max");
  } else if (const auto* lc = json::get_object(p.raw, "color")) {  // the legacy heatmap panel
    s.opacity = json::get_string(*lc, "mode") == "opacity";
    if (auto fill = parse_color(json::get_string(*lc, "cardColor", "#b4ff00"))) s.fill = *fill;
    s.exponential = json::get_string(*lc, "colorScale", "sqrt") == "sqrt";
    s.exponent = json::get_number(*lc, "exponent", 0.5);
    s.stops = scheme_stops(json::get_string(*lc, "colorScheme", "interpolateOranges"));
    s.min = json::get_number(*lc, "min");
    s.max = json::get_number(*lc, "max");
  } else {
    s.stops = scheme_stops("Oranges");
  }
  s.steps = std::clamp(s.steps, 2, 128);
  return s;
}

rgba scale_color(const color_scale& s, double f) {
  f = std::clamp(f, 0.0, 1.0);
  if (s.opacity) {
    rgba c = s.fill;
    c.a = s.exponential ? std::pow(f, s.exponent) : f;
    c.a = std::max(c.a, 0.05);
    return c;
  }
  f = std::round(f * (s.steps - 1)) / (s.steps - 1);
  if (s.reverse) f = 1 - f;
  const auto& st = s.stops;
  for (std::size_t i = 1; i < st.size(); ++i)
    if (f <= st[i].at) {
      const double k = (f - st[i - 1].at) / (st[i].at - st[i - 1].at);
      rgba a = hex_color(st[i - 1].rgb), b = hex_color(st[i].rgb);
      return {a.r + (b.r - a.r) * k, a.g + (b.g - a.g) * k, a.b + (b.b - a.b) * k, 1};
    }
  return hex_color(st.back().rgb);
}

bool wants_calculation(const panel& p) {
  if (const auto* c = json::find(p.options, "calculate"); c != nullptr && c->is_bool()) return c->get_bool();
  const std::string legacy = json::get_string(p.raw, "dataFormat");
  if (!legacy.empty()) return legacy == "timeseries";
  return false;
}

double le_of(const field& f) {
  auto it = f.labels.find("le");
  if (it == f.labels.end()) return NAN;
  if (it->second == "+Inf" || it->second == "Inf") return std::numeric_limits<double>::infinity();
  try {
    return std::stod(it->second);
  } catch (...) {
    return NAN;
  }
}

struct row_in {
  std::string label;
  double le = NAN;
  const field* time = nullptr;
  const field* values = nullptr;
};

// The unit and decimals of the value axis: the field's, else the legacy (Grafana 8) panel's
// yAxis.format / yAxis.decimals, which Grafana's heatmap migration turns into them.
void value_axis_format(const panel& p, const field_display& d, grid& g) {
  if (!g.unit.empty() || g.decimals) return;
  g.unit = !d.unit.empty() ? d.unit : json::get_string(p.raw, "yAxis.format");
  g.decimals = d.decimals;
  if (!g.decimals)
    if (auto legacy = json::get_number(p.raw, "yAxis.decimals"); legacy && *legacy >= 0 && *legacy <= 20)
      g.decimals = static_cast<int>(*legacy);
}

std::vector<row_in> number_fields(const panel& p, grid& g) {
  std::vector<row_in> rows;
  for (const auto& fr : p.frames) {
    const field* time = nullptr;
    for (const auto& f : fr.fields)
      if (f.type == field_type::time) { time = &f; break; }
    if (time == nullptr) continue;
    for (const auto& f : fr.fields) {
      if (f.type != field_type::number) continue;
      auto d = resolve_field(p, fr, f);
      value_axis_format(p, d, g);
      row_in r{d.name.empty() ? f.name : d.name, le_of(f), time, &f};
      if (!std::isnan(r.le)) r.label = r.le == std::numeric_limits<double>::infinity() ? "+Inf" : format_value(r.le, g.unit, g.decimals);
      rows.push_back(r);
    }
  }
  return rows;
}

double field_min_step(const std::vector<row_in>& rows) {
  double step = std::numeric_limits<double>::infinity();
  for (const auto& r : rows)
    for (std::size_t i = 1; i < r.time->numbers.size(); ++i)
      if (r.time->numbers[i] > r.time->numbers[i - 1]) step = std::min(step, r.time->numbers[i] - r.time->numbers[i - 1]);
  return step;
}

void calculated(const panel& p, const draw_context& ctx, double plot_w, grid& g) {
  auto rows = number_fields(p, g);
  const double from = static_cast<double>(ctx.range.from_ms), to = static_cast<double>(ctx.range.to_ms);
  // x buckets: calculation.xBuckets {mode: count|size, value}, the legacy xBucketNumber /
  // xBucketSize, else about one per 8 points of width.
  double x_count = std::max(1.0, std::floor(plot_w / 8));
  double x_size = 0;
  std::string xmode = json::get_string(p.options, "calculation.xBuckets.mode");
  auto xval = json::get_number(p.options, "calculation.xBuckets.value");
  if (!xval) xval = json::get_number(p.raw, "xBucketNumber");
  if (xval && *xval > 0) (xmode == "size" ? x_size : x_count) = *xval;
  if (x_size <= 0) x_size = (to - from) / x_count;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& r : rows)
    for (double v : r.values->numbers)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) return;
  // Log y buckets: calculation.yBuckets.scale {type: log, log: base}, or the legacy yAxis.logBase,
  // each power of the base split in `value` (legacy yAxis.splitFactor) buckets; values <= 0 left out.
  double log_base = 0;
  if (json::get_string(p.options, "calculation.yBuckets.scale.type") == "log")
    log_base = json::get_number(p.options, "calculation.yBuckets.scale.log").value_or(2);
  else if (auto lb = json::get_number(p.raw, "yAxis.logBase"); lb && *lb > 1)
    log_base = *lb;
  if (log_base > 1) {
    auto split_v = json::get_number(p.options, "calculation.yBuckets.value");
    if (!split_v) split_v = json::get_number(p.raw, "yAxis.splitFactor");
    const double split = split_v && *split_v >= 1 ? std::min(*split_v, 10.0) : 1;
    double pos_lo = std::numeric_limits<double>::infinity();
    for (const auto& r : rows)
      for (double v : r.values->numbers)
        if (std::isfinite(v) && v > 0) pos_lo = std::min(pos_lo, v);
    if (!std::isfinite(pos_lo) || !(hi > 0)) return;
    const double lb = std::log(log_base);
    const double e0 = std::floor(std::log(pos_lo) / lb * split + 1e-9);
    const double e1 = std::floor(std::log(hi) / lb * split + 1e-9) + 1;
    const auto ny = std::min<std::size_t>(200, static_cast<std::size_t>(std::max(1.0, e1 - e0)));
    const auto nx = std::min<std::size_t>(1000, static_cast<std::size_t>(std::ceil((to - from) / x_size)));
    for (std::size_t i = 0; i <= nx; ++i) g.x_edges.push_back(std::min(to, from + x_size * i));
    for (std::size_t j = 0; j <= ny; ++j) g.y_edges.push_back(std::pow(log_base, (e0 + static_cast<double>(j)) / split));
    for (std::size_t j = 0; j < ny; ++j) g.row_labels.push_back(format_value(g.y_edges[j], g.unit, g.decimals));
    g.cells.assign(ny, std::vector<double>(nx, 0));
    for (const auto& r : rows)
      for (std::size_t i = 0; i < r.values->numbers.size() && i < r.time->numbers.size(); ++i) {
        const double v = r.values->numbers[i], t = r.time->numbers[i];
        if (!std::isfinite(v) || v <= 0 || t < from || t > to) continue;
        auto xi = std::min(nx - 1, static_cast<std::size_t>((t - from) / x_size));
        const double e = std::floor(std::log(v) / lb * split + 1e-9) - e0;
        auto yi = std::min<std::size_t>(ny - 1, static_cast<std::size_t>(std::max(0.0, e)));
        g.cells[yi][xi] += 1;
      }
    return;
  }
  double y_count = 10, y_size = 0;
  std::string ymode = json::get_string(p.options, "calculation.yBuckets.mode");
  auto yval = json::get_number(p.options, "calculation.yBuckets.value");
  if (!yval) yval = json::get_number(p.raw, "yBucketNumber");
  if (auto ls = json::get_number(p.raw, "yBucketSize"); ls && *ls > 0) y_size = *ls;
  if (yval && *yval > 0) (ymode == "size" ? y_size : y_count) = *yval;
  if (y_size <= 0) y_size = hi > lo ? nice_step(lo, hi, static_cast<int>(y_count)) : 1;
  const double y0 = std::floor(lo / y_size) * y_size;
  const auto ny = std::min<std::size_t>(200, static_cast<std::size_t>(std::floor((hi - y0) / y_size)) + 1);
  const auto nx = std::min<std::size_t>(1000, static_cast<std::size_t>(std::ceil((to - from) / x_size)));
  for (std::size_t i = 0; i <= nx; ++i) g.x_edges.push_back(std::min(to, from + x_size * i));
  for (std::size_t j = 0; j <= ny; ++j) g.y_edges.push_back(y0 + y_size * j);
  for (std::size_t j = 0; j < ny; ++j) g.row_labels.push_back(format_value(g.y_edges[j], g.unit, g.decimals));
  g.cells.assign(ny, std::vector<double>(nx, 0));
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.values->numbers.size() && i < r.time->numbers.size(); ++i) {
      const double v = r.values->numbers[i], t = r.time->numbers[i];
      if (!std::isfinite(v) || t < from || t > to) continue;
      auto xi = std::min(nx - 1, static_cast<std::size_t>((t - from) / x_size));
      auto yi = std::min(ny - 1, static_cast<std::size_t>(std::floor((v - y0) / y_size)));
      g.cells[yi][xi] += 1;
    }
}

void prebucketed(const panel& p, grid& g) {
  auto rows = number_fields(p, g);
  if (rows.empty()) return;
  const bool by_le = std::all_of(rows.begin(), rows.end(), [](const row_in& r) { return !std::isnan(r.le); });
  if (by_le) std::stable_sort(rows.begin(), rows.end(), [](const row_in& a, const row_in& b) { return a.le < b.le; });
  // Columns: the times of the first row; each cell as wide as the step to the next time.
  const auto& times = rows.front().time->numbers;
  if (times.empty()) return;
  double step = field_min_step(rows);
  if (!std::isfinite(step)) step = 1;
  for (double t : times) g.x_edges.push_back(t);
  g.x_edges.push_back(times.back() + step);
  g.cells.assign(rows.size(), std::vector<double>(times.size(), NAN));
  for (std::size_t j = 0; j < rows.size(); ++j) {
    g.row_labels.push_back(rows[j].label);
    for (std::size_t i = 0; i < times.size() && i < rows[j].values->numbers.size(); ++i)
      g.cells[j][i] = rows[j].values->numbers[i];
  }
  // Prometheus le buckets count everything at or below their bound: a cell holds its own
  // bucket's share, the difference to the bucket below.
  if (by_le && rows.size() > 1) {
    bool cumulative = true;
    for (std::size_t j = 1; j < rows.size() && cumulative; ++j)
      for (std::size_t i = 0; i < times.size(); ++i)
        if (g.cells[j][i] < g.cells[j - 1][i]) { cumulative = false; break; }
    if (cumulative)
      for (std::size_t j = rows.size() - 1; j > 0; --j)
        for (std::size_t i = 0; i < times.size(); ++i) g.cells[j][i] -= g.cells[j - 1][i];
  }
}

}  // namespace

void draw_heatmap(const draw_context& ctx, const panel& p, const rect& body) {
  grid g;
  if (wants_calculation(p)) calculated(p, ctx, body.w, g);
  else prebucketed(p, g);
  if (g.cells.empty() || g.x_edges.size() < 2) return draw_message(ctx, body, no_data_text(p));
  const auto scale = scale_of(p);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& row : g.cells)
    for (double v : row)
      if (std::isfinite(v) && v > 1e-9) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) return draw_message(ctx, body, no_data_text(p));
  if (scale.min) lo = *scale.min;
  if (scale.max) hi = *scale.max;
  // Grafana's scale starts at zero for counts; a single value fills to the top colour.
  lo = std::min(lo, 0.0);
  if (!(hi > lo)) hi = lo + 1;

  const double xs = axis_text_size(ctx);
  const bool legend = json::get_bool(p.options, "legend.show", true);
  const double legend_h = legend ? xs * 2.2 : 0;
  std::vector<std::string> labels = g.row_labels;
  if (!g.y_edges.empty()) labels.push_back(format_value(g.y_edges.back(), g.unit, g.decimals));
  const double lw = widest(ctx, labels, xs, body.w * 0.25) + 2;
  const rect plot{body.x + lw, body.y + xs * 0.6, body.w - lw - 2, body.h - xs * 2.4 - legend_h};
  if (plot.w < 4 || plot.h < 4) return;
  const double t0 = g.x_edges.front(), t1 = g.x_edges.back();
  const std::size_t rows = g.cells.size();
  const double row_h = plot.h / static_cast<double>(rows);
  const double gap = std::min(1.0, json::get_number(p.options, "cellGap", 1) * 0.5);
  for (std::size_t j = 0; j < rows; ++j)
    for (std::size_t i = 0; i < g.cells[j].size() && i + 1 < g.x_edges.size(); ++i) {
      const double v = g.cells[j][i];
      if (!std::isfinite(v) || v <= 1e-9) continue;
      const double x0 = plot.x + plot.w * (g.x_edges[i] - t0) / (t1 - t0);
      const double x1 = plot.x + plot.w * (g.x_edges[i + 1] - t0) / (t1 - t0);
      const double y = plot.bottom() - row_h * (j + 1);
      fill_rect(ctx.cr, {x0, y, std::max(0.3, x1 - x0 - gap), std::max(0.3, row_h - gap)},
                scale_color(scale, (v - lo) / (hi - lo)));
    }
  // y labels: bucket bounds at the edges when calculated, a row's name at its middle otherwise.
  text_style st;
  st.size = xs;
  st.color = ctx.th.muted;
  st.halign = h_align::right;
  st.valign = v_align::middle;
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(xs * 1.4 / row_h)));
  if (!g.y_edges.empty()) {
    for (std::size_t j = 0; j < g.y_edges.size(); j += every) {
      const double y = plot.bottom() - row_h * j;
      ctx.text.draw(format_value(g.y_edges[j], g.unit, g.decimals), {body.x, y - xs, lw - 3, xs * 2}, st);
    }
  } else {
    for (std::size_t j = 0; j < rows; j += every) {
      const double y = plot.bottom() - row_h * (j + 0.5);
      ctx.text.draw(g.row_labels[j], {body.x, y - xs, lw - 3, xs * 2}, st);
    }
  }
  draw_time_axis(ctx, plot, {plot.x, plot.bottom(), plot.w, xs * 1.8}, static_cast<std::int64_t>(t0),
                 static_cast<std::int64_t>(t1));
  if (!legend) return;
  // The colour scale: a gradient bar with the lowest and highest cell value at its ends.
  const double bar_w = std::min(plot.w * 0.5, 160.0 * ctx.scale);
  const rect bar{plot.x, body.bottom() - legend_h + xs * 0.5, bar_w, xs};
  const int n = 48;
  for (int k = 0; k < n; ++k)
    fill_rect(ctx.cr, {bar.x + bar.w * k / n, bar.y, bar.w / n + 0.3, bar.h}, scale_color(scale, (k + 0.5) / n));
  text_style ls;
  ls.size = xs;
  ls.color = ctx.th.muted;
  ls.valign = v_align::middle;
  const double room = xs * 8;
  ls.halign = h_align::right;
  ctx.text.draw(format_value(lo, "", std::nullopt), {bar.x - room - 2, bar.y - xs / 2, room, xs * 2}, ls);
  ls.halign = h_align::left;
  ctx.text.draw(format_value(hi, "", std::nullopt), {bar.right() + 3, bar.y - xs / 2, room, xs * 2}, ls);
}

}  // namespace reportd::render
