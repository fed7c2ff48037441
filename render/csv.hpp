#pragma once
// CSV for table panels (RFC 4180: quoted where needed, CRLF line ends) and the zip archive
// GET /api/reports/render/csvs answers with.
//
// Times are written as Grafana's "Download CSV" writes them, `YYYY-MM-DD HH:mm:ss` in the
// report's zone: spreadsheets read that form as a date, and the zone is the one the PDF shows.
#include <string>
#include <vector>

#include "render/engine.hpp"
#include "render/panel.hpp"

namespace reportd::render {

/// The panel's data as CSV: a header row of field names, then every row. One frame is
/// written as it is; several time series are joined on time (one column per series).
/// `encoding`: utf-8 (default), utf-8-bom (EF BB BF first) or utf-16le (FF FE first).
/// `zone`: IANA zone for time cells (unknown: UTC).
std::string table_csv(const panel& p, const std::string& encoding, const std::string& zone = "GMT");

/// The one table a table panel shows, alike in the PDF and in its CSV: several time series
/// joined on time, else the first frame with rows (else the first frame; none: empty).
frame table_data(const panel& p);

/// One cell as the CSV writes it (times `YYYY-MM-DD HH:mm:ss` in `zone`), for the tables PDF.
std::string table_cell_text(const field& f, std::size_t row, const std::string& zone);

/// "<dashboard> - <panel title>.csv", with characters that file systems refuse replaced.
std::string csv_file_name(const std::string& dashboard_title, const panel& p);

/// A zip archive (deflated, in memory) holding `files` under their names; a repeated name
/// gets " (2)", " (3)", ... before the extension. Empty string if libzip fails.
std::string zip_files(const std::vector<named_file>& files);

}  // namespace reportd::render
