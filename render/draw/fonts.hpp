#pragma once
// Text with pango on a cairo context. One text_painter per cairo context (per page / image):
// it owns a single PangoLayout that every call reuses, so drawing a dashboard does not
// create layouts or font maps per panel. The family list makes fontconfig fall back to
// Noto Sans CJK for Chinese, Japanese and Korean glyphs.
#include <string>
#include <string_view>

#include <cairo.h>

#include "render/draw/geometry.hpp"

typedef struct _PangoLayout PangoLayout;

namespace reportd::render {

inline constexpr const char* font_family = "DejaVu Sans, Noto Sans CJK SC";

enum class h_align { left, center, right };
enum class v_align { top, middle, bottom };

struct text_style {
  double size = 9;  // points
  bool bold = false;
  rgba color{0.1, 0.1, 0.1, 1};
  h_align halign = h_align::left;
  v_align valign = v_align::top;
  bool wrap = false;  // wrap words within the box (else one line, ellipsized)
  std::string family;  // a family tried before font_family (settings footerFontFamily); "": font_family
};

struct text_extent {
  double width = 0;
  double height = 0;
};

class text_painter {
public:
  explicit text_painter(cairo_t* cr);
  ~text_painter();
  text_painter(const text_painter&) = delete;
  text_painter& operator=(const text_painter&) = delete;

  /// Draws plain `text` (no markup is interpreted) inside `box`, clipped to it; ellipsized at
  /// the end when one line does not fit. Returns the size it used.
  text_extent draw(std::string_view text, const rect& box, const text_style& style);
  /// Draws pango markup (caller escapes user text with model::html_escape(): pango's markup
  /// parser reads the same five entities, &#39; included).
  text_extent draw_markup(std::string_view markup, const rect& box, const text_style& style);
  /// Size of `text` on one line in `style`'s font.
  text_extent measure(std::string_view text, const text_style& style);

private:
  void prepare(const text_style& style, double width);
  text_extent place(const rect& box, const text_style& style);

  cairo_t* cr_;
  PangoLayout* layout_;
};

}  // namespace reportd::render
