#include "render/layout.hpp"

#include <algorithm>

namespace reportd::render {
namespace {

struct band {
  int top = 0;
  int bottom = 0;
  std::vector<std::size_t> members;
};

// Groups panels whose vertical extents overlap (transitively): a band can only move to the
// next page as a whole, which is what keeps every panel uncut.
std::vector<band> bands_of(const std::vector<layout_item>& items) {
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return items[a].pos.y < items[b].pos.y;
  });
  std::vector<band> out;
  for (std::size_t i : order) {
    const auto& p = items[i].pos;
    int h = std::max(1, p.h);
    if (out.empty() || p.y >= out.back().bottom) out.push_back({p.y, p.y + h, {}});
    out.back().bottom = std::max(out.back().bottom, p.y + h);
    out.back().members.push_back(i);
  }
  return out;
}

rect cell(const grid_pos& p, double x0, double y0, double col_w, double row_h, double s) {
  rect r{x0 + p.x * col_w * s, y0, std::max(1, p.w) * col_w * s, std::max(1, p.h) * row_h * s};
  double g = panel_gap / 2;
  return {r.x + g, r.y + g, r.w - 2 * g, r.h - 2 * g};
}

void layout_grid(const std::vector<layout_item>& items, const layout_params& params, document_layout& doc) {
  double col_w = doc.content.w / 24;
  double row_h = 30 * doc.content.w / dashboard_px_width * params.scale_factor / 100.0;
  double used = 0;  // height used on the current page
  auto bands = bands_of(items);
  auto height = [&](const band& b) { return std::min((b.bottom - b.top) * row_h, doc.content.h); };
  auto only_rows = [&](const band& b) {
    return std::all_of(b.members.begin(), b.members.end(), [&](std::size_t i) { return items[i].row; });
  };
  for (std::size_t k = 0; k < bands.size(); ++k) {
    const band& b = bands[k];
    double h = (b.bottom - b.top) * row_h;
    // One grid unit is only 8 to 12 pt on A4: a band of row headers gets room for a
    // readable title above its rule.
    bool header_band = only_rows(b);
    if (header_band) h = std::max(h, row_header_min * params.scale_factor / 100.0);
    double s = 1;
    if (h > doc.content.h) {  // taller than a page: shrink the band to fit one page
      s = doc.content.h / h;
      h = doc.content.h;
    }
    // A row header moves with the panels under it rather than ending a page alone.
    double needed = h;
    if (header_band && k + 1 < bands.size()) needed += height(bands[k + 1]);
    if (used > 0 && used + std::min(needed, doc.content.h) > doc.content.h + 0.01) {
      doc.pages.emplace_back();
      used = 0;
    }
    for (std::size_t i : b.members) {
      const auto& p = items[i].pos;
      double y = doc.content.y + used + (p.y - b.top) * row_h * s;
      rect box = cell(p, doc.content.x, y, col_w, row_h, s);
      if (header_band) box.h = h - panel_gap;
      doc.pages.back().panels.push_back({i, box});
    }
    used += h;
  }
}

void layout_simple(const std::vector<layout_item>& items, const layout_params& params, document_layout& doc) {
  std::size_t per_page = params.orientation == "portrait" ? 3 : 1;
  double h = doc.content.h / static_cast<double>(per_page);
  std::size_t on_page = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].row) continue;
    if (on_page == per_page) {
      doc.pages.emplace_back();
      on_page = 0;
    }
    double g = panel_gap / 2;
    doc.pages.back().panels.push_back(
        {i, {doc.content.x + g, doc.content.y + h * on_page + g, doc.content.w - 2 * g, h - 2 * g}});
    ++on_page;
  }
}

}  // namespace

double header_height(const header_flags& f) {
  double h = 0;
  if (f.enabled) h += 18 + 12;  // report name line, generated-at line
  if (f.enabled && f.title) h += 14;
  if (f.enabled && f.time_range) h += 12;
  if (f.variables) h += 12;
  return h > 0 ? h + 6 : 0;
}

document_layout layout_document(const std::vector<layout_item>& items, const layout_params& params) {
  document_layout doc;
  bool portrait = params.orientation == "portrait";
  doc.page_w = portrait ? a4_short : a4_long;
  doc.page_h = portrait ? a4_long : a4_short;
  double scale = std::clamp(params.scale_factor, 25, 400) / 100.0;
  layout_params p = params;
  p.scale_factor = static_cast<int>(scale * 100);
  doc.text_scale = scale;
  double inner_w = doc.page_w - 2 * page_margin;
  doc.header = {page_margin, page_margin, inner_w, header_height(params.header)};
  doc.footer = {page_margin, doc.page_h - page_margin - footer_height, inner_w, footer_height};
  double top = doc.header.bottom();
  doc.content = {page_margin, top, inner_w, doc.footer.y - top};
  doc.pages.emplace_back();
  if (params.mode == "simple") layout_simple(items, p, doc);
  else layout_grid(items, p, doc);
  return doc;
}

canvas_layout layout_canvas(const std::vector<layout_item>& items, double width, double top) {
  canvas_layout out;
  out.width = width;
  double col_w = width / 24;
  double row_h = 30 * width / dashboard_px_width;
  double bottom = top;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& p = items[i].pos;
    rect r = cell(p, 0, top + p.y * row_h, col_w, row_h, 1);
    out.panels.push_back({i, r});
    bottom = std::max(bottom, r.bottom() + panel_gap / 2);
  }
  out.height = std::max(bottom, top + 40);
  return out;
}

std::vector<layout_item> layout_items(const dashboard_view& view) {
  std::vector<layout_item> out;
  out.reserve(view.panels.size());
  for (const auto& p : view.panels) out.push_back({p.pos, p.type == "row"});
  return out;
}

}  // namespace reportd::render
