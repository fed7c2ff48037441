// The render floor: bare cairo drawing, into an in-memory PDF, as many paths (of as many
// segments) and glyphs as reportd's renderer drew for the bench dashboard. No layout, no
// data, no pango shaping: what cairo alone costs. Usage:
//   cairo_floor PATHS SEGMENTS_PER_PATH GLYPHS WIDTH_PT HEIGHT_PT [min_seconds]
#include <cairo-pdf.h>
#include <cairo.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "bench/render/timing.hpp"

namespace {

struct shape {
  int paths = 0;
  int segments = 0;
  int glyphs = 0;
  double width = 842;
  double height = 595;
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void draw_paths(cairo_t* cr, const shape& s) {
  cairo_set_line_width(cr, 1.5);
  for (int p = 0; p < s.paths; ++p) {
    const double y0 = std::fmod(p * 37.0, s.height - 40) + 20;
    cairo_move_to(cr, 10, y0);
    for (int i = 1; i <= s.segments; ++i)
      cairo_line_to(cr, 10 + (s.width - 20) * i / (s.segments + 1), y0 + 15 * std::sin(i * 0.7 + p));
    cairo_set_source_rgba(cr, (p % 7) / 7.0, 0.4, 0.6, 0.8);
    if (p % 2) cairo_fill(cr); else cairo_stroke(cr);
  }
}

void draw_glyphs(cairo_t* cr, const shape& s) {
  static const char chunk[] = "Panel 42.5";  // ten glyphs per call, like short labels
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 9);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  const int calls = (s.glyphs + 9) / 10;
  for (int i = 0; i < calls; ++i) {
    cairo_move_to(cr, 10 + (i % 12) * 68, 20 + std::fmod(i * 11.0, s.height - 30));
    cairo_show_text(cr, chunk);
  }
}

bool render_once(const shape& s, std::string& out) {
  out.clear();
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, s.width, s.height);
  cairo_t* cr = cairo_create(surface);
  draw_paths(cr, s);
  draw_glyphs(cr, s);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS && !out.empty();
  cairo_surface_destroy(surface);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s PATHS SEGMENTS GLYPHS WIDTH_PT HEIGHT_PT [min_seconds]\n", argv[0]);
    return 2;
  }
  shape s{std::stoi(argv[1]), std::stoi(argv[2]), std::stoi(argv[3]), std::stod(argv[4]), std::stod(argv[5])};
  reportd::bench::timing_options opt;
  if (argc > 6) opt.min_seconds = std::stod(argv[6]);
  std::string pdf;
  return reportd::bench::time_and_print("cairo_floor", opt, [&] { return render_once(s, pdf); }) ? 0 : 1;
}
