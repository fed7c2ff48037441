// Time labels in the PDF and the CSV follow the zone's rules after 2037 too.
#include "catch_prelude.hpp"

#include "model/time_expr.hpp"
#include "render/csv.hpp"
#include "render/units.hpp"

using namespace reportd;

TEST_CASE("time labels apply DST after 2037", "[units]") {
  const auto summer = *model::parse_rfc3339("2040-07-01T12:00:00Z") * 1000;
  const auto winter = *model::parse_rfc3339("2040-01-15T12:00:00Z") * 1000;
  CHECK(render::format_time(summer, "Europe/Berlin", "%Y-%m-%d %H:%M") == "2040-07-01 14:00");
  CHECK(render::format_time(winter, "Europe/Berlin", "%Y-%m-%d %H:%M") == "2040-01-15 13:00");
  render::field f{"Time", render::field_type::time, {static_cast<double>(summer)}, {}, {}};
  CHECK(render::table_cell_text(f, 0, "Europe/Berlin") == "2040-07-01 14:00:00");
}
