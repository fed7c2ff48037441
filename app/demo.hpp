#pragma once
// First-start provisioning of a demo dashboard (TestData panels of every supported type)
// and a demo report on it, so a new user can send a report with one curl line.
#include <cstdint>
#include <optional>

#include "store/database.hpp"

namespace reportd::demo {

/// On a database with no dashboard in org 1: stores the demo dashboard and report and
/// returns the report id. Otherwise nullopt (never touches a database in use).
std::optional<std::int64_t> provision(store::database& db);

}  // namespace reportd::demo
