// Histogram: the values of every number field counted into buckets of one size, a bar per
// bucket, fields overlaid in their colours. The bucket size is options.bucketSize, else the
// smallest round size (1, 2, 2.5, 4, 5 times a power of ten) that splits the data's range into
// at most options.bucketCount (30) buckets, with buckets starting at multiples of the size
// shifted by options.bucketOffset. A frame already bucketed (xMin / xMax fields) is drawn as
// it is. options.combine counts all fields into one series.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "render/draw/draw_chart.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {

namespace {

struct hist_series {
  std::string name;
  rgba color;
  std::vector<double> counts;  // one per bucket
};

struct histogram_data {
  std::vector<double> x_min, x_max;  // bucket bounds
  std::vector<hist_series> series;
  std::string unit;
};

bool is_named(const field& f, const char* name) { return f.name == name; }
bool is_bucket_min(const field& f) { return is_named(f, "xMin") || is_named(f, "BucketMin"); }
bool is_bucket_max(const field& f) { return is_named(f, "xMax") || is_named(f, "BucketMax"); }

// A frame Grafana reads as a histogram: bucket bounds (xMin and/or xMax; the older names BucketMin /
// BucketMax too) and count fields. With one bound only, the other is that bound shifted by the
// bucket size, taken (as Grafana does) from the first two values.
bool bucketed(const panel& p, histogram_data& out) {
  for (const auto& fr : p.frames) {
    const field* lo = nullptr;
    const field* hi = nullptr;
    for (const auto& f : fr.fields) {
      if (is_bucket_min(f)) lo = &f;
      else if (is_bucket_max(f)) hi = &f;
    }
    if (lo != nullptr && lo->type != field_type::number) lo = nullptr;
    if (hi != nullptr && hi->type != field_type::number) hi = nullptr;
    if (lo == nullptr && hi == nullptr) continue;
    const field& known = lo != nullptr ? *lo : *hi;
    const auto& v = known.numbers;
    const double size = v.size() > 1 ? v[1] - v[0] : 1;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double a = lo != nullptr ? lo->numbers[i] : v[i] - size;
      const double b = hi != nullptr && i < hi->numbers.size() ? hi->numbers[i] : a + size;
      out.x_min.push_back(a);
      out.x_max.push_back(b);
    }
    std::size_t idx = 0;
    for (const auto& f : fr.fields) {
      if (&f == lo || &f == hi || f.type != field_type::number) continue;
      auto d = resolve_field(p, fr, f);
      if (d.hidden_in_viz) continue;
      hist_series s{d.name.empty() ? f.name : d.name, {}, f.numbers};
      series tmp{s.name, {}, f.numbers, &f};
      s.color = field_series_color(d, tmp, idx++);
      out.series.push_back(std::move(s));
    }
    return !out.series.empty();
  }
  return false;
}

}  // namespace

double histogram_bucket_size(double lo, double hi, int bucket_count) {
  const double range = hi - lo;
  if (!(range > 0) || bucket_count < 1) return 1;
  const double target = range / bucket_count;
  const double mags[] = {1, 2, 2.5, 4, 5};
  double pow10 = std::pow(10.0, std::floor(std::log10(target)));
  for (int k = 0; k < 3; ++k, pow10 *= 10)
    for (double m : mags)
      if (m * pow10 >= target * (1 - 1e-12)) return m * pow10;
  return target;
}

