// Bar chart: a categorical x axis from a string field (options.xField, else the first string
// field, else the time field), one group per category with a bar per number field, vertical
// or horizontal (orientation auto: horizontal in a panel taller than wide), values on the bars
// (showValue auto when they fit, always, never), stacking none / normal / percent.
#include <algorithm>
#include <cmath>

#include "render/draw/draw_chart.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

struct bar_series {
  std::string name;
  field_display display;
  const field* values;
  rgba color;
};

const frame* pick_frame(const panel& p, const field*& x) {
  const std::string wanted = json::get_string(p.options, "xField");
  for (const auto& fr : p.frames) {
    if (fr.length() == 0) continue;
    x = nullptr;
    for (const auto& f : fr.fields)
      if (!wanted.empty() && f.name == wanted) x = &f;
    if (x == nullptr)
      for (const auto& f : fr.fields)
        if (f.type == field_type::string) { x = &f; break; }
    if (x == nullptr)
      for (const auto& f : fr.fields)
        if (f.type == field_type::time) { x = &f; break; }
    if (x != nullptr) return &fr;
  }
  return nullptr;
}

std::string category_label(const draw_context& ctx, const field& x, std::size_t i) {
  if (x.type == field_type::string) return i < x.strings.size() ? x.strings[i] : std::string{};
  if (x.type == field_type::time)
    return format_time(static_cast<std::int64_t>(x.numbers[i]), ctx.range.zone, "%m/%d %H:%M");
  return format_value(x.numbers[i], "", std::nullopt);
}

}  // namespace

