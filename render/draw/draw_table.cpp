// Table panel as Grafana 8-11 draws it (public/app/plugins/panel/table): the first frame (a
// note says which of several), columns by field config (display name, width, alignment,
// hidden, cell type), rows in sortBy order, as many as fit and "… N more rows" for the rest,
// and the footer's reducers over every row.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "render/csv.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/draw/field_config.hpp"
#include "render/json_access.hpp"
#include "render/layout.hpp"
#include "render/units.hpp"

namespace reportd::render {
namespace {

// The cells: a column's cell type (custom.cellOptions of Grafana 10+, custom.displayMode
// before), the text and colour of one value, and the painting of one cell (text, colour-text,
// colour-background basic/gradient, bar gauge basic/gradient/lcd), as Grafana's
// packages/grafana-ui/src/components/Table/ cells draw them.
namespace table_cells {

enum class kind { text, color_text, color_background, gauge, json, image, sparkline };

struct cell_type {
  kind k = kind::text;
  bool gradient = false;      // color-background mode gradient; gauge mode gradient
  bool lcd = false;           // gauge mode lcd
  std::string value_mode;     // gauge value text: "color" (default), "text", "hidden"
};

/// The cell type of a column by its resolved config.
cell_type type_of(const field_display& d);

/// One column as the drawer needs it: its config, its cell type and the value range its
/// colours and gauges are placed in (min/max, else the frame's numeric range as Grafana's
/// global range).
struct column {
  const field* f = nullptr;
  field_display d;
  cell_type type;
  double lo = 0;
  double hi = 100;
  std::size_t index = 0;  // palette index for colour modes by series
};

/// The text of row `row` of the column: mapped text, value formatted by unit and decimals,
/// times `YYYY-MM-DD HH:mm:ss` in `zone`; a null is empty (or the field's noValue).
std::string text(const column& c, std::size_t row, const std::string& zone);

/// The colour of the value in row `row` (mapping colour first, then the colour mode), or
/// nullopt for cells without one (strings without mapping colour, nulls, times).
std::optional<rgba> color(const column& c, std::size_t row, const theme& th);

/// Draws one cell's background and content into `cell`; `st` is the table's text style with
/// the column's alignment.
void draw(const draw_context& ctx, const column& c, std::size_t row, const rect& cell, const text_style& st);

namespace {

// The colour a value mapping gives a string cell: a value key equal to the text, or special
// "empty" (field_config.hpp's field_mapped_color reads numbers only).
std::optional<rgba> string_mapping_color(const boost::json::array& maps, const field& f, std::size_t row) {
  const std::string s = row < f.strings.size() ? f.strings[row] : std::string();
  for (const auto& entry : maps) {
    const auto* m = entry.if_object();
    const auto* opts = m != nullptr ? json::get_object(*m, "options") : nullptr;
    if (opts == nullptr) continue;
    const std::string type = json::get_string(*m, "type");
    const boost::json::object* result = nullptr;
    if (type == "value") {
      if (const auto* r = opts->if_contains(s); r != nullptr && r->is_object()) result = &r->get_object();
    } else if (type == "special" && json::get_string(*opts, "match") == "empty" && s.empty()) {
      result = json::get_object(*opts, "result");
    }
    if (result != nullptr) return parse_color(json::get_string(*result, "color"));
  }
  return std::nullopt;
}

// Grafana puts white text on dark colours and dark text on light ones.
rgba text_on(const rgba& bg) {
  const double lum = 0.2126 * bg.r + 0.7152 * bg.g + 0.0722 * bg.b;
  return lum > 0.5 ? rgba{0.13, 0.13, 0.15, 1} : rgba{1, 1, 1, 1};
}

rgba darker(const rgba& c, double by) { return {c.r * (1 - by), c.g * (1 - by), c.b * (1 - by), c.a}; }

double fraction(const column& c, double v) {
  if (!(c.hi > c.lo)) return v > c.lo ? 1 : 0;
  return std::clamp((v - c.lo) / (c.hi - c.lo), 0.0, 1.0);
}

// The colour of the bar at fraction `x` of the range, as the field's colour mode places it.
rgba color_at(const column& c, double x) {
  return field_value_color(c.d, c.lo + x * (c.hi - c.lo), c.lo, c.hi, c.index);
}

// A bar gauge in `bar` filled to `frac` (BarGauge in its cell: basic, gradient or lcd).
void draw_gauge_bar(const draw_context& ctx, const column& c, double frac, const rgba& value_color, const rect& bar) {
  cairo_t* cr = ctx.cr;
  if (c.type.lcd) {
    // Cells of about 12 px with 2 px gaps; each lit when the value reaches it, unlit ones faint.
    const double cell_w = std::max(3.0, bar.h * 0.45);
    const double gap = std::max(1.0, cell_w / 6);
    const int cells = std::max(1, static_cast<int>((bar.w + gap) / (cell_w + gap)));
    const double w = (bar.w - gap * (cells - 1)) / cells;
    for (int i = 0; i < cells; ++i) {
      const double at = (i + 0.5) / cells;
      const rgba col = color_at(c, at);
      const bool lit = at <= frac;
      set_color(cr, col, lit ? 1 : 0.18);
      cairo_rectangle(cr, bar.x + i * (w + gap), bar.y, w, bar.h);
      cairo_fill(cr);
    }
    return;
  }
  fill_rect(cr, bar, ctx.th.grid);  // the unfilled track
  const rect filled{bar.x, bar.y, bar.w * frac, bar.h};
  if (filled.w <= 0) return;
  if (c.type.gradient) {
    // Colours of the range laid along the whole bar, shown up to the value.
    cairo_pattern_t* g = cairo_pattern_create_linear(bar.x, 0, bar.right(), 0);
    for (int i = 0; i <= 16; ++i) {
      const rgba col = color_at(c, i / 16.0);
      cairo_pattern_add_color_stop_rgba(g, i / 16.0, col.r, col.g, col.b, col.a);
    }
    cairo_set_source(cr, g);
    cairo_rectangle(cr, filled.x, filled.y, filled.w, filled.h);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
    return;
  }
  // Basic: the value colour at 35 % with a solid edge at the value.
  set_color(cr, value_color, 0.35);
  cairo_rectangle(cr, filled.x, filled.y, filled.w, filled.h);
  cairo_fill(cr);
  fill_rect(cr, {filled.right() - std::min(1.0, filled.w), filled.y, std::min(1.0, filled.w), filled.h}, value_color);
}

}  // namespace

cell_type type_of(const field_display& d) {
  cell_type t;
  std::string type;
  std::string mode;
  if (const auto it = d.custom.find("cellOptions"); it != d.custom.end() && it->value().is_object()) {
    const auto& o = it->value().get_object();
    type = json::get_string(o, "type");
    mode = json::get_string(o, "mode");
    t.value_mode = json::get_string(o, "valueDisplayMode");
    if (t.value_mode.empty()) t.value_mode = json::get_string(o, "valueMode");
  }
  if (type.empty() || type == "auto") {
    // Grafana 7-9: custom.displayMode.
    if (const auto it = d.custom.find("displayMode"); it != d.custom.end() && it->value().is_string()) {
      const std::string dm(it->value().get_string());
      if (dm == "color-text") type = "color-text";
      else if (dm == "color-background") type = "color-background", mode = "gradient";
      else if (dm == "color-background-solid") type = "color-background", mode = "basic";
      else if (dm == "gradient-gauge") type = "gauge", mode = "gradient";
      else if (dm == "lcd-gauge") type = "gauge", mode = "lcd";
      else if (dm == "basic") type = "gauge", mode = "basic";
      else if (dm == "json-view" || dm == "image") type = dm;
    }
  }
  if (type == "color-text") t.k = kind::color_text;
  else if (type == "color-background") {
    t.k = kind::color_background;
    t.gradient = mode != "basic";
  } else if (type == "gauge") {
    t.k = kind::gauge;
    t.gradient = mode.empty() || mode == "gradient";
    t.lcd = mode == "lcd";
  } else if (type == "json-view") t.k = kind::json;
  else if (type == "image") t.k = kind::image;
  else if (type == "sparkline") t.k = kind::sparkline;
  if (t.value_mode.empty()) t.value_mode = "color";
  return t;
}

std::string text(const column& c, std::size_t row, const std::string& zone) {
  const field& f = *c.f;
  if (f.type == field_type::string) {
    const std::string s = row < f.strings.size() ? f.strings[row] : std::string();
    if (c.type.k != kind::json && c.type.k != kind::image)
      for (const auto& entry : c.d.mappings)
        if (const auto* m = entry.if_object(); m != nullptr && json::get_string(*m, "type") == "value")
          if (const auto* opts = json::get_object(*m, "options"))
            if (const auto* r = opts->if_contains(s); r != nullptr && r->is_object())
              if (auto t = json::get_string(r->get_object(), "text"); !t.empty()) return t;
    return s;
  }
  const double v = row < f.numbers.size() ? f.numbers[row] : std::nan("");
  if (f.type == field_type::time)
    return std::isnan(v) ? "" : format_time(static_cast<std::int64_t>(v), zone, "%Y-%m-%d %H:%M:%S");
  if (f.type == field_type::boolean) return std::isnan(v) ? "" : (v != 0 ? "true" : "false");
  if (std::isnan(v)) {
    if (auto t = field_mapped_text(c.d, v)) return *t;
    return c.d.no_value.value_or("");
  }
  return field_display_value(c.d, v);
}

std::optional<rgba> color(const column& c, std::size_t row, const theme& th) {
  const field& f = *c.f;
  if (f.type == field_type::string) return string_mapping_color(c.d.mappings, f, row);
  const double v = row < f.numbers.size() ? f.numbers[row] : std::nan("");
  if (auto m = field_mapped_color(c.d, v)) return m;
  if (f.type != field_type::number || std::isnan(v)) return std::nullopt;
  return field_value_color(c.d, v, c.lo, c.hi, c.index, th);
}

void draw(const draw_context& ctx, const column& c, std::size_t row, const rect& cell, const text_style& st) {
  const double pad = 3 * ctx.scale;
  const rect inner{cell.x + pad, cell.y, cell.w - 2 * pad, cell.h};
  text_style ts = st;
  const auto col = color(c, row, ctx.th);
  const std::string s = text(c, row, ctx.range.zone);
  switch (c.type.k) {
    case kind::color_text:
      if (col) ts.color = *col;
      break;
    case kind::color_background:
      if (col) {
        if (c.type.gradient) {
          // Grafana: a 120° gradient from a slightly darker shade to the colour.
          cairo_pattern_t* g = cairo_pattern_create_linear(cell.x, cell.y, cell.right(), cell.bottom());
          const rgba from = darker(*col, 0.12);
          cairo_pattern_add_color_stop_rgba(g, 0, from.r, from.g, from.b, from.a);
          cairo_pattern_add_color_stop_rgba(g, 1, col->r, col->g, col->b, col->a);
          cairo_set_source(ctx.cr, g);
          cairo_rectangle(ctx.cr, cell.x, cell.y, cell.w, cell.h);
          cairo_fill(ctx.cr);
          cairo_pattern_destroy(g);
        } else {
          fill_rect(ctx.cr, cell, *col);
        }
        ts.color = text_on(*col);
      }
      break;
    case kind::gauge: {
      if (c.f->type != field_type::number) break;
      const double v = row < c.f->numbers.size() ? c.f->numbers[row] : std::nan("");
      if (std::isnan(v)) return;
      const rgba vc = col.value_or(ctx.th.text);
      // The value text on the right (unless hidden), the bar in the rest.
      double text_w = 0;
      if (c.type.value_mode != "hidden") {
        text_w = std::min(inner.w * 0.45, ctx.text.measure(s, ts).width + pad);
        text_style vs = ts;
        vs.halign = h_align::right;
        vs.color = c.type.value_mode == "text" ? st.color : vc;
        ctx.text.draw(s, {inner.right() - text_w, inner.y, text_w, inner.h}, vs);
      }
      const double bar_h = std::max(2.0, inner.h * 0.55);
      const rect bar{inner.x, inner.y + (inner.h - bar_h) / 2, std::max(0.0, inner.w - text_w - (text_w > 0 ? pad : 0)),
                     bar_h};
      if (bar.w > 0) draw_gauge_bar(ctx, c, fraction(c, v), vc, bar);
      return;
    }
    case kind::image:
    case kind::json:
    case kind::sparkline:
    case kind::text:
      break;
  }
  ctx.text.draw(s, inner, ts);
}
}  // namespace table_cells

using table_cells::column;

constexpr double default_min_width_px = 150;  // Grafana's custom.minWidth default

std::optional<double> custom_number(const field_display& d, const char* key) {
  const auto it = d.custom.find(key);
  if (it == d.custom.end()) return std::nullopt;
  auto n = json::as_number(it->value());
  if (!n || !std::isfinite(*n) || *n <= 0) return std::nullopt;
  return n;
}

h_align align_of(const column& c) {
  const auto it = c.d.custom.find("align");
  const std::string a = it != c.d.custom.end() && it->value().is_string() ? std::string(it->value().get_string()) : "auto";
  if (a == "left") return h_align::left;
  if (a == "right") return h_align::right;
  if (a == "center") return h_align::center;
  return c.f->type == field_type::number ? h_align::right : h_align::left;  // auto: numbers right
}

// Grafana px of the panel's width: its grid columns of the 1920 px dashboard.
double panel_px_width(const panel& p) { return std::max(1, p.pos.w) * dashboard_px_width / 24.0; }

// Row height of options.cellHeight (sm 36 px, md 42, lg 48; before Grafana 10: 36).
double cell_height_px(const panel& p) {
  const auto h = json::get_string(p.options, "cellHeight");
  if (h == "md") return 42;
  if (h == "lg") return 48;
  return 36;
}

std::vector<column> columns_of(const table_view& t) {
  std::vector<column> out;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    column col;
    col.f = &t.source->fields[t.columns[c]];
    col.d = t.display[c];
    if (col.d.color.mode.empty()) col.d.color.mode = "thresholds";  // the table's default colour mode
    col.type = table_cells::type_of(col.d);
    col.lo = col.d.range_min;  // min/max, else Grafana's global range of the panel's numbers
    col.hi = col.d.range_max;
    col.index = c;
    out.push_back(std::move(col));
  }
  return out;
}

// Widths in points: custom.width columns get theirs, the others share the rest (at least
// custom.minWidth each); a table wider than the panel is scaled to fit (Grafana scrolls).
std::vector<double> widths_of(const panel& p, const std::vector<column>& cols, double body_w) {
  const double panel_px = panel_px_width(p);
  double fixed = 0;
  std::size_t free = 0;
  for (const auto& c : cols) {
    if (auto w = custom_number(c.d, "width")) fixed += *w;
    else ++free;
  }
  const double share = free > 0 ? std::max(0.0, panel_px - fixed) / static_cast<double>(free) : 0;
  std::vector<double> px;
  double total = 0;
  for (const auto& c : cols) {
    double w = custom_number(c.d, "width").value_or(std::max(share, custom_number(c.d, "minWidth").value_or(default_min_width_px)));
    px.push_back(w);
    total += w;
  }
  // Grafana scrolls a table wider than its panel; a page cannot, so it is scaled to fit.
  const double k = body_w / std::max(total, panel_px);
  double sum = 0;
  for (auto& w : px) sum += (w *= k);
  if (!px.empty() && sum < body_w) px.back() += body_w - sum;  // the last column takes the rest
  return px;
}

struct footer_spec {
  bool show = false;
  bool count_rows = false;
  std::string reducer = "sum";
  std::vector<std::string> fields;  // display names; empty: every number field
};

footer_spec footer_of(const panel& p) {
  footer_spec f;
  const auto* o = json::get_object(p.options, "footer");
  if (o == nullptr) return f;
  f.show = json::get_bool(*o, "show", false);
  f.count_rows = json::get_bool(*o, "countRows", false);
  if (const auto* r = json::get_array(*o, "reducer"); r != nullptr && !r->empty() && r->front().is_string())
    f.reducer = std::string(r->front().get_string());
  if (const auto* names = json::get_array(*o, "fields"))
    for (const auto& n : *names)
      if (n.is_string()) f.fields.emplace_back(n.get_string());
  return f;
}

bool counts(const std::string& reducer) {
  return reducer == "count" || reducer == "countAll" || reducer == "distinctCount" || reducer == "changeCount";
}

// The footer cell of each column: the reducer over every row of a number field, the
// reducer's name in a first column that is not reduced, or the row count (countRows).
std::vector<std::string> footer_cells(const footer_spec& spec, const std::vector<column>& cols, std::size_t rows) {
  std::vector<std::string> out(cols.size());
  if (spec.count_rows) {
    if (!out.empty()) out[0] = reducer_name("count") + ": " + std::to_string(rows);
    return out;
  }
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const auto& col = cols[c];
    const bool wanted = spec.fields.empty() ||
                        std::find(spec.fields.begin(), spec.fields.end(), col.d.name) != spec.fields.end();
    if (col.f->type == field_type::number && wanted) {
      const double v = reduce(col.f->numbers, spec.reducer);
      if (counts(spec.reducer)) out[c] = std::isnan(v) ? "" : std::to_string(static_cast<long long>(v));
      else out[c] = std::isnan(v) ? "" : field_display_value(col.d, v);
    } else if (c == 0) {
      out[c] = reducer_name(spec.reducer);
    }
  }
  return out;
}

