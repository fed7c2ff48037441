#pragma once
// Draws single panels into a PDF page and reads back what a user would see: the words and
// where pdftotext finds them.
#include <regex>
#include <string>
#include <vector>

#include <cairo-pdf.h>

#include "render/draw/draw_panels.hpp"
#include "test_draw_views.hpp"

namespace reportd::render::testing {

inline cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

/// A one-page PDF (A4 landscape) with `p` drawn into `box`.
inline std::string panel_pdf(const panel& p, const rect& box) {
  std::string out;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append_bytes, &out, 842, 595);
  cairo_t* cr = cairo_create(s);
  {
    text_painter text(cr);
    time_window range{t0, t0 + day, "Europe/Warsaw", "", ""};
    draw_context ctx{cr, text, theme_named("light"), range, 1};
    draw_panel(ctx, p, box);
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return out;
}

struct word_box {
  std::string text;
  double x0, y0, x1, y1;
  double height() const { return y1 - y0; }
};

/// The words of a PDF with their boxes (pdftotext -bbox), in reading order.
inline std::vector<word_box> pdf_words(const std::string& pdf) {
  std::string path = write_temp(pdf, ".pdf");
  std::string html = run("pdftotext -bbox -enc UTF-8 '" + path + "' -");
  std::remove(path.c_str());
  std::vector<word_box> out;
  std::regex word(R"re(<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>)re");
  for (std::sregex_iterator it(html.begin(), html.end(), word), end; it != end; ++it)
    out.push_back({(*it)[5].str(), std::stod((*it)[1].str()), std::stod((*it)[2].str()),
                   std::stod((*it)[3].str()), std::stod((*it)[4].str())});
  return out;
}

/// One panel drawn on a light A4-landscape image at 1 px per point, for pixel checks.
class panel_pixels {
public:
  panel_pixels(const panel& p, const rect& box)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 842, 595)) {
    cairo_t* cr = cairo_create(surface_);
    {
      text_painter text(cr);
      time_window range{t0, t0 + day, "GMT", "", ""};
      draw_context ctx{cr, text, theme_named("light"), range, 1};
      fill_rect(cr, {0, 0, 842, 595}, ctx.th.page);
      draw_panel(ctx, p, box);
    }
    cairo_destroy(cr);
    cairo_surface_flush(surface_);
  }
  ~panel_pixels() { cairo_surface_destroy(surface_); }
  panel_pixels(const panel_pixels&) = delete;
  panel_pixels& operator=(const panel_pixels&) = delete;

  /// The 0xRRGGBB colour at (x, y).
  std::uint32_t rgb(int x, int y) const {
    const unsigned char* data = cairo_image_surface_get_data(surface_);
    int stride = cairo_image_surface_get_stride(surface_);
    return *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4) & 0xffffff;
  }

private:
  cairo_surface_t* surface_;
};

/// The height pdftotext gives the word "REF" set at `size` points: what a reader of the PDF
/// sees as the text size.
inline double word_height_at(double size, bool bold = true) {
  std::string out;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append_bytes, &out, 200, 100);
  cairo_t* cr = cairo_create(s);
  {
    text_painter text(cr);
    text_style st;
    st.size = size;
    st.bold = bold;
    text.draw("REF", {10, 10, 180, 80}, st);
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  auto words = pdf_words(out);
  return words.empty() ? 0 : words.front().height();
}

}  // namespace reportd::render::testing