namespace {

void compute(const panel& p, histogram_data& out) {
  struct input {
    std::string name;
    rgba color;
    std::vector<double> values;
  };
  std::vector<input> inputs;
  std::size_t idx = 0;
  for (const auto& fr : p.frames)
    for (const auto& f : fr.fields) {
      if (f.type != field_type::number) continue;
      auto d = resolve_field(p, fr, f);
      if (d.hidden_in_viz) continue;
      if (out.unit.empty()) out.unit = d.unit;
      series tmp{d.name, {}, f.numbers, &f};
      inputs.push_back({d.name.empty() ? f.name : d.name, field_series_color(d, tmp, idx++), f.numbers});
    }
  if (json::get_bool(p.options, "combine", false) && inputs.size() > 1) {
    input all{"Count", inputs.front().color, {}};
    for (const auto& in : inputs) all.values.insert(all.values.end(), in.values.begin(), in.values.end());
    inputs = {all};
  }
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& in : inputs)
    for (double v : in.values)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) return;
  const int count = static_cast<int>(json::get_number(p.options, "bucketCount", 30));
  double size = json::get_number(p.options, "bucketSize", 0);
  if (!(size > 0)) size = histogram_bucket_size(lo, hi, std::max(1, count));
  const double offset = json::get_number(p.options, "bucketOffset", 0);
  const double first = std::floor((lo - offset) / size) * size + offset;
  const auto n = static_cast<std::size_t>(std::floor((hi - first) / size)) + 1;
  if (n > 10000) return;
  for (std::size_t i = 0; i < n; ++i) {
    out.x_min.push_back(first + size * static_cast<double>(i));
    out.x_max.push_back(first + size * static_cast<double>(i + 1));
  }
  for (const auto& in : inputs) {
    hist_series s{in.name, in.color, std::vector<double>(n, 0)};
    for (double v : in.values) {
      if (!std::isfinite(v)) continue;
      auto b = static_cast<std::size_t>(std::floor((v - first) / size));
      s.counts[std::min(b, n - 1)] += 1;
    }
    out.series.push_back(std::move(s));
  }
}

}  // namespace

void draw_histogram(const draw_context& ctx, const panel& p, const rect& body) {
  histogram_data h;
  if (!bucketed(p, h)) compute(p, h);
  if (h.series.empty() || h.x_min.empty()) return draw_message(ctx, body, no_data_text(p));
  legend_spec spec = panel_legend(p);
  std::vector<legend_item> items;
  for (const auto& s : h.series) items.push_back({s.name, s.color, {}});
  rect chart = body, legend{};
  if (spec.show) legend = reserve_legend(ctx, spec, items, body, chart);
  double max_count = 0;
  for (const auto& s : h.series)
    for (double c : s.counts)
      if (std::isfinite(c)) max_count = std::max(max_count, c);
  if (max_count <= 0) max_count = 1;
  const double xs = axis_text_size(ctx);
  const double count_hi = nice_ticks(0, max_count, 5).empty() ? max_count : std::max(max_count, nice_ticks(0, max_count, 5).back());
  const double label_w = widest(ctx, {format_value(count_hi, "", std::nullopt)}, xs, chart.w * 0.2) + 2;
  const rect plot{chart.x + label_w, chart.y + xs * 0.6, chart.w - label_w - xs, chart.h - xs * 2.4};
  if (plot.w < 4 || plot.h < 4) return;
  const double x_lo = h.x_min.front(), x_hi = h.x_max.back();
  draw_value_axis(ctx, plot, {chart.x, plot.y, label_w, plot.h}, 0, count_hi, true, "");
  draw_value_axis(ctx, plot, {plot.x, plot.bottom() + 1, plot.w, xs * 1.8}, x_lo, x_hi, false, h.unit);
  const double opacity = json::get_number(p.field_config, "defaults.custom.fillOpacity", 80) / 100.0;
  for (const auto& s : h.series)
    for (std::size_t i = 0; i < s.counts.size() && i < h.x_min.size(); ++i) {
      if (!(s.counts[i] > 0)) continue;
      const double x0 = plot.x + plot.w * (h.x_min[i] - x_lo) / (x_hi - x_lo);
      const double x1 = plot.x + plot.w * (h.x_max[i] - x_lo) / (x_hi - x_lo);
      const double bh = plot.h * s.counts[i] / count_hi;
      rect r{x0 + 0.5, plot.bottom() - bh, std::max(0.5, x1 - x0 - 1), bh};
      rgba c = s.color;
      c.a = opacity;
      fill_rect(ctx.cr, r, c);
      stroke_rect(ctx.cr, r, s.color, 0.5);
    }
  if (spec.show) draw_legend(ctx, spec, items, legend);
}

}  // namespace reportd::render
