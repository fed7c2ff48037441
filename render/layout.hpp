#pragma once
// Page layout, pure arithmetic (no cairo): A4 pages in points (72 dpi), header and footer
// bands, and where each panel goes. `grid` maps Grafana's 24-column grid onto the page width
// and its 30 px rows by the same factor, and moves whole bands of panels to the next page
// rather than cutting one; `simple` stacks panels full width, one (landscape) or three
// (portrait) per page.
#include <cstddef>
#include <string>
#include <vector>

#include "render/draw/geometry.hpp"
#include "render/panel.hpp"

namespace reportd::render {

inline constexpr double a4_short = 595;
inline constexpr double a4_long = 842;
inline constexpr double page_margin = 24;
inline constexpr double panel_gap = 4;
inline constexpr double footer_height = 20;
/// Least height of a band holding only row headers, in points at 100 % (gap included).
inline constexpr double row_header_min = 18;
/// Grafana dashboards are designed for about this viewport width; row units scale from it.
inline constexpr double dashboard_px_width = 1920;

struct layout_item {
  grid_pos pos;
  bool row = false;  // row header panels: skipped by the simple layout
};

struct header_flags {
  bool enabled = true;      // pdf_header_enabled
  bool title = true;        // pdf_dashboard_title_enabled
  bool time_range = true;   // pdf_time_range_enabled
  bool variables = false;   // pdfShowTemplateVariables
};

/// Height of the header band (0 when nothing is shown), in points at 100 %.
double header_height(const header_flags& flags);

struct layout_params {
  std::string orientation = "landscape";  // portrait | landscape
  std::string mode = "grid";              // grid | simple
  int scale_factor = 100;                 // percent
  header_flags header;
};

struct panel_box {
  std::size_t index = 0;  // into the items given
  rect box;
};

struct page_layout {
  std::vector<panel_box> panels;
};

struct document_layout {
  double page_w = a4_long;
  double page_h = a4_short;
  rect header;   // band at the top of every page (h == 0: none)
  rect content;  // where panels go
  rect footer;
  double text_scale = 1;  // multiplier for text sizes
  std::vector<page_layout> pages;  // at least one page, even with no panels
};

document_layout layout_document(const std::vector<layout_item>& items, const layout_params& params);

/// A single tall canvas `width` units wide for the PNG: the grid at screen scale.
struct canvas_layout {
  double width = 0;
  double height = 0;
  std::vector<panel_box> panels;
};
canvas_layout layout_canvas(const std::vector<layout_item>& items, double width, double top);

/// The items of a resolved dashboard.
std::vector<layout_item> layout_items(const dashboard_view& view);

}  // namespace reportd::render
