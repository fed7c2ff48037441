#include <algorithm>
#include <cmath>

#include "render/draw/draw_panels.hpp"
#include "render/json_access.hpp"

namespace reportd::render {
namespace {

constexpr const char* legacy_calcs[][2] = {{"current", "lastNotNull"}, {"min", "min"}, {"max", "max"},
                                          {"avg", "mean"}, {"total", "sum"}};

// Rows are 11 pt with 8 pt text; a crowded legend shrinks them down to 8.5 pt (6.2 pt text)
// before it leaves any item out, and then says how many it left out.
double max_row_h(const draw_context& ctx) { return 11 * ctx.scale; }
double min_row_h(const draw_context& ctx) { return 8.5 * ctx.scale; }
double font_for(double row_h) { return row_h * 8 / 11; }
double swatch_w(const draw_context& ctx) { return 8 * ctx.scale; }
constexpr double col_pad = 8;

struct rows_fit {
  double row_h = 0;
  std::size_t shown = 0;  // items drawn; the rest are summed up in a "+N more" line
};

rows_fit fit_rows(const draw_context& ctx, std::size_t lines, std::size_t fixed, double h) {
  double total = static_cast<double>(lines + fixed);
  double row_h = std::clamp(h / std::max(1.0, total), min_row_h(ctx), max_row_h(ctx));
  if (row_h * total <= h + 0.5) return {row_h, lines};
  auto room = static_cast<std::size_t>((h + 0.5) / min_row_h(ctx));
  return {min_row_h(ctx), room > fixed + 1 ? room - fixed - 1 : 0};
}

std::string more_text(std::size_t n) { return "+" + std::to_string(n) + " more"; }

bool table_like(const legend_spec& spec) { return spec.table || spec.right; }

// Width of each calc column at `font`: its widest value or header, so values never ellipsize.
std::vector<double> column_widths(const draw_context& ctx, const legend_spec& spec,
                                  const std::vector<legend_item>& items, double font) {
  text_style st;
  st.size = font;
  text_style hs = st;
  hs.bold = true;
  std::vector<double> w(spec.calcs.size(), 0);
  for (std::size_t c = 0; c < spec.calcs.size(); ++c) {
    w[c] = ctx.text.measure(calc_label(spec.calcs[c]), hs).width;
    for (const auto& it : items)
      if (c < it.values.size()) w[c] = std::max(w[c], ctx.text.measure(it.values[c], st).width);
    w[c] += col_pad * ctx.scale;
  }
  return w;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// List mode flows entries left to right; returns each entry's line (widths at `font`).
std::vector<std::size_t> flow_lines(const draw_context& ctx, const std::vector<legend_item>& items,
                                    double font, double width, std::vector<double>& entry_w) {
  text_style st;
  st.size = font;
  std::vector<std::size_t> line(items.size(), 0);
  entry_w.assign(items.size(), 0);
  double x = 0;
  std::size_t l = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    entry_w[i] = swatch_w(ctx) + 4 + ctx.text.measure(items[i].name, st).width + 2;
    if (x > 0 && x + entry_w[i] > width) {
      ++l;
      x = 0;
    }
    line[i] = l;
    x += entry_w[i] + 10 * ctx.scale;
  }
  return line;
}

void draw_swatch(const draw_context& ctx, double x, double y, double row_h, const rgba& c) {
  fill_rect(ctx.cr, {x, y + row_h / 2 - 1.5 * ctx.scale, swatch_w(ctx), 3 * ctx.scale}, c);
}

void draw_more(const draw_context& ctx, std::size_t hidden, const rect& box, double font) {
  text_style ms;
  ms.size = font;
  ms.color = ctx.th.muted;
  ms.valign = v_align::middle;
  ctx.text.draw(more_text(hidden), box, ms);
}

void draw_table_legend(const draw_context& ctx, const legend_spec& spec,
                       const std::vector<legend_item>& items, const rect& area) {
  bool header = !spec.calcs.empty();
  auto fit = fit_rows(ctx, items.size(), header ? 1 : 0, area.h - 1);
  double lh = fit.row_h;
  text_style st;
  st.size = font_for(lh);
  st.color = ctx.th.text;
  st.valign = v_align::middle;
  auto cols = column_widths(ctx, spec, items, st.size);
  double sw = swatch_w(ctx);
  double name_x = area.x + 2 + sw + 4;
  double values_x = std::max(name_x + 20 * ctx.scale, area.right() - sum(cols));
  double y = area.y + 1;
  text_style vs = st;
  vs.halign = h_align::right;
  if (header) {
    text_style hs = vs;
    hs.bold = true;
    double x = values_x;
    for (std::size_t c = 0; c < spec.calcs.size(); x += cols[c], ++c)
      ctx.text.draw(calc_label(spec.calcs[c]), {x, y, cols[c] - 2, lh}, hs);
    y += lh;
  }
  for (std::size_t i = 0; i < fit.shown && i < items.size(); ++i, y += lh) {
    const auto& it = items[i];
    draw_swatch(ctx, area.x + 2, y, lh, it.color);
    ctx.text.draw(it.name, {name_x, y, values_x - name_x - 2, lh}, st);
    double x = values_x;
    for (std::size_t c = 0; c < it.values.size() && c < cols.size(); x += cols[c], ++c)
      ctx.text.draw(it.values[c], {x, y, cols[c] - 2, lh}, vs);
  }
  if (fit.shown < items.size()) draw_more(ctx, items.size() - fit.shown, {name_x, y, area.right() - name_x, lh}, st.size);
}

void draw_list_legend(const draw_context& ctx, const std::vector<legend_item>& items, const rect& area) {
  std::vector<double> entry_w;
  double font = font_for(max_row_h(ctx));
  auto line = flow_lines(ctx, items, font, area.w - 4, entry_w);
  auto fit = fit_rows(ctx, line.empty() ? 0 : line.back() + 1, 0, area.h - 1);
  if (fit.row_h < max_row_h(ctx)) {
    font = font_for(fit.row_h);
    line = flow_lines(ctx, items, font, area.w - 4, entry_w);
    fit = fit_rows(ctx, line.empty() ? 0 : line.back() + 1, 0, area.h - 1);
  }
  double lh = fit.row_h;
  text_style st;
  st.size = font;
  st.color = ctx.th.text;
  st.valign = v_align::middle;
  std::size_t lines_shown = fit.shown;
  double x = area.x + 2;
  std::size_t cur = 0;
  std::size_t drawn = 0;
  for (std::size_t i = 0; i < items.size() && line[i] < lines_shown; ++i, ++drawn) {
    if (line[i] != cur) {
      cur = line[i];
      x = area.x + 2;
    }
    double y = area.y + 1 + static_cast<double>(cur) * lh;
    draw_swatch(ctx, x, y, lh, items[i].color);
    double text_w = std::min(entry_w[i] - swatch_w(ctx) - 4, area.right() - x - swatch_w(ctx) - 4);
    ctx.text.draw(items[i].name, {x + swatch_w(ctx) + 4, y, text_w, lh}, st);
    x += entry_w[i] + 10 * ctx.scale;
  }
  if (drawn < items.size())
    draw_more(ctx, items.size() - drawn, {area.x + 2, area.y + 1 + static_cast<double>(lines_shown) * lh, area.w - 4, lh}, font);
}

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
  double font = font_for(max_row_h(ctx));
  if (spec.right) {
    text_style st;
    st.size = font;
    double name_w = 0;
    for (const auto& it : items) name_w = std::max(name_w, ctx.text.measure(it.name, st).width);
    double need = 2 + swatch_w(ctx) + 4 + name_w + 4 + sum(column_widths(ctx, spec, items, font));
    double w = std::min(body.w * (spec.calcs.empty() ? 0.35 : 0.5), need);
    rest.w -= w;
    return {rest.right(), body.y, w, body.h};
  }
  std::size_t lines = items.size() + (spec.table && !spec.calcs.empty() ? 1 : 0);
  if (!spec.table) {
    std::vector<double> entry_w;
    lines = flow_lines(ctx, items, font, body.w - 4, entry_w).back() + 1;
  }
  // Take up to 40 % of the body; grow to fit every item at the smallest rows as long as
  // the plot keeps half the body and 40 pt, before leaving items out.
  double lines_d = static_cast<double>(lines);
  double roomy = lines_d * max_row_h(ctx) + 2;
  double tight = lines_d * min_row_h(ctx) + 2;
  double growth = body.h - std::max(body.h * 0.5, 40 * ctx.scale);
  double h = std::min(roomy, std::max(body.h * 0.4, std::min(tight, growth)));
  rest.h -= h;
  return {body.x, rest.bottom(), body.w, h};
}

void draw_legend(const draw_context& ctx, const legend_spec& spec,
                 const std::vector<legend_item>& items, const rect& area) {
  if (area.w <= 0 || area.h <= 0 || items.empty()) return;
  if (table_like(spec)) return draw_table_legend(ctx, spec, items, area);
  draw_list_legend(ctx, items, area);
}

}  // namespace reportd::render
