#pragma once
// The renderer's inner contract: a dashboard resolved for one report (time range evaluated,
// variables substituted, rows expanded, repeats unrolled, every panel's queries answered),
// ready to be laid out and drawn. Produced by dashboard.cpp, consumed by layout/draw code.
//
// Panel options stay as Boost.JSON objects: Grafana's options differ per panel type and per
// schema version, and a typed copy of all of them would be a second, drifting schema. Each
// drawer reads what it needs through the accessors in json_access.hpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

namespace reportd::render {

struct grid_pos {
  int x = 0;   // 0..23 columns
  int y = 0;   // rows of 30 px
  int w = 12;
  int h = 8;
};

enum class field_type { time, number, string, boolean };

/// One column of a data frame. Times are epoch milliseconds in `numbers`; a null number
/// is NaN. String fields use `strings`.
struct field {
  std::string name;
  field_type type = field_type::number;
  std::vector<double> numbers;
  std::vector<std::string> strings;
  std::map<std::string, std::string> labels;
  /// The datasource's own field config (Grafana's data frames: unit, displayNameFromDS,
  /// decimals, min, max, ...), below the panel's fieldConfig.defaults. Empty for native sources.
  boost::json::object config{};
  std::size_t size() const { return type == field_type::string ? strings.size() : numbers.size(); }
};

/// A Grafana data frame: what one query answered.
struct frame {
  std::string name;    // series name (alias or scenario label)
  std::string ref_id;  // "A", "B", ...
  std::vector<field> fields;
  std::size_t length() const { return fields.empty() ? 0 : fields.front().size(); }
};

/// The resolved time range of a dashboard (or of one panel: timeFrom/timeShift).
struct time_window {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::string zone = "GMT";  // IANA zone for labels
  std::string from_expr;     // as written, e.g. "now-6h"
  std::string to_expr;
};

struct panel {
  int id = 0;
  std::string type;                   // timeseries, graph, stat, gauge, bargauge, table, text, piechart, row, ...
  std::string title;                  // variables substituted
  std::string description;
  grid_pos pos;                       // after row expansion and repeats
  boost::json::object options;        // panel "options" (variables substituted in text content)
  boost::json::object field_config;   // panel "fieldConfig" ({defaults, overrides})
  boost::json::object raw;            // the whole panel JSON (legacy graph/singlestat keys live here)
  std::vector<frame> frames;          // query results, in target order
  std::string notice;                 // non-empty: why there is no data ("datasource X is not configured")
  std::vector<std::string> notes;     // shown under the data ("transformation X is not supported")
  bool collapsed = false;             // row panels: whether it was collapsed in the dashboard
  std::optional<time_window> range;   // the panel's own range (timeFrom/timeShift); else the dashboard's
  std::string time_info;              // Grafana's note beside the title ("Last 2 hours timeshift -1h")
};

/// How the queries of one dashboard ran (query_runner.hpp).
struct query_stats {
  std::size_t asked = 0;            // targets asked
  std::size_t ran = 0;              // distinct queries sent (identical ones run once)
  std::size_t peak_concurrent = 0;  // most queries in flight at one moment
};

struct dashboard_view {
  std::string uid;
  std::string title;
  time_window range;
  /// Variable name -> values in effect (for pdfShowTemplateVariables and email links).
  std::vector<std::pair<std::string, std::vector<std::string>>> variables;
  std::vector<panel> panels;  // layout order; rows appear as panels of type "row"
  /// What failed, one line per panel or query variable ("panel 'CPU' (id 3): query A failed: ...").
  std::vector<std::string> errors;
  query_stats queries;
};

}  // namespace reportd::render
