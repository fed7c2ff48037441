#pragma once
// CSV for table panels (RFC 4180: quoted where needed, CRLF line ends) and the zip archive
// GET /api/reports/render/csvs answers with.
//
// Times are written as Grafana's "Download CSV" writes them, `YYYY-MM-DD HH:mm:ss` in the
// report's zone: spreadsheets read that form as a date, and the zone is the one the PDF shows.
#include <string>
#include <vector>

#include "render/draw/field_config.hpp"
#include "render/engine.hpp"
#include "render/panel.hpp"

namespace reportd::render {

/// The panel's data as CSV: the table the panel shows (table_of), every row: a header row of
/// display names, then the raw values (no units, as Grafana's CSV without "formatted data").
/// `encoding`: utf-8 (default), utf-8-bom (EF BB BF first) or utf-16le (FF FE first).
/// `zone`: IANA zone for time cells (unknown: UTC).
std::string table_csv(const panel& p, const std::string& encoding, const std::string& zone = "GMT");

/// The one table a table panel shows, alike in the PDF and in its CSV.
///
/// Grafana's table panel shows one frame of several (a selector picks another; the first is
/// shown), and Inspect > Data > "Download CSV" exports that selected frame ("Series joined by
/// time" is an option the user must pick). So both show the first frame with fields, not a
/// join. Columns hidden by `custom.hidden` or `custom.hideFrom.viz` are left out of both;
/// rows are in `options.sortBy` order in both.
struct table_view {
  const frame* source = nullptr;            // the frame shown, in p.frames; null: no frame
  std::size_t frame_index = 0;              // its index in p.frames
  std::size_t frame_count = 0;              // p.frames.size()
  std::vector<std::size_t> columns;         // indices into source->fields, in order, hidden left out
  std::vector<field_display> display;       // resolved field config, per entry of `columns`
  std::vector<std::size_t> rows;            // row indices of source, in display order
};
table_view table_of(const panel& p);

/// table_of as a plain frame: the shown columns named by display name, rows in order.
frame table_data(const panel& p);

/// One cell as the CSV writes it (times `YYYY-MM-DD HH:mm:ss` in `zone`), for the tables PDF.
std::string table_cell_text(const field& f, std::size_t row, const std::string& zone);

/// "<dashboard> - <panel title>.csv", with characters that file systems refuse replaced.
std::string csv_file_name(const std::string& dashboard_title, const panel& p);

/// A zip archive (deflated, in memory) holding `files` under their names; a repeated name
/// gets " (2)", " (3)", ... before the extension. Empty string if libzip fails.
std::string zip_files(const std::vector<named_file>& files);

}  // namespace reportd::render
