#include "config/values.hpp"

#include "model/duration.hpp"

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

parsed<std::map<std::int64_t, std::int64_t>> parse_org_map(std::string_view text) {
  constexpr auto max_org = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const std::string shape = "is not a list of reportd_org:grafana_org pairs such as \"1:1, 2:4\"";
  std::map<std::int64_t, std::int64_t> out;
  auto rest = trim(text);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto pair = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : trim(rest.substr(comma + 1));
    const auto colon = pair.find(':');
    if (colon == std::string_view::npos) return shape;
    auto from = parse_unsigned(pair.substr(0, colon), max_org);
    auto to = parse_unsigned(pair.substr(colon + 1), max_org);
    if (from.index() != 0 || to.index() != 0 || std::get<0>(from) == 0) return shape;
    if (!out.emplace(std::get<0>(from), std::get<0>(to)).second)
      return "names reportd organisation " + std::to_string(std::get<0>(from)) + " twice";
  }
  return out;
}

parsed<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (auto ms = model::parse_duration_ms(text)) return std::chrono::milliseconds(*ms);
  return std::string(not_a_duration);
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
