#pragma once
// The report logo: fetched over http(s) with a size cap and a short timeout, decoded as PNG.
// A logo that cannot be had is left out of the report with a reason; it never fails a report.
#include <memory>
#include <string>

#include <cairo.h>

namespace reportd::render {

inline constexpr std::size_t max_logo_bytes = 2 * 1024 * 1024;

struct surface_deleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using surface_ptr = std::unique_ptr<cairo_surface_t, surface_deleter>;

struct logo_result {
  surface_ptr image;   // null when unavailable
  std::string reason;  // why, when image is null ("" when no URL was set)
};

/// Downloads `url` (http/https only, at most 2 MiB, 5 s) and decodes it.
logo_result fetch_logo(const std::string& url);

/// Decodes PNG bytes; null surface and a reason when they are not a PNG.
logo_result decode_logo(const std::string& bytes);

}  // namespace reportd::render
