#include "config/values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace reportd::config {
namespace {

constexpr const char* not_a_duration = "is not a duration (use e.g. 30s, 500ms, 2m, 1h)";

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

// Milliseconds per unit, or 0 for an unknown unit.
std::int64_t unit_millis(std::string_view unit) {
  if (unit == "ms")
    return 1;
  if (unit == "s")
    return 1000;
  if (unit == "m")
    return 60 * 1000;
  if (unit == "h")
    return 60 * 60 * 1000;
  return 0;
}

}  // namespace

parsed<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max) {
  auto s = trim(text);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec == std::errc::invalid_argument || end != s.data() + s.size())
    return std::string("is not a number");
  if (ec == std::errc::result_out_of_range || n > max)
    return "is out of range (0.." + std::to_string(max) + ")";
  return n;
}

parsed<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto s = trim(text);
  if (s.empty())
    return std::string(not_a_duration);
  // A bare number is seconds, as Grafana accepts it.
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    auto n = parse_unsigned(s, std::numeric_limits<std::int64_t>::max() / 1000);
    if (auto* reason = std::get_if<std::string>(&n))
      return *reason;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::get<0>(n)) * 1000);
  }
  // A sequence of <digits><unit> terms, as Go's time.ParseDuration spells them.
  std::int64_t total = 0;
  const auto limit = std::numeric_limits<std::int64_t>::max() / 2;
  while (!s.empty()) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || n < 0)
      return std::string(not_a_duration);
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    auto unit_len = std::find_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) - s.begin();
    auto per = unit_millis(s.substr(0, static_cast<std::size_t>(unit_len)));
    if (per == 0)
      return std::string(not_a_duration);
    if (n > (limit - total) / per)
      return std::string("is too long a duration");
    total += n * per;
    s.remove_prefix(static_cast<std::size_t>(unit_len));
  }
  return std::chrono::milliseconds(total);
}

parsed<bool> parse_bool(std::string_view text) {
  auto s = to_lower(trim(text));
  if (s == "true" || s == "yes" || s == "on" || s == "1")
    return true;
  if (s == "false" || s == "no" || s == "off" || s == "0")
    return false;
  return std::string("is not a boolean (use true or false)");
}

std::string unquote(std::string_view text) {
  auto s = trim(text);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
    s = s.substr(1, s.size() - 2);
  return std::string(s);
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace reportd::config
