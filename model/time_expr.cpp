#include "model/time_expr.hpp"

#include "model/time_zone.hpp"

#include <date/tz.h>

#include <cctype>
#include <cstdio>
#include <utility>
#include <chrono>
#include <sstream>
#include <stdexcept>

namespace reportd::model {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using sys_ms = date::sys_time<milliseconds>;
using local_ms = date::local_time<milliseconds>;

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return !s.empty();
}

// The instants reportd accepts: years 0001 to 9999, what RFC 3339 can write. Kept as
// milliseconds (nanoseconds would wrap past 2262); anything outside is refused, not wrapped.
constexpr sys_ms earliest_instant{date::sys_days{date::year{1} / date::January / 1}.time_since_epoch()};
constexpr sys_ms latest_instant{date::sys_days{date::year{10000} / date::January / 1}.time_since_epoch() -
                                milliseconds{1}};

bool in_range(sys_ms t) { return t >= earliest_instant && t <= latest_instant; }
bool in_range(local_ms t) { return in_range(sys_ms{t.time_since_epoch()}); }

// Splits ".123456" off the seconds of "…T07:00:00.123456Z": the text without it, and the
// milliseconds it held (digits past the third are dropped). nullopt for a dot without digits.
std::optional<std::pair<std::string, milliseconds>> split_fraction(std::string s) {
  const auto t = s.find_first_of("Tt");
  const auto dot = t == std::string::npos ? std::string::npos : s.find('.', t);
  if (dot == std::string::npos)
    return std::pair{std::move(s), milliseconds{0}};
  auto end = dot + 1;
  long long ms = 0;
  int digits = 0;
  for (; end < s.size() && std::isdigit(static_cast<unsigned char>(s[end])); ++end, ++digits)
    if (digits < 3)
      ms = ms * 10 + (s[end] - '0');
  if (digits == 0)
    return std::nullopt;
  for (int d = digits; d < 3; ++d)
    ms *= 10;
  s.erase(dot, end - dot);
  return std::pair{std::move(s), milliseconds{ms}};
}

// RFC 3339 with offset (or Z). Without an offset the text is a wall-clock time in `zone`
// (absent zone: not accepted), which is what a user typing a date into a form means.
std::optional<sys_ms> parse_datetime(std::string_view text, const zone_rules* zone) {
  auto split = split_fraction(std::string(text));
  if (!split)
    return std::nullopt;
  auto& [s, fraction] = *split;
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z'))
    s.replace(s.size() - 1, 1, "+00:00");
  std::optional<sys_ms> out;
  {
    std::istringstream in(s);
    // Microseconds, not nanoseconds: those wrap past 2262 (and seconds make GCC 12 warn in date.h).
    date::sys_time<std::chrono::microseconds> tp;
    in >> date::parse("%FT%T%Ez", tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof())
      out = date::floor<milliseconds>(tp) + fraction;
  }
  if (!out && zone != nullptr) {
    std::istringstream in(s);
    date::local_time<std::chrono::microseconds> parsed;
    in >> date::parse("%FT%T", parsed);
    const local_ms lt = date::floor<milliseconds>(parsed);
    if (in.fail() || in.peek() != std::char_traits<char>::eof() || !in_range(lt))
      return std::nullopt;
    out = zone->to_sys(lt + fraction, date::choose::earliest);
  }
  if (!out || !in_range(*out))
    return std::nullopt;
  return out;
}

sys_ms to_sys(const zone_rules* zone, local_ms lt) { return zone->to_sys(lt, date::choose::earliest); }

// Start of the calendar unit (d w M y) that contains `lt`, in local time. Weeks start on
// Monday (ISO 8601), as Grafana's server-side date math does.
local_ms start_of_calendar_unit(local_ms lt, char unit) {
  const auto day = date::floor<date::days>(lt);
  const date::year_month_day ymd{day};
  switch (unit) {
    case 'd': return day;
    case 'w': return local_ms{day - (date::weekday{day} - date::Monday)};
    case 'M': return date::local_days{ymd.year() / ymd.month() / 1};
    default: return date::local_days{ymd.year() / date::January / 1};
  }
}

local_ms add_months(local_ms lt, long long months) {
  const auto day = date::floor<date::days>(lt);
  const auto time_of_day = lt - day;
  date::year_month_day ymd{day};
  auto ym = date::year_month{ymd.year(), ymd.month()} + date::months{static_cast<int>(months)};
  // Jan 31 + 1M is Feb 28/29, as in moment.js.
  auto last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  auto d = ymd.day() > last ? last : ymd.day();
  return local_ms{date::local_days{ym.year() / ym.month() / d} + time_of_day};
}

std::optional<milliseconds> fixed_unit(char unit) {
  switch (unit) {
    case 's': return seconds{1};
    case 'm': return std::chrono::minutes{1};
    case 'h': return std::chrono::hours{1};
    default: return std::nullopt;
  }
}

bool is_unit(char c) { return c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || c == 'M' || c == 'y'; }

