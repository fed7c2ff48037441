#pragma once
// JSON in and out for the per-organisation report settings (spec/API.md, "Settings object").
#include <string>
#include <string_view>

#include "model/problem.hpp"
#include "model/settings.hpp"

namespace reportd::model {

/// A settings body, validated: pdfTheme and embeddedImageTheme are light or dark (empty means
/// light), emailFooterMode is "sent-by", "none" or "", and "sent-by" needs footer text and
/// link. Missing booleans are false. id, userId and orgId are left for the server to set.
checked<report_settings> parse_settings(std::string_view body);

/// The settings object with every key present.
std::string settings_to_json(const report_settings& s);

}  // namespace reportd::model
