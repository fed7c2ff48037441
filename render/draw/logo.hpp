#pragma once
// The report logo: fetched over http(s) with a size cap and a short timeout, decoded as PNG.
// A logo that cannot be had is left out of the report with a reason (logged); it never fails
// a report. The fetch never reaches an address inside the network (loopback, private,
// link-local, ...) unless [security] allowed_logo_hosts names the host: every address is
// checked when the socket is opened (so a DNS answer that changes between checks does not
// matter) and every redirect is followed by hand and checked again.
#include <memory>
#include <optional>
#include <string>

#include <cairo.h>

#include "render/draw/logo_policy.hpp"

struct sockaddr;

namespace reportd::render {

inline constexpr std::size_t max_logo_bytes = 2 * 1024 * 1024;
inline constexpr int max_logo_redirects = 3;

struct surface_deleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using surface_ptr = std::unique_ptr<cairo_surface_t, surface_deleter>;

struct logo_result {
  surface_ptr image;   // null when unavailable
  std::string reason;  // why, when image is null ("" when no URL was set)
};

/// Downloads `url` (http/https only, at most 2 MiB, 5 s, at most 3 redirects, each hop's
/// address checked) and decodes it; answers from policy.cache while the logo's HTTP cache
/// headers say it is fresh. A skipped logo is logged (warn) with the URL minus credentials.
logo_result fetch_logo(const std::string& url, const logo_policy& policy = {});

/// Decodes PNG bytes; null surface and a reason when they are not a PNG or its header claims
/// more than `max_dimension` pixels in either direction (checked before decoding).
logo_result decode_logo(const std::string& bytes, int max_dimension = 4096);

struct image_size {
  long width = 0;
  long height = 0;
};

/// The size a PNG's IHDR chunk claims; nullopt when `bytes` do not start like a PNG.
std::optional<image_size> png_size(const std::string& bytes);

/// Why a logo may not be fetched from `addr` ("a loopback address", ...), or nullptr when it is a
/// public unicast address. IPv4-mapped, IPv4-compatible and NAT64 IPv6 forms are judged by the
/// IPv4 address inside.
const char* refused_address(const sockaddr* addr);
/// The same for a numeric IPv4 or IPv6 address; "not an IP address" when it is neither.
const char* refused_address(const std::string& numeric_ip);

/// `url` without user name and password, for logs.
std::string url_for_log(const std::string& url);

}  // namespace reportd::render
