#pragma once
// The full data of a report's table panels as PDF pages (Grafana 11's report formats
// `pdf-tables`: a separate PDF of the tables; `pdf-tables-appendix`: the same pages after
// the dashboard pages of the report PDF). Every row is written, page after page, with the
// cells the CSV attachment would hold.
#include <cstddef>
#include <string>
#include <vector>

#include <cairo.h>

#include "render/draw/draw_common.hpp"
#include "render/draw/fonts.hpp"
#include "render/panel.hpp"

namespace reportd::render {

/// The table panels of some dashboards, cut into pages.
struct table_pages {
  struct table {
    std::string title;  // "<dashboard> - <panel>"
    frame data;         // as csv.hpp's table_data
  };
  struct page {
    std::size_t table = 0;
    std::size_t first_row = 0;
    std::size_t rows = 0;
  };
  double page_w = 0;
  double page_h = 0;
  std::vector<table> tables;
  std::vector<page> pages;  // empty when no panel is a table with data
};

/// Every table panel of `views` with data (types table and table-old), on A4 pages in
/// `orientation` (portrait | landscape).
table_pages paginate_tables(const std::vector<const dashboard_view*>& views, const std::string& orientation);

/// Draws page `index` of `doc` (the caller started the page and draws the footer); time
/// cells in `zone`.
void draw_table_page(cairo_t* cr, text_painter& text, const theme& th, const table_pages& doc, std::size_t index,
                     const std::string& zone);

}  // namespace reportd::render
