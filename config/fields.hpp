#pragma once
// The table of every configurable key: its section, its name as the INI file spells it,
// and how a text value is checked and stored into `settings`. The INI file, environment
// variables and flags all go through this one table, so they accept the same values.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"

namespace reportd::config {

struct field {
  std::string section;  // "server"
  std::string key;      // "http_port"
  /// Stores `value` into `s`; returns "" or the reason the value was rejected.
  std::function<std::string(settings& s, const std::string& value)> assign;
};

/// Every known key, in the order of config/settings.hpp.
const std::vector<field>& fields();

/// The field for `section`/`key` (ASCII case-insensitive), or nullptr.
const field* find_field(std::string_view section, std::string_view key);

/// True for the sections reportd reads ([server], [database], ...).
bool known_section(std::string_view section);

}  // namespace reportd::config
