#include "model/time_zone.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <date/ptz.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace reportd::model {
namespace {

// date/tz marks "no later transition" with an end in year 32767.
bool open_ended(date::sys_seconds end) {
  return end >= date::sys_days{date::year{9999} / date::January / 1};
}

/// The POSIX TZ string at the end of a TZif file (v2+): the last line, between newlines.
std::string tzif_footer(const std::string& zone_name) {
  const char* dir = std::getenv("TZDIR");
  std::ifstream in(std::string(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo") + "/" + zone_name,
                   std::ios::binary);
  const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (data.size() < 2 || data.back() != '\n')
    return {};
  const auto start = data.rfind('\n', data.size() - 2);
  return start == std::string::npos ? std::string() : data.substr(start + 1, data.size() - start - 2);
}

}  // namespace

struct zone_rules::posix {
  Posix::time_zone rule;
};

zone_rules::zone_rules(const date::time_zone* zone) : zone_(zone) {
  // Only a rule with DST changes anything: without one the last transition's offset holds.
  const auto footer = tzif_footer(zone->name());
  if (footer.find(',') == std::string::npos)
    return;
  try {
    footer_ = std::make_unique<posix>(posix{Posix::time_zone(footer)});
  } catch (const std::exception&) {
    footer_.reset();  // an unreadable footer: the transition table alone, as before
  }
}

zone_rules::~zone_rules() = default;

date::sys_info zone_rules::get_info(date::sys_seconds t) const {
  auto info = zone_->get_info(t);
  if (footer_ && open_ended(info.end))
    return footer_->rule.get_info(t);
  return info;
}

date::local_info zone_rules::get_info(date::local_seconds t) const {
  auto info = zone_->get_info(t);
  if (footer_ && info.result == date::local_info::unique && open_ended(info.first.end))
    return footer_->rule.get_info(t);
  return info;
}

bool means_utc(std::string_view zone) {
  return zone.empty() || zone == "browser" || boost::algorithm::iequals(zone, "UTC") ||
         boost::algorithm::iequals(zone, "GMT");
}

// locate_zone is thread-safe and a binary search over the loaded database: no cache.
const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(means_utc(zone) ? std::string_view("Etc/UTC") : zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The rules are immutable once built; the map only grows, by one entry per zone in the
// tz database, so handing out pointers into it is safe.
const zone_rules* find_rules(std::string_view zone) {
  const auto* z = find_zone(zone);
  if (z == nullptr)
    return nullptr;
  static std::mutex mutex;
  static std::map<const date::time_zone*, std::unique_ptr<zone_rules>> built;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = built[z];
  if (!slot)
    slot = std::make_unique<zone_rules>(z);
  return slot.get();
}

const zone_rules* rules_or_utc(std::string_view zone) {
  if (const auto* r = find_rules(zone))
    return r;
  return find_rules("Etc/UTC");
}

}  // namespace reportd::model
