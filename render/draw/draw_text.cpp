// Text panel: Markdown (md4c, see markdown.cpp), HTML (tags stripped) or code (monospace,
// lines kept) laid out block by block with pango; text that does not fit ends at a whole
// line followed by an ellipsis line.
#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

#include <pango/pangocairo.h>

#include <boost/algorithm/string/case_conv.hpp>

#include "model/text_encoding.hpp"
#include "render/draw/draw_panels.hpp"
#include "render/draw/markdown.hpp"
#include "render/json_access.hpp"

namespace reportd::render {
namespace {

std::string decode_entities(std::string s) {
  static constexpr const char* table[][2] = {{"&nbsp;", " "}, {"&lt;", "<"}, {"&gt;", ">"},
                                             {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& e : table) {
    std::string from = e[0];
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + 1))
      s.replace(pos, from.size(), e[1]);
  }
  return s;
}

}  // namespace

/// HTML to lightweight Markdown-ish lines: block tags become line breaks, headings "#", items "- ".
std::string html_to_lines(const std::string& html) {
  const std::string lowered = boost::algorithm::to_lower_copy(html);  // tag names, once
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      // HTML collapses white space; only tags break lines.
      char c = html[i++];
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (!space) out += c;
      else if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      continue;
    }
    auto end = html.find('>', i);
    if (end == std::string::npos) break;
    std::string tag = lowered.substr(i + 1, end - i - 1);
    std::string name = tag.substr(0, tag.find_first_of(" /\t"));
    if (name.empty() && tag.size() > 1) name = tag.substr(1, tag.find_first_of(" \t", 1) - 1);
    bool closing = !tag.empty() && tag[0] == '/';
    if (name == "br" || name == "p" || name == "div" || name == "tr" || name == "ul" || name == "ol") out += '\n';
    if (!closing && name.size() == 2 && name[0] == 'h' && std::isdigit(static_cast<unsigned char>(name[1]))) out += "\n# ";
    if (closing && name.size() == 2 && name[0] == 'h') out += '\n';
    if (!closing && name == "li") out += "\n- ";
    if (name == "script" || name == "style") {
      auto close = lowered.find("</" + name, end);
      end = close == std::string::npos ? html.size() - 1 : html.find('>', close);
      if (end == std::string::npos) end = html.size() - 1;
    }
    i = end + 1;
  }
  return decode_entities(out);
}

namespace {

/// Grafana's heading sizes relative to body text (h1 28 px ... h6 14 px on 14 px text).
double heading_scale(int level) {
  static constexpr double scale[] = {1, 2.0, 1.71, 1.5, 1.29, 1.14, 1.0};
  return scale[std::clamp(level, 0, 6)];
}

struct line_span {
  double top;
  double bottom;
};

/// Lays the blocks out top to bottom in `body`; draws them when `draw`, and returns every
/// line's vertical span (a table row or a rule counts as one line) so the caller can cut
/// at a whole line.
class block_painter {
public:
  block_painter(const draw_context& ctx, const rect& body)
      : ctx_(ctx), body_(body), layout_(pango_cairo_create_layout(ctx.cr)), size_(8 * ctx.scale) {}
  ~block_painter() { g_object_unref(layout_); }
  block_painter(const block_painter&) = delete;
  block_painter& operator=(const block_painter&) = delete;

  double size() const { return size_; }

