#pragma once
// How a model::report maps onto the reports and report_dashboards rows: the column lists,
// binding, reading, and the JSON text columns (formats, variables).
#include <map>
#include <string>
#include <vector>

#include "store/sqlite.hpp"
#include "model/report.hpp"

namespace reportd::store::rows {

/// The SELECT list that read_report() expects, in order (table alias r).
extern const char* const report_select_columns;
/// "col = :col, ..." for every column a client may change (UPDATE ... SET).
extern const char* const report_update_assignments;
/// INSERT column list and matching parameter list for a new report.
extern const char* const report_insert_columns;
extern const char* const report_insert_values;

/// Binds every client-changeable column (the ones in report_update_assignments).
void bind_report_fields(sql::statement& s, const model::report& r);
/// Reads a row selected with report_select_columns (dashboards are read separately).
model::report read_report(const sql::statement& s);

/// The eight schedule columns, in the order every query selects them: start_date, end_date,
/// frequency, interval_frequency, interval_amount, workdays_only, day_of_month, time_zone.
model::schedule read_schedule(sql::row_reader& c);

/// JSON text for a list column (report formats, a run's panel errors) and back, and for the
/// variables column. Throw on corrupt stored data.
std::string strings_to_json(const std::vector<std::string>& list);
std::vector<std::string> strings_from_json(const std::string& json);
std::string variables_to_json(const std::map<std::string, std::vector<std::string>>& vars);
std::map<std::string, std::vector<std::string>> variables_from_json(const std::string& json);

}  // namespace reportd::store::rows
