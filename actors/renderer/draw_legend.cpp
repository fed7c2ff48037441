#include <algorithm>

#include "actors/renderer/draw_panels.hpp"
#include "actors/renderer/json_access.hpp"

namespace reportd::render {
namespace {

constexpr const char* legacy_calcs[][2] = {{"current", "lastNotNull"}, {"min", "min"}, {"max", "max"},
                                          {"avg", "mean"}, {"total", "sum"}};

double line_height(const draw_context& ctx) { return 11 * ctx.scale; }

}  // namespace

legend_spec panel_legend(const panel& p) {
  legend_spec s;
  if (const auto* lg = json::get_object(p.options, "legend")) {
    auto mode = json::get_string(*lg, "displayMode", "list");
    s.show = json::get_bool(*lg, "showLegend", mode != "hidden") && mode != "hidden";
    s.table = mode == "table";
    s.right = json::get_string(*lg, "placement") == "right";
    if (const auto* calcs = json::get_array(*lg, "calcs"))
      for (const auto& c : *calcs)
        if (c.is_string()) s.calcs.emplace_back(c.get_string());
    return s;
  }
  if (const auto* lg = json::get_object(p.raw, "legend")) {  // legacy graph panel
    s.show = json::get_bool(*lg, "show", true);
    s.table = json::get_bool(*lg, "alignAsTable", false);
    s.right = json::get_bool(*lg, "rightSide", false);
    if (json::get_bool(*lg, "values", false))
      for (const auto& c : legacy_calcs)
        if (json::get_bool(*lg, c[0], false)) s.calcs.emplace_back(c[1]);
  }
  return s;
}

rect reserve_legend(const draw_context& ctx, const legend_spec& spec,
                    const std::vector<legend_item>& items, const rect& body, rect& rest) {
  rest = body;
  if (!spec.show || items.empty()) return {};
  double lh = line_height(ctx);
  if (spec.right) {
    double w = std::min(body.w * 0.35, 60 * ctx.scale + 40.0 * static_cast<double>(spec.calcs.size()) * ctx.scale);
    rest.w -= w;
    return {rest.right(), body.y, w, body.h};
  }
  std::size_t lines = items.size() + (spec.table ? 1 : 0);
  if (!spec.table) {
    // List mode flows entries; estimate from the average label width.
    double total = 0;
    text_style st;
    st.size = 8 * ctx.scale;
    for (const auto& it : items) total += ctx.text.measure(it.name, st).width + 18 * ctx.scale;
    lines = static_cast<std::size_t>(total / std::max(1.0, body.w)) + 1;
  }
  double h = std::min(body.h * 0.4, lh * static_cast<double>(lines) + 2);
  rest.h -= h;
  return {body.x, rest.bottom(), body.w, h};
}

void draw_legend(const draw_context& ctx, const legend_spec& spec,
                 const std::vector<legend_item>& items, const rect& area) {
  if (area.w <= 0 || area.h <= 0) return;
  double lh = line_height(ctx);
  text_style st;
  st.size = 8 * ctx.scale;
  st.color = ctx.th.text;
  double sw = 8 * ctx.scale;  // swatch width
  double x = area.x + 2;
  double y = area.y + 1;
  bool table = spec.table || spec.right;
  double col_w = 42 * ctx.scale;
  double name_w = area.w - col_w * static_cast<double>(spec.calcs.size()) - sw - 8;
  if (table && !spec.calcs.empty()) {
    text_style hs = st;
    hs.bold = true;
    hs.halign = h_align::right;
    for (std::size_t c = 0; c < spec.calcs.size(); ++c)
      ctx.text.draw(calc_label(spec.calcs[c]), {area.x + sw + 6 + name_w + col_w * c, y, col_w - 2, lh}, hs);
    y += lh;
  }
  for (const auto& it : items) {
    if (y + lh > area.bottom() + 0.5) break;
    text_style ns = st;
    double name_width = table ? name_w : ctx.text.measure(it.name, st).width + 2;
    if (!table && x > area.x + 2 && x + sw + 4 + name_width > area.right()) {
      x = area.x + 2;
      y += lh;
      if (y + lh > area.bottom() + 0.5) break;
    }
    fill_rect(ctx.cr, {x, y + lh / 2 - 1.5 * ctx.scale, sw, 3 * ctx.scale}, it.color);
    ctx.text.draw(it.name, {x + sw + 4, y, std::min(name_width, area.right() - x - sw - 4), lh}, ns);
    if (table) {
      text_style vs = st;
      vs.halign = h_align::right;
      for (std::size_t c = 0; c < it.values.size() && c < spec.calcs.size(); ++c)
        ctx.text.draw(it.values[c], {area.x + sw + 6 + name_w + col_w * c, y, col_w - 2, lh}, vs);
      y += lh;
    } else {
      x += sw + 4 + name_width + 10 * ctx.scale;
    }
  }
}

}  // namespace reportd::render
