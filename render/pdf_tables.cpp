#include "render/pdf_tables.hpp"

#include <algorithm>
#include <memory>

#include <cairo-pdf.h>

#include "render/csv.hpp"
#include "render/engine.hpp"
#include "render/layout.hpp"
#include "render/pdf.hpp"

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

struct closer {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

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

std::string render_tables_pdf(const std::vector<const dashboard_view*>& views, const document_options& o) {
  const table_pages doc = paginate_tables(views, o.orientation);
  if (doc.pages.empty()) return {};
  if (o.max_pages != 0 && doc.pages.size() > o.max_pages)
    throw render_stopped(model::bad_request("the table PDF would have " + std::to_string(doc.pages.size()) +
                                            " pages, more than " + std::to_string(o.max_pages) +
                                            "; the limit is [reporting] max_pages_per_render"));
  std::string out;
  std::unique_ptr<cairo_surface_t, closer> surface(
    cairo_pdf_surface_create_for_stream(append, &out, doc.page_w, doc.page_h));
  const std::string title = o.report_name + " - tables";
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "reportd");
  {
    std::unique_ptr<cairo_t, closer> cr(cairo_create(surface.get()));
    text_painter text(cr.get());
    const theme& th = theme_named(o.theme);
    const std::string zone = o.zone.empty() ? "GMT" : o.zone;
    for (std::size_t i = 0; i < doc.pages.size(); ++i) {
      if (o.stop_at_ms != 0 && out_of_time(o.stop_at_ms))
        throw render_stopped(stopped_at_deadline("while drawing table page " + std::to_string(i + 1) + " of " +
                                                 std::to_string(doc.pages.size())));
      if (i > 0) cairo_show_page(cr.get());
      fill_rect(cr.get(), {0, 0, doc.page_w, doc.page_h}, th.page);
      draw_table_page(cr.get(), text, th, doc, i, zone);
      text_style st;
      st.size = 8;
      st.color = th.muted;
      st.halign = h_align::right;
      st.valign = v_align::middle;
      text.draw(std::to_string(i + 1) + " / " + std::to_string(doc.pages.size()),
                {page_margin, doc.page_h - page_margin - footer_height, doc.page_w - 2 * page_margin, footer_height},
                st);
    }
  }
  cairo_surface_finish(surface.get());
  return out;
}

}  // namespace reportd::render
