#include "catch_prelude.hpp"

#include <cairo.h>

#include "render/layout.hpp"
#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

constexpr double zoom = 4;  // pixels per point, to see the rule and the glyphs apart

// Ink per pixel row of a row header drawn where the layout puts it; first pixel row at box.y - 4.
std::vector<int> ink_by_line(const rect& box, const std::string& title) {
  int w = static_cast<int>((box.w + 8) * zoom);
  int h = static_cast<int>((box.h + 8) * zoom);
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(s);
  cairo_scale(cr, zoom, zoom);
  cairo_translate(cr, 4 - box.x, 4 - box.y);
  {
    text_painter text(cr);
    time_window range{t0, t0 + day, "GMT", "", ""};
    draw_context ctx{cr, text, theme_named("light"), range, 1};
    fill_rect(cr, {box.x - 4, box.y - 4, box.w + 8, box.h + 8}, ctx.th.page);
    draw_panel(ctx, make_panel("row", title, {0, 0, 24, 1}), box);
  }
  cairo_surface_flush(s);
  std::vector<int> out(static_cast<std::size_t>(h), 0);
  const unsigned char* data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if ((*reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4) & 0xffffff) != 0xffffff) ++out[y];
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  return out;
}

}  // namespace

TEST_CASE("a row header's title sits above its rule, at a readable size", "[draw][rows]") {
  for (const char* orientation : {"landscape", "portrait"}) {
    INFO(orientation);
    layout_params params;
    params.orientation = orientation;
    auto doc = layout_document({{{0, 0, 24, 1}, true}, {{0, 1, 24, 8}, false}}, params);
    const rect& box = doc.pages[0].panels[0].box;
    const rect& below = doc.pages[0].panels[1].box;
    auto ink = ink_by_line(box, "Traffig Qp");  // descenders: g, p, Q
    int width = static_cast<int>(box.w * zoom);
    int rule = -1, text_top = -1, text_bottom = -1;
    for (int y = 0; y < static_cast<int>(ink.size()); ++y) {
      if (ink[y] > width * 9 / 10) { rule = rule < 0 ? y : rule; continue; }
      if (ink[y] > 0 && rule < 0) { text_top = text_top < 0 ? y : text_top; text_bottom = y; }
      if (ink[y] > 0 && rule >= 0) FAIL("ink below the rule at pixel row " << y);
    }
    REQUIRE(rule >= 0);
    REQUIRE(text_top >= 0);
    CHECK(text_bottom < rule - 1);                    // a clear gap above the rule
    CHECK((text_bottom - text_top) / zoom >= 8);      // cap height + descender of about 10 pt
    CHECK(rule / zoom - 4 + box.y < below.y);         // the rule is above the panels of the row
  }
}
