#pragma once
// The one percent-encoder (Boost.URL) and the one HTML escaper.
#include <string>
#include <string_view>

namespace reportd::model {

/// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~),
/// so the result is safe in a path segment, a query key and a query value.
std::string percent_encode(std::string_view s);

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

}  // namespace reportd::model
