#include "render/draw/fonts.hpp"

#include <string>

#include <pango/pangocairo.h>

namespace reportd::render {

text_painter::text_painter(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {}

text_painter::~text_painter() { g_object_unref(layout_); }

void text_painter::prepare(const text_style& style, double width) {
  PangoFontDescription* desc = pango_font_description_from_string(font_family);
  if (!style.family.empty())
    pango_font_description_set_family(desc, (style.family + ", " + font_family).c_str());
  pango_font_description_set_absolute_size(desc, style.size * PANGO_SCALE);
  pango_font_description_set_weight(desc, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout_, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout_, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize(layout_, style.wrap || width <= 0 ? PANGO_ELLIPSIZE_NONE
                                                               : PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment(layout_, style.halign == h_align::center  ? PANGO_ALIGN_CENTER
                                      : style.halign == h_align::right ? PANGO_ALIGN_RIGHT
                                                                       : PANGO_ALIGN_LEFT);
}

text_extent text_painter::place(const rect& box, const text_style& style) {
  pango_cairo_update_layout(cr_, layout_);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout_, &w, &h);
  text_extent ext{static_cast<double>(w) / PANGO_SCALE, static_cast<double>(h) / PANGO_SCALE};
  double y = box.y;
  if (style.valign == v_align::middle) y = box.y + (box.h - ext.height) / 2;
  if (style.valign == v_align::bottom) y = box.bottom() - ext.height;
  cairo_save(cr_);
  cairo_rectangle(cr_, box.x, box.y, box.w, box.h);
  cairo_clip(cr_);
  cairo_set_source_rgba(cr_, style.color.r, style.color.g, style.color.b, style.color.a);
  cairo_move_to(cr_, box.x, y);
  pango_cairo_show_layout(cr_, layout_);
  cairo_restore(cr_);
  return ext;
}

text_extent text_painter::draw(std::string_view text, const rect& box, const text_style& style) {
  if (box.w <= 1 || box.h <= 1) return {};
  prepare(style, box.w);
  // set_markup leaves attributes on the shared layout; plain text must not inherit them.
  pango_layout_set_attributes(layout_, nullptr);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  return place(box, style);
}

text_extent text_painter::draw_markup(std::string_view markup, const rect& box,
                                      const text_style& style) {
  if (box.w <= 1 || box.h <= 1) return {};
  prepare(style, box.w);
  pango_layout_set_markup(layout_, markup.data(), static_cast<int>(markup.size()));
  return place(box, style);
}

text_extent text_painter::measure(std::string_view text, const text_style& style) {
  prepare(style, -1);
  pango_layout_set_attributes(layout_, nullptr);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return {static_cast<double>(w) / PANGO_SCALE, static_cast<double>(h) / PANGO_SCALE};
}

}  // namespace reportd::render
