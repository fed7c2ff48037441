// The next-run rule: candidates are generated as wall-clock times in the schedule's zone
// (start + k steps), then mapped to instants. Mapping each candidate separately is what
// keeps "02:30 every day" at 02:30 across DST changes.
#include "model/schedule.hpp"

#include "model/time_zone.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <date/tz.h>

namespace reportd::model {
namespace {

using date::local_seconds;
using std::chrono::hours;
using std::chrono::seconds;

// Enough to cross any run of skipped candidates (an hourly workdays-only weekend is 48,
// a monthly 31st skips at most 2 months in a row).
constexpr int max_candidates = 1000;

local_seconds to_local(const zone_rules* z, std::int64_t epoch) {
  date::sys_seconds t{seconds{epoch}};
  return z != nullptr ? z->to_local(t) : local_seconds{t.time_since_epoch()};
}

/// A wall-clock time as an instant: in a spring-forward gap, the end of the gap; in a
/// fall-back overlap, the first of the two.
std::int64_t to_epoch(const zone_rules* z, local_seconds lt) {
  if (z == nullptr)
    return lt.time_since_epoch().count();
  auto info = z->get_info(lt);
  if (info.result == date::local_info::nonexistent)
    return info.first.end.time_since_epoch().count();
  return z->to_sys(lt, date::choose::earliest).time_since_epoch().count();
}

bool weekend(local_seconds lt) {
  date::weekday wd{date::floor<date::days>(lt)};
  return wd == date::Saturday || wd == date::Sunday;
}

/// The k-th wall-clock candidate of a periodic schedule, k = 0 at the start.
class candidates {
public:
  candidates(const schedule& s, local_seconds start) : start_(start) {
    const int n = std::max(1, s.interval_amount);
    const auto& f = s.frequency;
    const auto& unit = s.interval_frequency;
    if (f == "hourly") step_ = hours{1};
    else if (f == "daily") step_ = date::days{1};
    else if (f == "weekly") step_ = date::weeks{1};
    else if (f == "monthly" || f == "last") months_ = 1;
    else if (f == "custom" && unit == "hours") step_ = hours{n};
    else if (f == "custom" && unit == "days") step_ = date::days{n};
    else if (f == "custom" && unit == "weeks") step_ = date::weeks{n};
    else if (f == "custom" && unit == "months") months_ = n;
    else valid_ = false;
    last_day_ = f == "last" || (f == "monthly" && s.day_of_month == "last");
    auto day0 = date::floor<date::days>(start);
    ymd0_ = date::year_month_day{day0};
    tod_ = start - day0;
    day_ = static_cast<unsigned>(ymd0_.day());
    if (f == "monthly" && !s.day_of_month.empty() && !last_day_) {
      try {
        day_ = static_cast<unsigned>(std::stoi(s.day_of_month));
      } catch (const std::exception&) {
      }
    }
  }

  bool valid() const { return valid_; }

  /// The first k whose candidate may be at or after `lt` (a little early, never late).
  long long first_index(local_seconds lt) const {
    if (lt <= start_)
      return 0;
    if (months_ > 0) {
      date::year_month_day ymd{date::floor<date::days>(lt)};
      auto months = (ymd.year() - ymd0_.year()).count() * 12 +
                    (static_cast<int>(static_cast<unsigned>(ymd.month())) -
                     static_cast<int>(static_cast<unsigned>(ymd0_.month())));
      return std::max(0LL, static_cast<long long>(months / months_) - 1);
    }
    return std::max(0LL, static_cast<long long>((lt - start_) / step_) - 2);
  }

  /// The k-th candidate; nullopt for a month without the day.
  std::optional<local_seconds> at(long long k) const {
    if (months_ == 0)
      return start_ + step_ * k;
    auto ym = date::year_month{ymd0_.year(), ymd0_.month()} + date::months{months_ * k};
    date::year_month_day ymd = last_day_ ? date::year_month_day{ym / date::last}
                                         : date::year_month_day{ym / date::day{day_}};
    if (!ymd.ok())
      return std::nullopt;
    return local_seconds{date::sys_days{ymd}.time_since_epoch()} + tod_;
  }

private:
  local_seconds start_;
  seconds step_{0};
  int months_ = 0;
  bool valid_ = true;
  bool last_day_ = false;
  date::year_month_day ymd0_;
  seconds tod_{0};
  unsigned day_ = 1;
};

std::optional<std::int64_t> next_once(const schedule& s, std::optional<std::int64_t> last_run,
                                      std::int64_t now) {
  auto at = s.start_date.value_or(now);
  if (last_run && *last_run >= at)
    return std::nullopt;
  if (s.end_date && at > *s.end_date)
    return std::nullopt;
  return at;
}

bool workdays_apply(const schedule& s) {
  return s.workdays_only &&
         (s.frequency == "hourly" || s.frequency == "daily" || s.frequency == "custom");
}

}  // namespace

std::optional<std::int64_t> next_run(const schedule& s, std::string_view state,
                                     std::optional<std::int64_t> last_run, std::int64_t now) {
  if (state != "scheduled" || s.frequency == "never")
    return std::nullopt;
  if (s.frequency == "once")
    return next_once(s, last_run, now);
  const auto* zone = rules_or_utc(s.time_zone);
  const auto start = s.start_date.value_or(now);
  candidates c(s, to_local(zone, start));
  if (!c.valid())
    return std::nullopt;
  const auto lower = std::max(start, last_run ? *last_run + 1 : now);
  const bool workdays = workdays_apply(s);
  const auto first = c.first_index(to_local(zone, lower));
  for (long long k = first; k < first + max_candidates; ++k) {
    auto lt = c.at(k);
    if (!lt || (workdays && weekend(*lt)))
      continue;
    auto t = to_epoch(zone, *lt);
    if (t < lower)
      continue;
    if (s.end_date && t > *s.end_date)
      return std::nullopt;
    return t;
  }
  return std::nullopt;
}

std::vector<std::int64_t> next_runs(const schedule& s, std::string_view state, std::int64_t from,
                                    int count) {
  std::vector<std::int64_t> out;
  std::optional<std::int64_t> last;
  while (static_cast<int>(out.size()) < count) {
    auto t = next_run(s, state, last, from);
    if (!t || *t < from)
      break;
    out.push_back(*t);
    last = t;
  }
  return out;
}

std::int64_t latest_due(const schedule& s, std::int64_t due, std::int64_t now) {
  // Bounded: an hourly schedule down for a year is under 9000 steps.
  for (int i = 0; i < 200000; ++i) {
    auto n = next_run(s, "scheduled", due, due);
    if (!n || *n > now)
      break;
    due = *n;
  }
  return due;
}

}  // namespace reportd::model