  std::vector<line_span> run(const std::vector<text_block>& blocks, bool draw) {
    std::vector<line_span> lines;
    double y = body_.y;
    const text_block* prev = nullptr;
    for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
      const text_block& b = blocks[bi];
      if (y > body_.bottom() + size_) break;  // below the panel: neither drawn nor needed to cut
      if (prev) y += gap(*prev, b);
      block_top_ = y;
      double x = body_.x + b.indent * size_ * 1.5;
      double w = std::max(4.0, body_.right() - x);
      switch (b.type) {
        case text_block::kind::rule: {
          if (draw) {
            cairo_set_source_rgba(ctx_.cr, ctx_.th.muted.r, ctx_.th.muted.g, ctx_.th.muted.b, 0.6);
            cairo_set_line_width(ctx_.cr, 0.6);
            cairo_move_to(ctx_.cr, x, y + size_ * 0.5);
            cairo_line_to(ctx_.cr, x + w, y + size_ * 0.5);
            cairo_stroke(ctx_.cr);
          }
          lines.push_back({y, y + size_});
          y += size_;
          break;
        }
        case text_block::kind::table_row: {
          bool starts_table = !prev || prev->type != text_block::kind::table_row || (b.header && !prev->header);
          if (starts_table) column_widths(blocks, bi, w);
          double h = 0;
          double cx = x;
          for (std::size_t i = 0; i < b.cells.size(); ++i) {
            double cw = i < columns_.size() ? columns_[i] : size_ * 4;
            int align = i < b.aligns.size() ? b.aligns[i] : 0;
            set(b.cells[i], size_, b.header, false, cw - size_ * 0.8,
                align == 1 ? PANGO_ALIGN_CENTER : align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
            h = std::max(h, show(cx, y, draw, nullptr));
            cx += cw;
          }
          if (b.header && draw) {
            cairo_set_source_rgba(ctx_.cr, ctx_.th.muted.r, ctx_.th.muted.g, ctx_.th.muted.b, 0.8);
            cairo_set_line_width(ctx_.cr, 0.6);
            cairo_move_to(ctx_.cr, x, y + h + 0.5);
            cairo_line_to(ctx_.cr, cx, y + h + 0.5);
            cairo_stroke(ctx_.cr);
          }
          lines.push_back({y, y + h});
          y += h + 1;
          break;
        }
        case text_block::kind::code: {
          double pad = size_ * 0.3;
          set(b.markup, size_ * 0.95, false, true, w - 2 * pad);
          int pw = 0;
          int ph = 0;
          pango_layout_get_size(layout_, &pw, &ph);
          if (draw) {
            rgba bg = ctx_.th.grid;
            cairo_set_source_rgba(ctx_.cr, bg.r, bg.g, bg.b, 0.5);
            cairo_rectangle(ctx_.cr, x, y, w, static_cast<double>(ph) / PANGO_SCALE + 2 * pad);
            cairo_fill(ctx_.cr);
          }
          show(x + pad, y + pad, draw, &lines);
          y += static_cast<double>(ph) / PANGO_SCALE + 2 * pad;
          break;
        }
        case text_block::kind::text: {
          set(b.markup, size_ * heading_scale(b.heading), b.heading > 0, false, w);
          y += show(x, y, draw, &lines);
          break;
        }
      }
      if (b.quote > 0 && draw) {
        // Block quotes: a bar per level at the left, as Grafana's border-left.
        double top = block_top_;
        cairo_set_source_rgba(ctx_.cr, ctx_.th.muted.r, ctx_.th.muted.g, ctx_.th.muted.b, 0.7);
        cairo_set_line_width(ctx_.cr, 2);
        for (int q = 0; q < b.quote; ++q) {
          double bx = x - (b.quote - q) * size_ * 1.5 + size_ * 0.5;
          if (bx < body_.x) continue;
          cairo_move_to(ctx_.cr, bx, top);
          cairo_line_to(ctx_.cr, bx, y);
          cairo_stroke(ctx_.cr);
        }
      }
      prev = &b;
    }
    return lines;
  }

private:
  double gap(const text_block& prev, const text_block& next) const {
    if (prev.type == text_block::kind::table_row && next.type == text_block::kind::table_row) return 0;
    if (prev.list_item && next.list_item) return size_ * 0.15;
    if (next.heading) return size_ * 0.8;
    return size_ * 0.5;
  }

  /// Widths of the columns of the table whose first row is blocks[first]: each column as
  /// wide as its widest cell when the table fits, else shrunk in proportion.
  void column_widths(const std::vector<text_block>& blocks, std::size_t first, double avail) {
    columns_.clear();
    for (std::size_t i = first; i < blocks.size() && blocks[i].type == text_block::kind::table_row; ++i) {
      if (i > first && blocks[i].header && !blocks[i - 1].header) break;
      const auto& row = blocks[i];
      if (columns_.size() < row.cells.size()) columns_.resize(row.cells.size(), 0);
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        set(row.cells[c], size_, row.header, false, -1);
        int pw = 0;
        int ph = 0;
        pango_layout_get_size(layout_, &pw, &ph);
        columns_[c] = std::max(columns_[c], static_cast<double>(pw) / PANGO_SCALE + size_ * 1.6);
      }
    }
    double total = 0;
    for (double c : columns_) total += c;
    if (total > avail && total > 0)
      for (double& c : columns_) c *= avail / total;
  }

