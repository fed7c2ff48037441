#include "render/pdf.hpp"

#include <algorithm>
#include <memory>

#include <cairo-pdf.h>

#include "render/draw/draw_panels.hpp"
#include "render/engine.hpp"
#include "render/pdf_tables.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct cairo_deleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

/// Counted from the layout, before a page is drawn: a document past the cap costs nothing.
void check_page_cap(const document_options& o, std::size_t pages, const std::string& what) {
  if (o.max_pages != 0 && pages > o.max_pages)
    throw render_stopped(model::bad_request(what + " would have " + std::to_string(pages) + " pages, more than " +
                                            std::to_string(o.max_pages) +
                                            "; the limit is [reporting] max_pages_per_render"));
}

/// Between pages: stops the document once the request's deadline has passed.
void check_deadline(const document_options& o, const std::string& page, std::size_t pages) {
  if (out_of_time(o.stop_at_ms))
    throw render_stopped(stopped_at_deadline("while drawing " + page + " of " + std::to_string(pages)));
}

layout_params params_of(const document_options& o, const dashboard_view& v) {
  layout_params p;
  p.orientation = o.orientation;
  p.mode = o.layout;
  p.scale_factor = o.scale_factor;
  p.header = o.header;
  p.header.variables = o.header.variables && !v.variables.empty();
  return p;
}

void draw_header(const draw_context& ctx, const document_options& o, const dashboard_view& v,
                 const rect& band) {
  if (band.h <= 0) return;
  double y = band.y;
  auto line = [&](const std::string& text, double size, bool bold, const rgba& color, double h) {
    text_style st;
    st.size = size;
    st.bold = bold;
    st.color = color;
    ctx.text.draw(text, {band.x, y, band.w, h}, st);
    y += h;
  };
  if (o.header.enabled) {
    line(o.report_name, 14, true, ctx.th.text, 18);
    if (o.header.title) line(v.title, 11, false, ctx.th.text, 14);
    if (o.header.time_range) line(time_range_text(v.range), 9, false, ctx.th.muted, 12);
    std::string zone = o.zone.empty() ? "GMT" : o.zone;
    line("Generated " + format_time(o.now_ms, zone, "%Y-%m-%d %H:%M") + " (" + zone + ")", 8, false, ctx.th.muted, 12);
  }
  if (o.header.variables && !v.variables.empty()) line(variables_text(v), 8, false, ctx.th.muted, 12);
}

// cairo's link attribute value is single-quoted; a quote or backslash inside is escaped.
std::string link_attributes(const std::string& url) {
  std::string out = "uri='";
  for (char c : url) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// The settings' footer items in the middle of the footer, between the logo and the page
// number, each a PDF link when it has a URL.
void draw_footer_items(const draw_context& ctx, const document_options& o, const rect& band) {
  text_style st;
  st.size = 8;
  st.color = ctx.th.muted;
  st.valign = v_align::middle;
  st.family = o.footer_font_family;
  const double gap = 12;
  rect area{band.x + band.w * 0.3, band.y, band.w * 0.55, band.h};
  std::vector<double> widths;
  double total = 0;
  for (const auto& f : o.footer_items) {
    widths.push_back(ctx.text.measure(f.text.empty() ? f.url : f.text, st).width + 1);
    total += widths.back() + (widths.size() > 1 ? gap : 0);
  }
  double x = area.x + std::max(0.0, (area.w - total) / 2);
  for (std::size_t i = 0; i < o.footer_items.size() && x < area.right() - 1; ++i) {
    const auto& f = o.footer_items[i];
    rect box{x, band.y, std::min(widths[i], area.right() - x), band.h};
    if (!f.url.empty()) cairo_tag_begin(ctx.cr, CAIRO_TAG_LINK, link_attributes(f.url).c_str());
    ctx.text.draw(f.text.empty() ? f.url : f.text, box, st);
    if (!f.url.empty()) cairo_tag_end(ctx.cr, CAIRO_TAG_LINK);
    x += widths[i] + gap;
  }
}

/// "page / pages" at the right of the footer band.
void draw_page_number(text_painter& text, const theme& th, const rect& band, std::size_t page, std::size_t pages) {
  text_style st;
  st.size = 8;
  st.color = th.muted;
  st.halign = h_align::right;
  st.valign = v_align::middle;
  text.draw(std::to_string(page) + " / " + std::to_string(pages), band, st);
}

void draw_footer(const draw_context& ctx, const document_options& o, const rect& band, int page, int pages) {
  draw_page_number(ctx.text, ctx.th, band, static_cast<std::size_t>(page), static_cast<std::size_t>(pages));
  if (!o.footer_items.empty()) draw_footer_items(ctx, o, band);
  if (o.logo == nullptr) return;
  double lw = cairo_image_surface_get_width(o.logo), lh = cairo_image_surface_get_height(o.logo);
  if (lw <= 0 || lh <= 0) return;
  double s = std::min(band.h / lh, band.w * 0.3 / lw);
  cairo_save(ctx.cr);
  cairo_translate(ctx.cr, band.x, band.y + (band.h - lh * s) / 2);
  cairo_scale(ctx.cr, s, s);
  cairo_set_source_surface(ctx.cr, o.logo, 0, 0);
  cairo_paint(ctx.cr);
  cairo_restore(ctx.cr);
}

}  // namespace

std::string time_range_text(const time_window& r) {
  std::string zone = r.zone.empty() ? "GMT" : r.zone;
  return format_time(r.from_ms, zone, "%Y-%m-%d %H:%M") + " to " +
         format_time(r.to_ms, zone, "%Y-%m-%d %H:%M") + " (" + zone + ")";
}

