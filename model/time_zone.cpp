#include "model/time_zone.hpp"

#include <date/tz.h>

#include <cctype>
#include <stdexcept>

namespace reportd::model {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

bool means_utc(std::string_view zone) {
  return zone.empty() || zone == "browser" || equal_ignoring_case(zone, "UTC") ||
         equal_ignoring_case(zone, "GMT");
}

// locate_zone is thread-safe and a binary search over the loaded database: no cache.
const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(means_utc(zone) ? std::string_view("Etc/UTC") : zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

const date::time_zone* zone_or_utc(std::string_view zone) {
  if (const auto* z = find_zone(zone))
    return z;
  return find_zone("Etc/UTC");
}

}  // namespace reportd::model