  void set(const std::string& markup, double size, bool bold, bool mono, double width,
           PangoAlignment align = PANGO_ALIGN_LEFT) {
    PangoFontDescription* desc = pango_font_description_from_string(mono ? mono_family : font_family);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, desc);
    pango_font_description_free(desc);
    pango_layout_set_width(layout_, width < 0 ? -1 : static_cast<int>(std::max(1.0, width) * PANGO_SCALE));
    pango_layout_set_alignment(layout_, align);
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_attributes(layout_, nullptr);
    // Markup that pango refuses (an unbalanced inline tag) is shown as its plain words.
    if (pango_parse_markup(markup.data(), static_cast<int>(markup.size()), 0, nullptr, nullptr, nullptr, nullptr)) {
      pango_layout_set_markup(layout_, markup.data(), static_cast<int>(markup.size()));
    } else {
      std::string plain;
      bool in_tag = false;
      for (char c : markup) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) plain += c;
      }
      plain = decode_entities(plain);
      pango_layout_set_text(layout_, plain.data(), static_cast<int>(plain.size()));
    }
  }

  /// Shows the layout at (x, y) when `draw`; adds its lines to `lines`; returns its height.
  double show(double x, double y, bool draw, std::vector<line_span>* lines) {
    pango_cairo_update_layout(ctx_.cr, layout_);
    if (lines) {
      PangoLayoutIter* it = pango_layout_get_iter(layout_);
      do {
        int y0 = 0;
        int y1 = 0;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        lines->push_back({y + static_cast<double>(y0) / PANGO_SCALE, y + static_cast<double>(y1) / PANGO_SCALE});
      } while (pango_layout_iter_next_line(it));
      pango_layout_iter_free(it);
    }
    if (draw) {
      cairo_set_source_rgba(ctx_.cr, ctx_.th.text.r, ctx_.th.text.g, ctx_.th.text.b, ctx_.th.text.a);
      cairo_move_to(ctx_.cr, x, y);
      pango_cairo_show_layout(ctx_.cr, layout_);
    }
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  static constexpr const char* mono_family = "DejaVu Sans Mono, Noto Sans Mono CJK SC, monospace";

  const draw_context& ctx_;
  rect body_;
  PangoLayout* layout_;
  double size_;
  std::vector<double> columns_;  // the current table's column widths
  double block_top_ = 0;  // where the block being laid out starts
};

}  // namespace

void draw_text(const draw_context& ctx, const panel& p, const rect& body) {
  std::string content = json::get_string(p.options, "content");
  if (content.empty()) content = json::get_string(p.raw, "content");
  std::string mode = json::get_string(p.options, "mode");
  if (mode.empty()) mode = json::get_string(p.raw, "mode", "markdown");
  // Raw HTML blocks inside Markdown go through the HTML reduction (markdown.cpp), as the
  // rest of the document stays Markdown.
  std::vector<text_block> blocks;
  if (mode == "code") blocks = code_blocks(content, json::get_bool(p.options, "code.showLineNumbers", false));
  else if (mode == "html") blocks = html_blocks(content);
  else blocks = markdown_blocks(content);
  if (blocks.empty()) return draw_message(ctx, body, "(empty text panel)");
  rect area = body.inset(2);
  if (area.w <= 4 || area.h <= 2) return;
  block_painter painter(ctx, area);
  auto lines = painter.run(blocks, false);
  // What does not fit ends at a whole line, followed by an ellipsis line.
  double cut = area.bottom();
  bool clipped = !lines.empty() && lines.back().bottom > area.bottom() + 0.5;
  if (clipped) {
    double ellipsis_h = painter.size() * 1.3;
    cut = area.y;
    for (const auto& l : lines) {
      if (l.bottom > area.bottom() - ellipsis_h) break;
      cut = l.bottom;
    }
  }
  cairo_save(ctx.cr);
  cairo_rectangle(ctx.cr, area.x, area.y, area.w, std::max(0.0, cut - area.y));
  cairo_clip(ctx.cr);
  painter.run(blocks, true);
  cairo_restore(ctx.cr);
  if (clipped) {
    text_style st;
    st.size = painter.size();
    st.color = ctx.th.muted;
    ctx.text.draw("\u2026", {area.x, cut, area.w, area.bottom() - cut}, st);
  }
}

}  // namespace reportd::render
