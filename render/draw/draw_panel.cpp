// The panel frame: background, border, title, then the body by type — or the reason there
// is none (notice, "No data", unsupported type). A panel is never a silent blank box.
#include <algorithm>

#include "render/draw/draw_panels.hpp"
#include "render/layout.hpp"

namespace reportd::render {
namespace {

using drawer = void (*)(const draw_context&, const panel&, const rect&);

struct entry {
  const char* type;
  drawer fn;
};

constexpr entry drawers[] = {
    {"timeseries", draw_timeseries}, {"graph", draw_timeseries},       {"stat", draw_stat},
    {"singlestat", draw_stat},       {"gauge", draw_gauge},            {"bargauge", draw_bargauge},
    {"table", draw_table},           {"table-old", draw_table},        {"text", draw_text},
    {"piechart", draw_piechart},     {"grafana-piechart-panel", draw_piechart},
    {"heatmap", draw_heatmap},       {"state-timeline", draw_state_timeline},
    {"status-history", draw_status_history},                           {"barchart", draw_barchart},
    {"histogram", draw_histogram},   {"logs", draw_logs},
};

drawer find_drawer(const std::string& type) {
  for (const auto& e : drawers)
    if (type == e.type) return e.fn;
  if (note_type_name(type) != nullptr) return draw_note;
  return nullptr;
}

// Types that draw without query data: a text panel, and the notes naming a type not drawn.
bool needs_data(const std::string& type) { return type != "text" && note_type_name(type) == nullptr; }

// Grafana marks a panel whose query failed with a red corner in its header; the error itself
// is in a tooltip there. A report has no hover, so the body says it, shortened.
void draw_error_corner(const draw_context& ctx, const rect& box, double size) {
  cairo_t* cr = ctx.cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0.831, 0.125, 0.173);  // Grafana's error red, #D4202C-ish
  cairo_move_to(cr, box.x + 0.5, box.y + 0.5);
  cairo_line_to(cr, box.x + 0.5 + size, box.y + 0.5);
  cairo_line_to(cr, box.x + 0.5, box.y + 0.5 + size);
  cairo_close_path(cr);
  cairo_fill(cr);
  cairo_restore(cr);
}

void draw_error_text(const draw_context& ctx, const rect& body, const std::string& error) {
  constexpr std::size_t max_chars = 200;
  std::string text = error;
  if (text.size() > max_chars) {
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    text = text.substr(0, cut) + "…";
  }
  text_style st;
  st.size = 8 * ctx.scale;
  st.color = {0.77, 0.09, 0.16, 1};
  st.halign = h_align::center;
  st.valign = v_align::middle;
  st.wrap = true;
  ctx.text.draw(text, body.inset(4), st);
}

bool has_rows(const panel& p) {
  return std::any_of(p.frames.begin(), p.frames.end(), [](const frame& f) { return f.length() > 0; });
}

// The title sits on top of the box and the rule under it, in the gap below the box: the
// rule never crosses the text, descenders included (pango line height ~1.17 em).
void draw_row(const draw_context& ctx, const panel& p, const rect& box) {
  double rule_y = box.bottom() + std::min(1.0, panel_gap / 2 - 0.5);
  rect text_box{box.x + 2, box.y - 1, box.w - 4, rule_y - 0.75 - (box.y - 1)};
  text_style st;
  st.size = std::clamp(text_box.h / 1.2, 5.0, 10 * ctx.scale);
  st.bold = true;
  st.color = ctx.th.text;
  st.valign = v_align::bottom;
  ctx.text.draw(p.title, text_box, st);
  set_color(ctx.cr, ctx.th.border);
  cairo_set_line_width(ctx.cr, 0.75);
  cairo_move_to(ctx.cr, box.x, rule_y);
  cairo_line_to(ctx.cr, box.right(), rule_y);
  cairo_stroke(ctx.cr);
}

// Notes beside the data (a transformation that did not run): one small muted line at the
// bottom of the body. Returns the height it took.
double draw_notes(const draw_context& ctx, const panel& p, const rect& body) {
  std::string line;
  for (const auto& n : p.notes) line += (line.empty() ? "" : "; ") + n;
  text_style st;
  st.size = 6 * ctx.scale;
  st.color = ctx.th.muted;
  st.valign = v_align::middle;
  const double h = st.size * 1.5;
  if (body.h < 3 * h) return 0;
  ctx.text.draw(line, {body.x + 1, body.bottom() - h, body.w - 2, h}, st);
  return h;
}

}  // namespace