sys_ms round_to_unit(sys_ms t, char unit, const zone_rules* zone, bool round_up) {
  const local_ms lt = zone->to_local(t);
  if (auto step = fixed_unit(unit)) {
    // Floor in local time but move the instant itself, so a repeated hour at a DST
    // fall-back keeps its own occurrence.
    auto into_unit = lt.time_since_epoch() % *step;
    if (into_unit < milliseconds::zero())
      into_unit += *step;
    const sys_ms start = t - into_unit;
    return round_up ? start + *step - milliseconds{1} : start;
  }
  const local_ms start = start_of_calendar_unit(lt, unit);
  if (!round_up)
    return to_sys(zone, start);
  local_ms next;
  switch (unit) {
    case 'd': next = start + date::days{1}; break;
    case 'w': next = start + date::weeks{1}; break;
    case 'M': next = add_months(start, 1); break;
    default: next = add_months(start, 12); break;
  }
  return to_sys(zone, next) - milliseconds{1};
}

// nullopt when the answer leaves the years 0001..9999 (now-999999999y).
std::optional<sys_ms> add_units(sys_ms t, long long n, char unit, const zone_rules* zone) {
  if (auto step = fixed_unit(unit)) {
    const sys_ms out = t + *step * n;  // |n| < 1e9 hours: no overflow in milliseconds
    return in_range(out) ? std::optional<sys_ms>(out) : std::nullopt;
  }
  constexpr long long max_months = 12LL * 10000;
  if ((unit == 'M' && (n > max_months || n < -max_months)) || (unit == 'y' && (n > 10000 || n < -10000)))
    return std::nullopt;
  // Calendar units move the wall clock: now-1d at 12:00 is 12:00 yesterday even across DST.
  const local_ms lt = zone->to_local(t);
  local_ms moved;
  switch (unit) {
    case 'd': moved = lt + date::days{n}; break;
    case 'w': moved = lt + date::weeks{n}; break;
    case 'M': moved = add_months(lt, n); break;
    default: moved = add_months(lt, n * 12); break;
  }
  if (!in_range(moved))
    return std::nullopt;
  const sys_ms out = to_sys(zone, moved);
  return in_range(out) ? std::optional<sys_ms>(out) : std::nullopt;
}

// The part after "now": a sequence of "+N<unit>", "-N<unit>" (N defaults to 1) and "/<unit>".
std::optional<sys_ms> apply_math(std::string_view math, sys_ms t, const zone_rules* zone, bool round_up) {
  std::size_t i = 0;
  while (i < math.size()) {
    const char op = math[i++];
    if (op == '/') {
      if (i >= math.size() || !is_unit(math[i]))
        return std::nullopt;
      t = round_to_unit(t, math[i++], zone, round_up);
      continue;
    }
    if (op != '+' && op != '-')
      return std::nullopt;
    const std::size_t digits_start = i;
    while (i < math.size() && std::isdigit(static_cast<unsigned char>(math[i])))
      ++i;
    const auto digits = math.substr(digits_start, i - digits_start);
    if (digits.size() > 9 || i >= math.size() || !is_unit(math[i]))
      return std::nullopt;
    const long long n = digits.empty() ? 1 : std::stoll(std::string(digits));
    auto moved = add_units(t, op == '-' ? -n : n, math[i++], zone);
    if (!moved)
      return std::nullopt;
    t = *moved;
  }
  return t;
}

}  // namespace

bool valid_time_zone(std::string_view zone) { return find_zone(zone) != nullptr; }

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  auto tp = parse_datetime(text, nullptr);
  if (!tp)
    return std::nullopt;
  return date::floor<seconds>(*tp).time_since_epoch().count();
}

std::string format_rfc3339(std::int64_t epoch_seconds, std::string_view zone) {
  const date::sys_seconds t{seconds{epoch_seconds}};
  const zone_rules* rules = rules_or_utc(zone);
  const auto offset = rules != nullptr ? rules->get_info(t).offset : seconds{0};
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
  const auto magnitude = minutes < 0 ? -minutes : minutes;
  char tail[8];
  std::snprintf(tail, sizeof tail, "%c%02d:%02d", minutes < 0 ? '-' : '+', static_cast<int>(magnitude / 60),
                static_cast<int>(magnitude % 60));
  const date::local_seconds local{(t + offset).time_since_epoch()};
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999)  // beyond four digits: date's own formatting
    return date::format("%FT%T", local) + tail;
  // Formatted by hand: date::format builds an ostringstream (and a locale) per call, which
  // was a fifth of answering GET /api/reports/:id.
  const date::hh_mm_ss<seconds> hms{local - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d%s", year, static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()), tail);
  return text;
}

bool valid_time_expression(std::string_view expr) {
  return evaluate_time_expression(expr, 0, "UTC", false).has_value();
}

std::optional<std::int64_t> evaluate_time_expression(std::string_view expr, std::int64_t now_ms,
                                                     std::string_view zone, bool round_up) {
  const zone_rules* z = find_rules(zone);
  if (z == nullptr || expr.empty())
    return std::nullopt;
  if (all_digits(expr)) {
    if (expr.size() > 15)  // beyond year 33658: a typo, not a date
      return std::nullopt;
    const auto ms = std::stoll(std::string(expr));
    if (!in_range(sys_ms{milliseconds{ms}}))
      return std::nullopt;
    return ms;
  }
  std::optional<sys_ms> t;
  if (expr.substr(0, 3) == "now")
    t = apply_math(expr.substr(3), sys_ms{milliseconds{now_ms}}, z, round_up);
  else
    t = parse_datetime(expr, z);
  if (!t)
    return std::nullopt;
  return t->time_since_epoch().count();
}

}  // namespace reportd::model
