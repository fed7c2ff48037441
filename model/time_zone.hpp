#pragma once
// Which zone names mean UTC, and the zone a name stands for: the one rule the schedule,
// time expressions, run history and the renderer's labels all use.
#include <memory>
#include <string_view>

#include <date/tz.h>

namespace reportd::model {

/// Grafana's clients send "", "browser", "UTC"/"utc" or "GMT"/"gmt" for "no particular
/// zone"; all of them mean UTC.
bool means_utc(std::string_view zone);

/// The zone named `zone` (Etc/UTC for a name that means UTC); nullptr when unknown.
const date::time_zone* find_zone(std::string_view zone);

/// A zone with its whole rule set. date/tz reads the tz files' transition tables only, and
/// those end in 2037: past the last transition it would keep the last offset for ever
/// (Berlin on CET all summer of 2040). This applies the file's footer (the POSIX TZ rule that
/// RFC 8536 says governs times after the table) from the last transition on.
class zone_rules {
public:
  explicit zone_rules(const date::time_zone* zone);
  ~zone_rules();
  zone_rules(const zone_rules&) = delete;
  zone_rules& operator=(const zone_rules&) = delete;

  date::sys_info get_info(date::sys_seconds t) const;
  date::local_info get_info(date::local_seconds t) const;

  template <class D>
  date::local_time<std::common_type_t<D, std::chrono::seconds>> to_local(date::sys_time<D> t) const {
    using out = std::common_type_t<D, std::chrono::seconds>;
    const auto offset = get_info(date::floor<std::chrono::seconds>(t)).offset;
    return date::local_time<out>{t.time_since_epoch() + offset};
  }

  /// A wall-clock time as an instant: in a spring-forward gap the end of the gap; in a
  /// fall-back overlap the earlier or later occurrence as `c` says.
  template <class D>
  date::sys_time<std::common_type_t<D, std::chrono::seconds>> to_sys(date::local_time<D> lt,
                                                                      date::choose c) const {
    using out = std::common_type_t<D, std::chrono::seconds>;
    const auto i = get_info(date::floor<std::chrono::seconds>(lt));
    if (i.result == date::local_info::nonexistent)
      return date::sys_time<out>{i.first.end.time_since_epoch()};
    const auto offset = i.result == date::local_info::ambiguous && c == date::choose::latest
                          ? i.second.offset : i.first.offset;
    return date::sys_time<out>{lt.time_since_epoch() - offset};
  }

  const date::time_zone* zone() const { return zone_; }

private:
  struct posix;
  const date::time_zone* zone_;
  std::unique_ptr<posix> footer_;  // null when the footer has no DST rule (or cannot be read)
};

/// The rules of the zone named `zone` (as find_zone); nullptr when unknown. Built once per
/// zone and kept for the life of the process (a few hundred zones at most).
const zone_rules* find_rules(std::string_view zone);

/// find_rules, or Etc/UTC's for an unknown name; nullptr only when there is no tz database.
const zone_rules* rules_or_utc(std::string_view zone);

}  // namespace reportd::model
