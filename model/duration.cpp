#include "model/duration.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "model/text_encoding.hpp"

namespace reportd::model {
namespace {

std::int64_t unit_millis(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 60 * 60 * 1000;
  if (unit == "d") return 24 * 60 * 60 * 1000;
  if (unit == "w") return 7 * 24 * 60 * 60 * 1000LL;
  if (unit == "y") return 365 * 24 * 60 * 60 * 1000LL;
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  auto s = trim_space(text);
  if (s.empty()) return std::nullopt;
  const auto limit = std::numeric_limits<std::int64_t>::max() / 2;
  std::int64_t total = 0;
  const bool bare = std::all_of(s.begin(), s.end(), is_digit);  // seconds
  while (!s.empty()) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || n < 0) return std::nullopt;
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    const auto unit_len = static_cast<std::size_t>(std::find_if(s.begin(), s.end(), is_digit) - s.begin());
    const auto per = bare ? 1000 : unit_millis(s.substr(0, unit_len));
    if (per == 0 || n > (limit - total) / per) return std::nullopt;
    total += n * per;
    s.remove_prefix(unit_len);
  }
  return total;
}

}  // namespace reportd::model
