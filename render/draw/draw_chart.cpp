// Axes and mapping look-ups shared by the state timeline, status history, heatmap, bar chart
// and histogram drawers.
#include "render/draw/draw_chart.hpp"

#include <algorithm>
#include <cmath>

#include "render/json_access.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

}  // namespace

// An empty string is null too: frames keep a string field's nulls as "".
bool cell_value::is_null() const { return is_string ? text.empty() : std::isnan(number); }

bool cell_value::operator==(const cell_value& o) const {
  if (is_string != o.is_string) return false;
  if (is_string) return text == o.text;
  return number == o.number || (std::isnan(number) && std::isnan(o.number));
}

cell_value value_at(const field& f, std::size_t i) {
  cell_value v;
  if (f.type == field_type::string) {
    v.is_string = true;
    v.text = i < f.strings.size() ? f.strings[i] : std::string{};
  } else if (f.type == field_type::boolean && i < f.numbers.size() && !std::isnan(f.numbers[i])) {
    v.is_string = true;  // a state named true or false, as Grafana shows booleans
    v.text = f.numbers[i] != 0 ? "true" : "false";
  } else {
    v.number = i < f.numbers.size() ? f.numbers[i] : NAN;
  }
  return v;
}

std::optional<cell_mapping> mapping_for(const boost::json::array& mappings, const cell_value& v) {
  auto hit = v.is_string ? mapped_result(mappings, std::string_view(v.text)) : mapped_result(mappings, v.number);
  if (!hit) return std::nullopt;
  cell_mapping out;
  if (!hit->text.empty()) out.text = hit->text;
  if (!hit->color.empty()) out.color = parse_color(hit->color);
  return out;
}

std::string cell_text(const field_display& d, const cell_value& v) {
  if (auto m = mapping_for(d.mappings, v); m && m->text) return *m->text;
  if (v.is_string) return v.text;
  return format_value(v.number, d.unit, d.decimals);
}

double axis_text_size(const draw_context& ctx) { return 6.5 * ctx.scale; }

void draw_time_axis(const draw_context& ctx, const rect& plot, const rect& axis, std::int64_t from_ms,
                    std::int64_t to_ms) {
  if (to_ms <= from_ms || plot.w < 10) return;
  text_style st;
  st.size = axis_text_size(ctx);
  st.color = ctx.th.muted;
  st.halign = h_align::center;
  st.valign = v_align::top;
  const int max_ticks = std::max(2, static_cast<int>(plot.w / (st.size * 9)));
  for (const auto& t : time_ticks(from_ms, to_ms, ctx.range.zone, max_ticks)) {
    const double x = plot.x + plot.w * static_cast<double>(t.ms - from_ms) / static_cast<double>(to_ms - from_ms);
    if (x < plot.x - 0.5 || x > plot.right() + 0.5) continue;
    // A label at the right end is moved left so it stays whole: the plot reaches the panel's
    // border there, which clips what sticks out (the left end has the value labels' room).
    const double w = widest(ctx, {t.label}, st.size, st.size * 12) + 2;
    const double left = std::min(x - w / 2, axis.right() + 1 - w);
    ctx.text.draw(t.label, {left, axis.y + 1, w, axis.h - 1}, st);
  }
}

std::vector<double> draw_value_axis(const draw_context& ctx, const rect& plot, const rect& labels, double lo,
                                    double hi, bool vertical, const std::string& unit) {
  if (!(hi > lo)) return {};
  text_style st;
  st.size = axis_text_size(ctx);
  st.color = ctx.th.muted;
  st.valign = v_align::middle;
  const double len = vertical ? plot.h : plot.w;
  const int max_ticks = std::max(2, static_cast<int>(len / (vertical ? st.size * 3 : st.size * 8)));
  auto ticks = nice_ticks(lo, hi, max_ticks);
  cairo_set_line_width(ctx.cr, 0.5);
  for (double t : ticks) {
    if (t < lo - 1e-9 * std::abs(hi - lo) || t > hi + 1e-9 * std::abs(hi - lo)) continue;
    const double f = (t - lo) / (hi - lo);
    const std::string label = format_value(t, unit, std::nullopt);
    set_color(ctx.cr, ctx.th.grid);
    if (vertical) {
      const double y = plot.bottom() - f * plot.h;
      cairo_move_to(ctx.cr, plot.x, y);
      cairo_line_to(ctx.cr, plot.right(), y);
      cairo_stroke(ctx.cr);
      st.halign = h_align::right;
      ctx.text.draw(label, {labels.x, y - st.size, labels.w - 2, st.size * 2}, st);
    } else {
      const double x = plot.x + f * plot.w;
      cairo_move_to(ctx.cr, x, plot.y);
      cairo_line_to(ctx.cr, x, plot.bottom());
      cairo_stroke(ctx.cr);
      st.halign = h_align::center;
      const double w = st.size * 7;
      ctx.text.draw(label, {x - w / 2, labels.y, w, labels.h}, st);
    }
  }
  return ticks;
}

double widest(const draw_context& ctx, const std::vector<std::string>& labels, double size, double cap) {
  text_style st;
  st.size = size;
  double w = 0;
  for (const auto& l : labels) w = std::max(w, ctx.text.measure(l, st).width);
  return std::min(w + 4, cap);
}

}  // namespace reportd::render
