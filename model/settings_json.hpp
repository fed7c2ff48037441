#pragma once
// JSON in and out for the per-organisation report settings (spec/API.md, "Settings object").
#include <string>
#include <string_view>
#include <vector>

#include "model/problem.hpp"
#include "model/settings.hpp"

namespace reportd::model {

/// A settings body read over `base` (the stored settings, or the defaults): a key the body does
/// not have, or has as null, keeps its value from `base` — Grafana's own settings object has no
/// pdfHeaderEnabled and saving it must not turn the header off. Validated: pdfTheme and
/// embeddedImageTheme are light or dark (empty means light), emailFooterMode is "sent-by",
/// "none" or "", "sent-by" needs footer text and link; logo URLs are http(s), footer links
/// http(s) or mailto, each at most 2048 characters without control characters. id, userId and
/// orgId are left for the server to set.
checked<report_settings> parse_settings(std::string_view body, const report_settings& base = {});

/// The settings object with every key present.
std::string settings_to_json(const report_settings& s);

/// footerItems as stored: a JSON array of {type, text, url}.
std::string footer_items_to_json(const std::vector<footer_item>& items);
/// The stored form back; an unreadable one reads as no items.
std::vector<footer_item> footer_items_from_json(std::string_view json);

/// Why `url` may not be saved as `field` ("" when it may): too long, a control character, or a
/// scheme other than http/https (and mailto when `link`).
std::string url_refusal(std::string_view field, std::string_view url, bool link);

}  // namespace reportd::model