std::string frame_label(const frame& f, std::size_t index) {
  if (!f.name.empty()) return f.name;
  if (!f.ref_id.empty()) return f.ref_id;
  return "Series " + std::to_string(index + 1);
}

}  // namespace

void draw_table(const draw_context& ctx, const panel& p, const rect& body) {
  const table_view t = table_of(p);
  if (t.source == nullptr || t.columns.empty() || t.rows.empty()) return draw_message(ctx, body, no_data_text(p));
  const auto cols = columns_of(t);
  const auto widths = widths_of(p, cols, body.w);
  const double pt_per_px = body.w / panel_px_width(p);

  // Grafana's 14 px cell text at the panel's scale, kept between 5.5 and 7.5 pt to be read on paper.
  text_style st;
  st.size = std::clamp(14 * pt_per_px, 5.5, 7.5) * ctx.scale;
  st.color = ctx.th.text;
  st.valign = v_align::middle;
  text_style hs = st;
  hs.bold = true;
  text_style note = st;
  note.size = 6.5 * ctx.scale;
  note.color = ctx.th.muted;

  const double row_h = std::max(st.size * 1.6, cell_height_px(p) * pt_per_px);
  const bool header = json::get_bool(p.options, "showHeader", true);
  const footer_spec foot = footer_of(p);
  const bool several = t.frame_count > 1;
  const double note_h = several ? note.size * 1.8 : 0;

  // Rows that fit below the header and above the footer and the frame note.
  const std::size_t rows = t.rows.size();
  const double room = body.h - (header ? row_h : 0) - (foot.show ? row_h : 0) - note_h;
  const std::size_t fit = static_cast<std::size_t>(std::max(0.0, std::floor(room / row_h + 1e-6)));
  const std::size_t shown = rows <= fit ? rows : (fit > 0 ? fit - 1 : 0);

  cairo_t* cr = ctx.cr;
  double y = body.y;
  if (header) {
    fill_rect(cr, {body.x, y, body.w, row_h}, ctx.th.grid);
    double x = body.x;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      text_style h = hs;
      h.halign = align_of(cols[c]);
      const double pad = 3 * ctx.scale;
      ctx.text.draw(cols[c].d.name, {x + pad, y, widths[c] - 2 * pad, row_h}, h);
      x += widths[c];
    }
    y += row_h;
  }
  for (std::size_t i = 0; i < shown; ++i, y += row_h) {
    double x = body.x;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      text_style cs = st;
      cs.halign = align_of(cols[c]);
      cairo_save(cr);
      cairo_rectangle(cr, x, y, widths[c], row_h);
      cairo_clip(cr);
      table_cells::draw(ctx, cols[c], t.rows[i], {x, y, widths[c], row_h}, cs);
      cairo_restore(cr);
      x += widths[c];
    }
    set_color(cr, ctx.th.grid);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, body.x, y + row_h);
    cairo_line_to(cr, body.right(), y + row_h);
    cairo_stroke(cr);
  }
  if (shown < rows) {
    text_style ms = st;
    ms.color = ctx.th.muted;
    ms.halign = h_align::center;
    ctx.text.draw("\u2026 " + std::to_string(rows - shown) + " more rows", {body.x, y, body.w, row_h}, ms);
    y += row_h;
  }
  if (foot.show) {
    // Grafana keeps the footer at the panel's bottom, above nothing but the frame selector.
    const double fy = body.bottom() - note_h - row_h;
    fill_rect(cr, {body.x, fy, body.w, row_h}, ctx.th.grid);
    const auto cells = footer_cells(foot, cols, rows);
    double x = body.x;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      text_style fs = hs;
      fs.halign = c == 0 && foot.count_rows ? h_align::left : align_of(cols[c]);
      const double pad = 3 * ctx.scale;
      ctx.text.draw(cells[c], {x + pad, fy, widths[c] - 2 * pad, row_h}, fs);
      x += widths[c];
    }
  }
  if (several) {
    // Grafana offers a frame selector under the table; the report shows the first frame.
    note.halign = h_align::right;
    ctx.text.draw("frame " + std::to_string(t.frame_index + 1) + " of " + std::to_string(t.frame_count) + ": " +
                      frame_label(*t.source, t.frame_index),
                  {body.x, body.bottom() - note_h, body.w, note_h}, note);
  }
}

}  // namespace reportd::render