std::string panel_error(const panel& p) {
  if (!p.notice.empty()) return p.notice;
  for (const auto& n : p.notes)
    if (n.find(" failed: ") != std::string::npos || n.find("is not configured") != std::string::npos) return n;
  return {};
}

std::string unsupported_message(const std::string& type) {
  return "Panel type \"" + type + "\" is not supported by the report renderer";
}

bool supported_type(const std::string& type) { return type == "row" || find_drawer(type) != nullptr; }

void draw_panel(const draw_context& ctx, const panel& p, const rect& box) {
  if (box.w < 2 || box.h < 2) return;
  if (p.type == "row") return draw_row(ctx, p, box);
  cairo_t* cr = ctx.cr;
  fill_rect(cr, box, ctx.th.panel);
  stroke_rect(cr, box.inset(0.25), ctx.th.border, 0.5);
  // The title band is 14 pt, but never more than a third of the panel: on A4 a grid unit is
  // about 12 pt, and a panel two units tall (a single stat) keeps most of its height for the
  // value, as Grafana's does. Short panels also get thinner padding round the body.
  const double full_band = 14 * ctx.scale;
  const bool compact = box.h < 50 * ctx.scale;
  double title_h = p.title.empty() ? (compact ? 1 : 4) : std::min(full_band, std::max(6.0, box.h * 0.34));
  const std::string error = panel_error(p);
  const double marker = error.empty() ? 0 : std::min(10.0 * ctx.scale, std::max(5.0, title_h * 0.75));
  if (marker > 0) draw_error_corner(ctx, box, marker);
  if (!p.title.empty()) {
    text_style st;
    st.size = std::min(8.5 * ctx.scale, title_h * 0.65);
    st.bold = true;
    st.color = ctx.th.text;
    st.valign = v_align::middle;
    // A panel time override is noted after the title in muted text, as Grafana's header does.
    text_style note = st;
    note.bold = false;
    note.color = ctx.th.muted;
    const double note_w = p.time_info.empty() ? 0 : ctx.text.measure(p.time_info, note).width + 6;
    const double title_w = std::min(ctx.text.measure(p.title, st).width + 1, std::max(0.0, box.w - 10 - note_w));
    const double title_x = box.x + 5 + marker * 0.6;
    ctx.text.draw(p.title, {title_x, box.y + 1, p.time_info.empty() ? box.w - 10 - marker * 0.6 : title_w, title_h}, st);
    if (note_w > 0) ctx.text.draw(p.time_info, {title_x + title_w + 6, box.y + 1, note_w, title_h}, note);
  }
  const double pad_top = compact ? 0.5 : 2, pad_bottom = compact ? 1.5 : 4;
  rect body{box.x + 4, box.y + title_h + pad_top, box.w - 8, box.h - title_h - pad_top - pad_bottom};
  if (!p.notes.empty()) body.h -= draw_notes(ctx, p, body);
  if (body.w < 2 || body.h < 2) return;
  cairo_save(cr);
  cairo_rectangle(cr, body.x, body.y, body.w, body.h);
  cairo_clip(cr);
  drawer fn = find_drawer(p.type);
  if (fn == nullptr) draw_message(ctx, body, unsupported_message(p.type));
  else if (!p.notice.empty()) draw_error_text(ctx, body, p.notice);
  else if (needs_data(p.type) && !has_rows(p)) draw_message(ctx, body, no_data_text(p));
  else if (p.range) fn({ctx.cr, ctx.text, ctx.th, *p.range, ctx.scale}, p, body);
  else fn(ctx, p, body);
  cairo_restore(cr);
}

}  // namespace reportd::render
