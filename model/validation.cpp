#include "model/validation.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>

#include "model/clock.hpp"
#include "model/time_expr.hpp"

namespace reportd::model {

namespace {

using namespace std::string_literals;

// A custom schedule repeats every 1..1000 units (1000 months is 83 years: plenty).
constexpr int max_interval_amount = 1000;

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

bool valid_local_part(std::string_view local) {
  constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~.";
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return false;
  return std::all_of(local.begin(), local.end(), [&](unsigned char c) {
    return std::isalnum(c) || c >= 0x80 || specials.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
    return false;
  return std::all_of(label.begin(), label.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c >= 0x80; });
}

bool valid_domain(std::string_view domain) {
  if (domain == "localhost")
    return true;
  if (domain.size() > 253 || domain.find('.') == std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    if (!valid_label(domain.substr(start, dot == std::string_view::npos ? dot : dot - start)))
      return false;
    if (dot == std::string_view::npos)
      return true;
    start = dot + 1;
  }
}

checked<unit> check_one_of(std::string_view field, std::string_view value, std::initializer_list<std::string_view> allowed,
                           std::string_view described) {
  if (one_of(value, allowed))
    return unit{};
  return bad_request("invalid " + std::string(field) + " " + quoted(value) + ": must be " + std::string(described));
}

checked<unit> check_no_line_break(std::string_view field, std::string_view value) {
  if (has_line_break(value))
    return bad_request(std::string(field) + " must not contain line breaks");
  return unit{};
}

// Both ends must be valid expressions whose answer stays within the years 0001..9999, and
// `from` must come before `to` now (they are evaluated as a send would: in the report's
// zone, `to` rounded up).
checked<unit> check_range(std::string_view field, const time_range& range, std::string_view zone,
                          std::int64_t now_ms) {
  if (range.from.empty() && range.to.empty())
    return unit{};
  if (range.from.empty() || range.to.empty())
    return bad_request(std::string(field) + " needs both from and to, or neither");
  std::int64_t ends[2] = {0, 0};
  int i = 0;
  for (const auto& [end, text] : {std::pair{"from", &range.from}, std::pair{"to", &range.to}}) {
    auto ms = evaluate_time_expression(*text, now_ms, zone, i == 1);
    if (!ms)
      return bad_request("invalid " + std::string(field) + "." + end + " " + quoted(*text) +
                         ": must be a time expression such as now-6h, RFC 3339 or epoch milliseconds,"
                         " within the years 0001 to 9999");
    ends[i++] = *ms;
  }
  if (ends[0] >= ends[1])
    return bad_request("invalid " + std::string(field) + ".from " + quoted(range.from) + ": must be before " +
                       std::string(field) + ".to " + quoted(range.to));
  return unit{};
}

void normalize(report& r) {
  if (r.state.empty())
    r.state = "scheduled";
  if (r.options.orientation.empty())
    r.options.orientation = "landscape";
  if (r.options.layout.empty())
    r.options.layout = "grid";
  if (r.schedule.frequency.empty())
    r.schedule.frequency = "never";
  if (r.schedule.time_zone.empty())
    r.schedule.time_zone = "GMT";
  if (r.formats.empty())
    r.formats = {"pdf"};
  if (r.options.csv_encoding.empty())
    r.options.csv_encoding = "utf-8";
  std::vector<std::string> unique;
  for (auto& f : r.formats)
    if (std::find(unique.begin(), unique.end(), f) == unique.end())
      unique.push_back(std::move(f));
  r.formats = std::move(unique);
  // spec/API.md: workdaysOnly is stored false where it has no meaning.
  if (!one_of(r.schedule.frequency, {"hourly", "daily", "custom"}))
    r.schedule.workdays_only = false;
}

checked<unit> check_required(const report& r) {
  if (is_blank(r.name))
    return bad_request("name is required");
  if (split_addresses(r.recipients).empty())
    return bad_request("recipients is required");
  if (r.dashboards.empty())
    return bad_request("dashboards: at least one dashboard is required");
  for (std::size_t i = 0; i < r.dashboards.size(); ++i)
    if (r.dashboards[i].dashboard.uid.empty() && r.dashboards[i].dashboard.id == 0)
      return bad_request("dashboards[" + std::to_string(i) + "].dashboard.uid is required");
  return unit{};
}

checked<unit> check_texts(const report& r) {
  for (auto [field, value] : {std::pair{"name", &r.name}, std::pair{"subject", &r.subject},
                              std::pair{"replyTo", &r.reply_to}})
    if (auto ok = check_no_line_break(field, *value); !ok)
      return ok;
  // A NUL would cut the mail's Subject (and any C string) short without a word.
  for (auto [field, value] : {std::pair{"name", &r.name}, std::pair{"subject", &r.subject},
                              std::pair{"replyTo", &r.reply_to}, std::pair{"recipients", &r.recipients},
                              std::pair{"message", &r.message}})
    if (value->find('\0') != std::string::npos)
      return bad_request(std::string(field) + " must not contain NUL characters");
  if (auto ok = validate_addresses(r.recipients, "recipients"); !ok)
    return ok;
  return validate_addresses(r.reply_to, "replyTo");
}

checked<unit> check_options(const report& r) {
  if (auto ok = check_one_of("options.orientation", r.options.orientation, {"portrait", "landscape"},
                             "portrait or landscape");
      !ok)
    return ok;
  if (auto ok = check_one_of("options.layout", r.options.layout, {"simple", "grid"}, "simple or grid"); !ok)
    return ok;
  for (const auto& f : r.formats)
    if (auto ok = check_one_of("format", f, {"pdf", "csv", "image", "pdf-tables", "pdf-tables-appendix"},
                               "pdf, csv, image, pdf-tables or pdf-tables-appendix");
        !ok)
      return ok;
  if (auto ok = check_one_of("options.csvEncoding", r.options.csv_encoding, {"utf-8", "utf-16le", "utf-8-bom"},
                             "utf-8, utf-16le or utf-8-bom");
      !ok)
    return ok;
  const int sf = r.scale_factor;
  if (sf != 0 && (sf < 50 || sf > 200 || sf % 25 != 0))
    return bad_request("invalid scaleFactor " + std::to_string(sf) + ": must be 0 or 50 to 200 in steps of 25");
  // "not scheduled" and "expired" are what GET shows; a client writing a report back sends them.
  if (derived_state(r.state))
    return unit{};
  return check_one_of("state", r.state, {"scheduled", "paused", "draft"},
                      "scheduled, paused or draft (not scheduled and expired are read back as sent)");
}

checked<unit> check_day_of_month(std::string_view day) {
  if (day.empty() || day == "last")
    return unit{};
  int n = 0;
  auto [end, ec] = std::from_chars(day.data(), day.data() + day.size(), n);
  if (ec != std::errc{} || end != day.data() + day.size() || n < 1 || n > 31)
    return bad_request("invalid schedule.dayOfMonth " + quoted(day) + ": must be 1 to 31 or last");
  return unit{};
}

checked<unit> check_schedule(const schedule& s) {
  if (auto ok = check_one_of("schedule.frequency", s.frequency,
                             {"once", "hourly", "daily", "weekly", "monthly", "last", "custom", "never"},
                             "once, hourly, daily, weekly, monthly, last, custom or never");
      !ok)
    return ok;
  if (s.frequency == "custom") {
    if (auto ok = check_one_of("schedule.intervalFrequency", s.interval_frequency,
                               {"hours", "days", "weeks", "months"}, "hours, days, weeks or months");
        !ok)
      return ok;
    if (s.interval_amount < 1)
      return bad_request("invalid schedule.intervalAmount " + std::to_string(s.interval_amount) +
                         ": must be at least 1");
  }
  if (s.interval_amount < 0 || s.interval_amount > max_interval_amount)
    return bad_request("invalid schedule.intervalAmount " + std::to_string(s.interval_amount) + ": must be 1 to " +
                       std::to_string(max_interval_amount));
  if (auto ok = check_day_of_month(s.day_of_month); !ok)
    return ok;
  if (!valid_time_zone(s.time_zone))
    return bad_request("invalid schedule.timeZone " + quoted(s.time_zone) + ": not a known time zone");
  if (s.start_date && s.end_date && *s.end_date < *s.start_date)
    return bad_request("schedule.endDate must not be before schedule.startDate");
  return unit{};
}

checked<unit> check_ranges(const report& r) {
  // An unknown zone is check_schedule's to name; the ranges are checked in UTC meanwhile.
  const std::string zone = valid_time_zone(r.schedule.time_zone) ? r.schedule.time_zone : "UTC";
  const std::int64_t now_ms = epoch_ms();
  if (auto ok = check_range("options.timeRange", r.options.range, zone, now_ms); !ok)
    return ok;
  for (std::size_t i = 0; i < r.dashboards.size(); ++i)
    if (auto ok = check_range("dashboards[" + std::to_string(i) + "].timeRange", r.dashboards[i].range, zone, now_ms);
        !ok)
      return ok;
  return unit{};
}

}  // namespace

bool valid_email(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || address.size() > 254)
    return false;
  return valid_local_part(address.substr(0, at)) && valid_domain(address.substr(at + 1));
}

checked<unit> validate_addresses(std::string_view text, std::string_view field) {
  for (const auto& address : split_addresses(text))
    if (!valid_email(address))
      return bad_request("invalid " + std::string(field) + " address " + quoted(address));
  return unit{};
}

checked<unit> validate_report(report& r) {
  normalize(r);
  if (r.state != "draft")
    if (auto ok = check_required(r); !ok)
      return ok;
  for (auto* check : {&check_texts, &check_options, &check_ranges})
    if (auto ok = check(r); !ok)
      return ok;
  return check_schedule(r.schedule);
}

bool derived_state(std::string_view state) { return state == "not scheduled" || state == "expired"; }

checked<std::int64_t> parse_id(std::string_view segment) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
  if (segment.empty() || ec != std::errc{} || end != segment.data() + segment.size() || id <= 0)
    return bad_request("id is invalid");
  return id;
}

}  // namespace reportd::model
