#pragma once
// The one percent-encoder (Boost.URL), the one HTML escaper and the one whitespace trim.
#include <string>
#include <string_view>

namespace reportd::model {

/// Percent-encodes every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~),
/// so the result is safe in a path segment, a query key and a query value.
std::string percent_encode(std::string_view s);

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

/// `s` without leading and trailing spaces, tabs, CRs and LFs.
std::string_view trim_space(std::string_view s);

}  // namespace reportd::model
