// Table: header, as many rows as fit, and "N more rows" when the data is cut. Column widths
// follow content; numbers are formatted by the panel's unit and right-aligned.
#include <algorithm>
#include <cmath>

#include "render/csv.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

std::string cell_text(const panel& p, const field& f, std::size_t row, const std::string& unit, std::optional<int> decimals,
                      const std::string& zone) {
  if (f.type == field_type::string) return row < f.strings.size() ? f.strings[row] : "";
  if (row >= f.numbers.size()) return "";
  double v = f.numbers[row];
  if (f.type == field_type::time)
    return std::isnan(v) ? "" : format_time(static_cast<std::int64_t>(v), zone, "%Y-%m-%d %H:%M:%S");
  if (f.type == field_type::boolean) return std::isnan(v) ? "" : (v != 0 ? "true" : "false");
  if (auto mapped = mapped_text(p, v)) return *mapped;
  return format_value(v, unit, decimals);
}

}  // namespace

void draw_table(const draw_context& ctx, const panel& p, const rect& body) {
  // The same table the panel's CSV holds (several time series joined on time).
  const frame data = table_data(p);
  if (data.length() == 0 || data.fields.empty()) return draw_message(ctx, body, no_data_text(p));
  const frame* f = &data;
  std::string unit = panel_unit(p);
  auto decimals = panel_decimals(p);
  text_style st;
  st.size = 7.5 * ctx.scale;
  st.color = ctx.th.text;
  text_style hs = st;
  hs.bold = true;
  double row_h = st.size * 1.6;
  std::size_t rows = f->length();
  std::size_t fit = static_cast<std::size_t>(std::max(0.0, (body.h - row_h) / row_h));
  std::size_t shown = rows <= fit ? rows : (fit > 0 ? fit - 1 : 0);
  // Widths from the header and the rows we show, then scaled to the panel width.
  std::vector<double> widths;
  for (const auto& fl : f->fields) {
    double w = ctx.text.measure(fl.name, hs).width;
    for (std::size_t r = 0; r < std::min<std::size_t>(shown, 50); ++r)
      w = std::max(w, ctx.text.measure(cell_text(p, fl, r, unit, decimals, ctx.range.zone), st).width);
    widths.push_back(std::max(w, 10.0) + 8);
  }
  double total = 0;
  for (double w : widths) total += w;
  double k = body.w / total;
  cairo_t* cr = ctx.cr;
  double x = body.x;
  fill_rect(cr, {body.x, body.y, body.w, row_h}, ctx.th.grid);
  for (std::size_t c = 0; c < f->fields.size(); ++c) {
    const auto& fl = f->fields[c];
    double w = widths[c] * k;
    text_style cs = st;
    text_style chs = hs;
    if (fl.type == field_type::number) cs.halign = chs.halign = h_align::right;
    chs.valign = cs.valign = v_align::middle;
    ctx.text.draw(fl.name, {x + 4, body.y, w - 8, row_h}, chs);
    for (std::size_t r = 0; r < shown; ++r)
      ctx.text.draw(cell_text(p, fl, r, unit, decimals, ctx.range.zone), {x + 4, body.y + row_h * (r + 1), w - 8, row_h}, cs);
    x += w;
  }
  set_color(cr, ctx.th.grid);
  cairo_set_line_width(cr, 0.5);
  for (std::size_t r = 1; r <= shown; ++r) {
    cairo_move_to(cr, body.x, body.y + row_h * (r + 1));
    cairo_line_to(cr, body.right(), body.y + row_h * (r + 1));
  }
  cairo_stroke(cr);
  if (shown < rows) {
    text_style ms = st;
    ms.color = ctx.th.muted;
    ms.halign = h_align::center;
    ms.valign = v_align::middle;
    ctx.text.draw(std::to_string(rows - shown) + " more rows", {body.x, body.y + row_h * (shown + 1), body.w, row_h}, ms);
  }
}

}  // namespace reportd::render
