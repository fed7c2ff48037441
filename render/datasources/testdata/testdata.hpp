#pragma once
// Grafana's built-in TestData datasource, reimplemented: the scenarios devenv dashboards use
// (random_walk, csv_metric_values, predictable_pulse, predictable_csv_wave, csv_content,
// no_data_points, random_walk_table, manual_entry, raw_frame, ...). Random data is seeded from
// the dashboard uid, panel id, refId, series index and time range, so one report and range
// always render the same numbers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "render/datasources/datasource.hpp"

namespace reportd::render {

class testdata_source final : public datasource {
public:
  std::vector<frame> query(const boost::json::object& target, const time_window& range,
                           const query_context& ctx) override;
  std::string unsupported(const boost::json::object& target) const override;
  bool answers_in_memory() const override { return true; }
};

/// The seed for one series: a stable hash of everything that identifies it.
std::uint64_t series_seed(std::string_view dashboard_uid, int panel_id, std::string_view ref_id,
                          int series_index, std::int64_t from_ms, std::int64_t to_ms);

/// csv_content: CSV text with a header row into a frame; numeric columns become numbers, a
/// column named time/timestamp or holding RFC 3339 dates becomes time.
frame frame_from_csv(std::string_view csv, const std::string& ref_id);

/// raw_frame: Grafana data-frame JSON (`[{schema:{fields}, data:{values}}]` or
/// `[{fields:[{name, type, values}]}]`) into frames; unreadable text gives no frames.
std::vector<frame> frames_from_raw(std::string_view json_text, const std::string& ref_id);

/// Splits CSV text into rows of cells (RFC 4180 quotes, CRLF or LF line ends).
std::vector<std::vector<std::string>> parse_csv_rows(std::string_view csv);

}  // namespace reportd::render