std::string variables_text(const dashboard_view& view) {
  std::string out;
  for (const auto& [name, values] : view.variables) {
    if (!out.empty()) out += "   ";
    out += name + ": ";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
  }
  return out;
}

std::string render_pdf(const std::vector<const dashboard_view*>& views, const document_options& o) {
  std::vector<document_layout> docs;
  int total = 0;
  for (const auto* v : views) {
    docs.push_back(layout_document(layout_items(*v), params_of(o, *v)));
    total += static_cast<int>(docs.back().pages.size());
  }
  if (docs.empty()) return {};
  const table_pages appendix = o.table_appendix ? paginate_tables(views, o.orientation) : table_pages{};
  total += static_cast<int>(appendix.pages.size());
  check_page_cap(o, static_cast<std::size_t>(total), "the PDF");
  std::string out;
  std::unique_ptr<cairo_surface_t, cairo_deleter> surface(
      cairo_pdf_surface_create_for_stream(append, &out, docs[0].page_w, docs[0].page_h));
  std::string title = views.size() == 1 && !views[0]->title.empty() ? views[0]->title : o.report_name;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "reportd");
  {
    std::unique_ptr<cairo_t, cairo_deleter> cr(cairo_create(surface.get()));
    text_painter text(cr.get());
    const theme& th = theme_named(o.theme);
    int page_no = 0;
    for (std::size_t d = 0; d < views.size(); ++d) {
      const auto& doc = docs[d];
      draw_context ctx{cr.get(), text, th, views[d]->range, doc.text_scale};
      for (const auto& page : doc.pages) {
        check_deadline(o, "page " + std::to_string(page_no + 1), static_cast<std::size_t>(total));
        if (page_no > 0) cairo_show_page(cr.get());
        ++page_no;
        fill_rect(cr.get(), {0, 0, doc.page_w, doc.page_h}, th.page);
        draw_header(ctx, o, *views[d], doc.header);
        for (const auto& pp : page.panels) draw_panel(ctx, views[d]->panels[pp.index], pp.box);
        draw_footer(ctx, o, doc.footer, page_no, total);
      }
    }
    draw_context ctx{cr.get(), text, th, views[0]->range, docs[0].text_scale};
    for (std::size_t i = 0; i < appendix.pages.size(); ++i) {
      check_deadline(o, "page " + std::to_string(page_no + 1), static_cast<std::size_t>(total));
      cairo_show_page(cr.get());
      ++page_no;
      fill_rect(cr.get(), {0, 0, appendix.page_w, appendix.page_h}, th.page);
      draw_table_page(cr.get(), text, th, appendix, i, o.zone.empty() ? "GMT" : o.zone);
      draw_footer(ctx, o, docs[0].footer, page_no, total);
    }
  }
  cairo_surface_finish(surface.get());
  return out;
}

std::string render_tables_pdf(const std::vector<const dashboard_view*>& views, const document_options& o) {
  const table_pages doc = paginate_tables(views, o.orientation);
  if (doc.pages.empty()) return {};
  check_page_cap(o, doc.pages.size(), "the table PDF");
  std::string out;
  std::unique_ptr<cairo_surface_t, cairo_deleter> surface(
      cairo_pdf_surface_create_for_stream(append, &out, doc.page_w, doc.page_h));
  const std::string title = o.report_name + " - tables";
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "reportd");
  {
    std::unique_ptr<cairo_t, cairo_deleter> cr(cairo_create(surface.get()));
    text_painter text(cr.get());
    const theme& th = theme_named(o.theme);
    const std::string zone = o.zone.empty() ? "GMT" : o.zone;
    const rect number_band{page_margin, doc.page_h - page_margin - footer_height, doc.page_w - 2 * page_margin,
                           footer_height};
    for (std::size_t i = 0; i < doc.pages.size(); ++i) {
      check_deadline(o, "table page " + std::to_string(i + 1), doc.pages.size());
      if (i > 0) cairo_show_page(cr.get());
      fill_rect(cr.get(), {0, 0, doc.page_w, doc.page_h}, th.page);
      draw_table_page(cr.get(), text, th, doc, i, zone);
      draw_page_number(text, th, number_band, i + 1, doc.pages.size());
    }
  }
  cairo_surface_finish(surface.get());
  return out;
}

std::string render_png(const dashboard_view& view, const document_options& o, double width) {
  document_options po = o;
  po.header.variables = o.header.variables && !view.variables.empty();
  double top = 8 + header_height(po.header);
  auto canvas = layout_canvas(layout_items(view), width - 16, top);
  int w = static_cast<int>(width), h = static_cast<int>(canvas.height + 8);
  std::unique_ptr<cairo_surface_t, cairo_deleter> surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
  std::string out;
  {
    std::unique_ptr<cairo_t, cairo_deleter> cr(cairo_create(surface.get()));
    text_painter text(cr.get());
    const theme& th = theme_named(o.theme);
    draw_context ctx{cr.get(), text, th, view.range, 1.2};
    fill_rect(cr.get(), {0, 0, width, static_cast<double>(h)}, th.page);
    draw_header(ctx, po, view, {8, 8, width - 16, top - 8});
    cairo_translate(cr.get(), 8, 0);
    for (const auto& pp : canvas.panels) draw_panel(ctx, view.panels[pp.index], pp.box);
  }
  cairo_surface_write_to_png_stream(surface.get(), append, &out);
  return out;
}

}  // namespace reportd::render