void draw_barchart(const draw_context& ctx, const panel& p, const rect& body) {
  const field* x = nullptr;
  const frame* fr = pick_frame(p, x);
  if (fr == nullptr) return draw_message(ctx, body, "Bar charts require a string or time field");
  std::vector<bar_series> bars;
  for (const auto& f : fr->fields) {
    if (&f == x || f.type != field_type::number) continue;
    auto d = resolve_field(p, *fr, f);
    if (d.hidden_in_viz) continue;
    series tmp{d.name, {}, f.numbers, &f};
    rgba c = field_series_color(d, tmp, bars.size());
    bars.push_back({d.name.empty() ? f.name : d.name, d, &f, c});
  }
  if (bars.empty()) return draw_message(ctx, body, no_data_text(p));
  const std::size_t n = x->size();
  const std::string stacking = json::get_string(p.options, "stacking", "none");
  const bool stacked = stacking == "normal" || stacking == "percent";
  const bool percent = stacking == "percent";
  std::string orientation = json::get_string(p.options, "orientation", "auto");
  const bool horizontal = orientation == "horizontal" || (orientation == "auto" && body.h > body.w);
  const std::string show = json::get_string(p.options, "showValue", "auto");
  const double group_w = std::clamp(json::get_number(p.options, "groupWidth", 0.7), 0.05, 1.0);
  const double bar_w = std::clamp(json::get_number(p.options, "barWidth", 0.97), 0.05, 1.0);

  legend_spec spec = panel_legend(p);
  std::vector<legend_item> items;
  for (const auto& b : bars) items.push_back({b.name, b.color, {}});
  rect chart = body, legend{};
  if (spec.show) legend = reserve_legend(ctx, spec, items, body, chart);

  // Value range: 0 and the data (sums per category when stacked).
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double pos = 0, neg = 0;
    for (const auto& b : bars) {
      double v = i < b.values->numbers.size() ? b.values->numbers[i] : NAN;
      if (std::isnan(v)) continue;
      if (stacked) (v >= 0 ? pos : neg) += v;
      else lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (stacked) lo = std::min(lo, neg), hi = std::max(hi, pos);
  }
  if (percent) lo = std::min(lo, 0.0) < 0 ? -1 : 0, hi = 1;
  if (auto mn = bars.front().display.min; mn && !percent) lo = *mn;
  if (auto mx = bars.front().display.max; mx && !percent) hi = *mx;
  if (!(hi > lo)) hi = lo + 1;
  auto ticks = nice_ticks(lo, hi, 6);
  if (!ticks.empty() && !percent) lo = std::min(lo, ticks.front()), hi = std::max(hi, ticks.back());
  const std::string unit = percent ? "percentunit" : bars.front().display.unit;

  const double xs = axis_text_size(ctx);
  std::vector<std::string> cats;
  for (std::size_t i = 0; i < n; ++i) cats.push_back(category_label(ctx, *x, i));
  rect plot, value_labels, cat_labels;
  if (horizontal) {
    const double cw = widest(ctx, cats, xs, chart.w * 0.3);
    plot = {chart.x + cw, chart.y + 2, chart.w - cw - xs * 2, chart.h - xs * 2.2};
    cat_labels = {chart.x, plot.y, cw, plot.h};
    value_labels = {plot.x, plot.bottom() + 1, plot.w, xs * 1.8};
  } else {
    std::vector<std::string> vl;
    for (double t : ticks) vl.push_back(format_value(t, unit, std::nullopt));
    const double vw = widest(ctx, vl, xs, chart.w * 0.2) + 2;
    plot = {chart.x + vw, chart.y + xs * 0.6, chart.w - vw - 2, chart.h - xs * 2.6};
    value_labels = {chart.x, plot.y, vw, plot.h};
    cat_labels = {plot.x, plot.bottom() + 1, plot.w, xs * 1.8};
  }
  if (plot.w < 4 || plot.h < 4 || n == 0) return;
  draw_value_axis(ctx, plot, value_labels, lo, hi, !horizontal, unit);

  const double slot = (horizontal ? plot.h : plot.w) / static_cast<double>(n);
  const double group = slot * group_w;
  const std::size_t per_group = stacked ? 1 : bars.size();
  const double one = group / static_cast<double>(per_group);
  auto at = [&](double v) {  // value -> coordinate along the value axis
    const double f = (v - lo) / (hi - lo);
    return horizontal ? plot.x + f * plot.w : plot.bottom() - f * plot.h;
  };
  text_style cat_style;
  cat_style.size = xs;
  cat_style.color = ctx.th.muted;
  cat_style.halign = horizontal ? h_align::right : h_align::center;
  cat_style.valign = v_align::middle;
  for (std::size_t i = 0; i < n; ++i) {
    const double start = (horizontal ? plot.y : plot.x) + slot * i + (slot - group) / 2;
    double total = 0;
    if (percent)
      for (const auto& b : bars)
        if (i < b.values->numbers.size() && std::isfinite(b.values->numbers[i])) total += std::abs(b.values->numbers[i]);
    double pos = 0, neg = 0;
    for (std::size_t k = 0; k < bars.size(); ++k) {
      const auto& b = bars[k];
      double v = i < b.values->numbers.size() ? b.values->numbers[i] : NAN;
      if (std::isnan(v)) continue;
      const double shown = percent ? (total > 0 ? v / total : 0) : v;
      double base = 0;
      if (stacked) {
        double& acc = shown >= 0 ? pos : neg;
        base = acc;
        acc += shown;
      }
      const double off = stacked ? 0 : one * k;
      const double w = one * bar_w;
      const double a0 = at(std::max(lo, base)), a1 = at(std::clamp(base + shown, lo, hi));
      rect r = horizontal ? rect{std::min(a0, a1), start + off + (one - w) / 2, std::abs(a1 - a0), w}
                          : rect{start + off + (one - w) / 2, std::min(a0, a1), w, std::abs(a1 - a0)};
      rgba c = b.display.color.mode == "thresholds" || b.display.color.mode == "fixed"
                   ? field_value_color(b.display, v, lo, hi, k)
                   : b.color;
      if (auto m = mapping_for(b.display.mappings, value_at(*b.values, i)); m && m->color) c = *m->color;
      rgba fill = c;
      fill.a = json::get_number(b.display.custom, "fillOpacity", 80) / 100.0;
      fill_rect(ctx.cr, r, fill);
      stroke_rect(ctx.cr, r, c, json::get_number(b.display.custom, "lineWidth", 1) * 0.5);
      if (show == "never") continue;
      const std::string text = cell_text(b.display, value_at(*b.values, i));
      text_style vs;
      vs.size = std::clamp(w * 0.6, 4.0, 7.5 * ctx.scale);
      vs.color = ctx.th.text;
      vs.halign = h_align::center;
      vs.valign = v_align::middle;
      const double tw = ctx.text.measure(text, vs).width;
      rect tr;
      if (stacked) tr = r;
      else if (horizontal) tr = {r.right() + 1, r.y, tw + 2, r.h};
      else tr = {r.x - 10, r.y - vs.size * 1.3, r.w + 20, vs.size * 1.3};
      const bool fits = tw <= tr.w && vs.size * 1.1 <= tr.h && tr.right() <= chart.right() + 0.5 && tr.y >= chart.y;
      if (show == "auto" && !fits) continue;
      ctx.text.draw(text, tr, vs);
    }
    // Category label under (or left of) the group; skipped when labels would overlap.
    const std::string& cat = cats[i];
    if (horizontal) {
      if (slot >= xs) ctx.text.draw(cat, {cat_labels.x, plot.y + slot * i, cat_labels.w - 3, slot}, cat_style);
    } else {
      const double tw = ctx.text.measure(cat, cat_style).width;
      const std::size_t every = static_cast<std::size_t>(std::ceil((tw + 4) / std::max(1.0, slot)));
      if (every <= 1 || i % every == 0)
        ctx.text.draw(cat, {plot.x + slot * i + slot / 2 - std::max(slot, tw + 4) / 2, cat_labels.y,
                            std::max(slot, tw + 4), cat_labels.h}, cat_style);
    }
  }
  if (spec.show) draw_legend(ctx, spec, items, legend);
}

}  // namespace reportd::render
