#pragma once
// Documents: the A4 PDF (header, panels laid out on pages, footer with page numbers and
// logo) and the PNG of a whole dashboard. Bytes are written into strings; every cairo and
// pango object is freed before returning.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <cairo.h>

#include "render/layout.hpp"
#include "render/panel.hpp"
#include "model/problem.hpp"
#include "model/settings.hpp"

namespace reportd::render {

struct document_options {
  std::string report_name;
  std::string orientation = "landscape";
  std::string layout = "grid";
  int scale_factor = 100;
  header_flags header;
  std::string theme = "light";
  std::string zone = "GMT";        // for the generated-at time
  std::int64_t now_ms = 0;         // generated-at time
  cairo_surface_t* logo = nullptr; // footer logo, may be null
  std::vector<model::footer_item> footer_items;  // footer text (and links) beside the logo
  std::string footer_font_family;  // "": the report font
  std::size_t max_pages = 0;       // [reporting] max_pages_per_render; 0: no limit
  std::int64_t stop_at_ms = 0;     // epoch ms after which drawing stops; 0: never
  bool table_appendix = false;     // format pdf-tables-appendix: table data after the dashboards
};

/// Thrown by render_pdf before it draws anything when the document passes opts.max_pages
/// (a bad_request naming the limit), or between pages once opts.stop_at_ms has passed (a
/// timeout); render() answers the problem it carries.
struct render_stopped : std::runtime_error {
  explicit render_stopped(model::problem p) : std::runtime_error(p.message), problem(std::move(p)) {}
  model::problem problem;
};

/// One PDF holding `views` in order, each dashboard starting on a new page. The PDF title
/// metadata is the report name (or the dashboard title when there is one dashboard).
std::string render_pdf(const std::vector<const dashboard_view*>& views, const document_options& opts);

/// A PDF holding only the tables, page numbers at the foot; "" when `views` have none.
/// Honours opts.max_pages and opts.stop_at_ms as render_pdf does.
std::string render_tables_pdf(const std::vector<const dashboard_view*>& views, const document_options& opts);

/// A PNG of the whole dashboard `width` px wide (grid layout, header on top).
std::string render_png(const dashboard_view& view, const document_options& opts, double width = 1200);

/// "2026-11-20 00:00 to 2026-11-27 00:00 (Europe/Warsaw)"
std::string time_range_text(const time_window& range);

/// "host: a, b   env: prod" for pdfShowTemplateVariables.
std::string variables_text(const dashboard_view& view);

}  // namespace reportd::render
