#include "render/pdf_tables.hpp"

#include <algorithm>

#include "render/csv.hpp"
#include "render/layout.hpp"

namespace reportd::render {
namespace {

constexpr double title_height = 18;
constexpr double row_height = 12;
constexpr double cell_font = 7.5;
constexpr double cell_padding = 3;

rect content_of(const table_pages& doc) {
  return {page_margin, page_margin, doc.page_w - 2 * page_margin,
          doc.page_h - 2 * page_margin - footer_height - 4};
}

std::size_t rows_per_page(const table_pages& doc) {
  // Below the title and the header row; at least one row so a page always moves on.
  const double room = content_of(doc).h - title_height - row_height;
  return std::max<std::size_t>(1, static_cast<std::size_t>(room / row_height));
}

bool is_table(const panel& p) { return (p.type == "table" || p.type == "table-old") && !p.frames.empty(); }

}  // namespace

table_pages paginate_tables(const std::vector<const dashboard_view*>& views, const std::string& orientation) {
  table_pages doc;
  const bool portrait = orientation == "portrait";
  doc.page_w = portrait ? a4_short : a4_long;
  doc.page_h = portrait ? a4_long : a4_short;
  for (const auto* v : views)
    for (const auto& p : v->panels)
      if (is_table(p))
        doc.tables.push_back({v->title + " - " + (p.title.empty() ? "Panel " + std::to_string(p.id) : p.title),
                              table_data(p)});
  const std::size_t per_page = rows_per_page(doc);
  for (std::size_t t = 0; t < doc.tables.size(); ++t) {
    const std::size_t rows = doc.tables[t].data.length();
    std::size_t first = 0;
    do {
      const std::size_t n = std::min(per_page, rows - first);
      doc.pages.push_back({t, first, n});
      first += n;
    } while (first < rows);
  }
  return doc;
}

void draw_table_page(cairo_t* cr, text_painter& text, const theme& th, const table_pages& doc, std::size_t index,
                     const std::string& zone) {
  const auto& pg = doc.pages.at(index);
  const auto& table = doc.tables.at(pg.table);
  const rect area = content_of(doc);
  text_style title;
  title.size = 11;
  title.bold = true;
  title.color = th.text;
  std::string heading = table.title;
  if (pg.first_row > 0) heading += " (continued)";
  text.draw(heading, {area.x, area.y, area.w, title_height}, title);
  const auto& fields = table.data.fields;
  if (fields.empty()) return;
  const double col_w = area.w / static_cast<double>(fields.size());
  double y = area.y + title_height;
  text_style head;
  head.size = cell_font;
  head.bold = true;
  head.color = th.text;
  head.valign = v_align::middle;
  fill_rect(cr, {area.x, y, area.w, row_height}, th.grid);
  for (std::size_t c = 0; c < fields.size(); ++c)
    text.draw(fields[c].name, {area.x + c * col_w + cell_padding, y, col_w - 2 * cell_padding, row_height}, head);
  y += row_height;
  text_style cell = head;
  cell.bold = false;
  for (std::size_t r = pg.first_row; r < pg.first_row + pg.rows; ++r, y += row_height) {
    for (std::size_t c = 0; c < fields.size(); ++c)
      text.draw(table_cell_text(fields[c], r, zone),
                {area.x + c * col_w + cell_padding, y, col_w - 2 * cell_padding, row_height}, cell);
    cairo_set_source_rgba(cr, th.border.r, th.border.g, th.border.b, th.border.a);
    cairo_set_line_width(cr, 0.3);
    cairo_move_to(cr, area.x, y + row_height);
    cairo_line_to(cr, area.right(), y + row_height);
    cairo_stroke(cr);
  }
}

}  // namespace reportd::render
