// Panel time overrides (timeFrom, timeShift, hideTimeOverride) with Grafana's rules: timeFrom
// only replaces a relative dashboard range (an absolute one stays), timeShift applies after it
// to whichever range is in effect, and the note reads as Grafana's panel header does.
#include "render/panel_time.hpp"

#include <cctype>
#include <optional>

#include "model/time_expr.hpp"

namespace reportd::render {
namespace {

struct relative_range {
  std::string from, to, display;
  bool invalid = false;
};

const char* unit_word(char unit) {
  switch (unit) {
    case 's': return "second";
    case 'm': return "minute";
    case 'h': return "hour";
    case 'd': return "day";
    case 'w': return "week";
    case 'M': return "month";
    case 'y': return "year";
    default: return nullptr;
  }
}

// Grafana's quick ranges that end now and are not "Last N <unit>".
const char* so_far(std::string_view from) {
  if (from == "now/d") return "Today so far";
  if (from == "now/w") return "This week so far";
  if (from == "now/M") return "This month so far";
  if (from == "now/y") return "This year so far";
  return nullptr;
}

// "2h" is "now-2h" to now; "+2h" is now to "now+2h"; "now-2h/h" is kept as written.
relative_range describe(std::string_view text) {
  const bool last = text.empty() || text.front() != '+';
  std::string expr(text);
  if (expr.find("now") == std::string::npos) expr = (last ? "now-" : "now") + expr;
  relative_range r;
  r.from = last ? expr : "now";
  r.to = last ? "now" : expr;
  if (const char* words = last ? so_far(expr) : nullptr) {
    r.display = words;
    return r;
  }
  // now, a sign, digits, a unit letter (anything after it, like "/h", does not change the words).
  std::size_t i = 3;
  if (expr.size() > i + 1 && expr.compare(0, 3, "now") == 0 && (expr[i] == '-' || expr[i] == '+')) {
    std::size_t j = i + 1;
    while (j < expr.size() && std::isdigit(static_cast<unsigned char>(expr[j]))) ++j;
    if (j > i + 1 && j < expr.size() && std::isalnum(static_cast<unsigned char>(expr[j]))) {
      const long amount = std::stol(expr.substr(i + 1, j - i - 1));
      if (const char* word = unit_word(expr[j]))
        r.display = std::string(last ? "Last " : "Next ") + std::to_string(amount) + " " + word + (amount > 1 ? "s" : "");
      return r;
    }
  }
  r.display = r.from + " to " + r.to;
  r.invalid = true;
  return r;
}

bool relative(const std::string& expr) { return expr.compare(0, 3, "now") == 0; }

}  // namespace

std::string describe_relative(std::string_view expr) {
  auto r = describe(expr);
  return r.invalid ? std::string() : r.display;
}

panel_time apply_time_overrides(std::string_view time_from, std::string_view time_shift, bool hide_note,
                                const time_window& range, std::int64_t now_ms) {
  panel_time out{range, {}, false};
  if (!time_from.empty()) {
    auto d = describe(time_from);
    auto from = d.invalid ? std::nullopt : model::evaluate_time_expression(d.from, now_ms, range.zone, false);
    auto to = d.invalid ? std::nullopt : model::evaluate_time_expression(d.to, now_ms, range.zone, true);
    if (!from || !to || *from >= *to) {
      out.info = hide_note ? "" : "invalid time override";
      return out;
    }
    // An absolute dashboard range (a picked day, an epoch pair) is kept: Grafana only
    // replaces ranges written relative to now.
    if (relative(range.from_expr)) {
      out.range = {*from, *to, range.zone, d.from, d.to};
      out.info = d.display;
      out.changed = true;
    }
  }
  if (!time_shift.empty()) {
    auto d = describe(time_shift);
    const std::string shift = "now-" + std::string(time_shift);
    auto from = d.invalid ? std::nullopt : model::evaluate_time_expression(shift, out.range.from_ms, range.zone, false);
    auto to = d.invalid ? std::nullopt : model::evaluate_time_expression(shift, out.range.to_ms, range.zone, true);
    if (!from || !to || *from >= *to) {
      out.info = hide_note ? "" : "invalid timeshift";
      return out;
    }
    out.info += (out.info.empty() ? "" : " ") + std::string("timeshift -") + std::string(time_shift);
    out.range.from_ms = *from;
    out.range.to_ms = *to;
    out.range.from_expr = std::to_string(*from);
    out.range.to_expr = std::to_string(*to);
    out.changed = true;
  }
  if (hide_note) out.info.clear();
  return out;
}

}  // namespace reportd::render
