#pragma once
// One drawer per panel type family; each draws a panel's body (inside frame and title).
// draw_panel() is the entry: frame, title, then the body, a notice, "No data", or a
// placeholder naming an unsupported type — never a blank rectangle.
#include <string>
#include <vector>

#include "render/draw/draw_common.hpp"

namespace reportd::render {

/// Draws the whole panel (frame, title, body) into `box`.
void draw_panel(const draw_context& ctx, const panel& p, const rect& box);

/// The sentence drawn for a panel type the renderer does not draw.
std::string unsupported_message(const std::string& type);

/// Whether draw_panel draws this type natively.
bool supported_type(const std::string& type);

void draw_timeseries(const draw_context& ctx, const panel& p, const rect& body);
void draw_stat(const draw_context& ctx, const panel& p, const rect& body);
void draw_gauge(const draw_context& ctx, const panel& p, const rect& body);
void draw_bargauge(const draw_context& ctx, const panel& p, const rect& body);
void draw_table(const draw_context& ctx, const panel& p, const rect& body);
void draw_text(const draw_context& ctx, const panel& p, const rect& body);
void draw_piechart(const draw_context& ctx, const panel& p, const rect& body);
void draw_heatmap(const draw_context& ctx, const panel& p, const rect& body);
void draw_state_timeline(const draw_context& ctx, const panel& p, const rect& body);
void draw_status_history(const draw_context& ctx, const panel& p, const rect& body);
void draw_barchart(const draw_context& ctx, const panel& p, const rect& body);
void draw_histogram(const draw_context& ctx, const panel& p, const rect& body);
void draw_logs(const draw_context& ctx, const panel& p, const rect& body);
/// Types drawn as a note naming them ("Geomap panels are not drawn in reports").
void draw_note(const draw_context& ctx, const panel& p, const rect& body);
/// The name a note type is called by ("Geomap"), or null for other types.
const char* note_type_name(const std::string& type);
std::string note_message(const std::string& type);
/// The histogram's automatic bucket size: the smallest of 1, 2, 2.5, 4, 5 x 10^k that splits
/// lo..hi into at most `bucket_count` buckets.
double histogram_bucket_size(double lo, double hi, int bucket_count);
/// The error a panel shows with the red corner marker (a failed query, an unusable
/// datasource), or "" when none.
std::string panel_error(const panel& p);

/// Text panel helpers: HTML to Markdown-ish lines, Markdown to escaped pango markup.
std::string html_to_lines(const std::string& html);
std::string markdown_to_markup(const std::string& md);

/// A legend entry: colour swatch, name, and optional calc values (table mode).
struct legend_item {
  std::string name;
  rgba color;
  std::vector<std::string> values;
};

struct legend_spec {
  bool show = true;
  bool table = false;          // table mode: one row per item with calc columns
  bool right = false;          // placement right instead of bottom
  std::vector<std::string> calcs;  // calc ids, column headers in table mode
};

/// The panel's legend options (options.legend, or legacy graph "legend").
legend_spec panel_legend(const panel& p);

/// Space the legend takes from `body`; the rest is returned in `rest`.
rect reserve_legend(const draw_context& ctx, const legend_spec& spec,
                    const std::vector<legend_item>& items, const rect& body, rect& rest);
void draw_legend(const draw_context& ctx, const legend_spec& spec,
                 const std::vector<legend_item>& items, const rect& area);

}  // namespace reportd::render
