#pragma once
// The rules a report must follow before it is stored (spec/API.md, "Create/update body"),
// and the small syntactic checks the HTTP layer needs (addresses, path ids).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/addresses.hpp"  // split_addresses: the splitter validate_addresses uses
#include "model/problem.hpp"
#include "model/report.hpp"

namespace reportd::model {

/// A pragmatic address check: `local@domain`, no blanks, control characters or `<>()[],;:"\`,
/// and a domain with a dot (or "localhost").
bool valid_email(std::string_view address);

/// Normalizes `r` in place (defaults for empty orientation, layout, state, formats, time zone;
/// duplicate formats removed; workdaysOnly cleared where it does not apply) and checks every
/// rule. A draft skips the "required" rules but not the shape rules. The first failure is a
/// bad_request problem whose message names the field.
checked<unit> validate_report(report& r);

/// "not scheduled" and "expired": states GET derives (report_json.hpp, displayed_state), which
/// validate_report accepts so a report read can be written back. The store never keeps one:
/// an update keeps the stored state, a create stores "scheduled".
bool derived_state(std::string_view state);

/// A report `:id` path segment: a positive integer, else bad_request "id is invalid".
checked<std::int64_t> parse_id(std::string_view segment);

/// Checks a recipients-like field: every address valid; `field` names it in the message.
/// An empty `text` is accepted (callers decide whether the field is required).
checked<unit> validate_addresses(std::string_view text, std::string_view field);

}  // namespace reportd::model
