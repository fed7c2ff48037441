#include "render/draw/markdown.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

#include <md4c.h>

#include <boost/algorithm/string/case_conv.hpp>

#include "model/text_encoding.hpp"
#include "render/draw/draw_panels.hpp"

namespace reportd::render {
namespace {

/// A UTF-8 encoding of one code point.
std::string utf8(unsigned long cp) {
  std::string out;
  if (cp == 0 || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

/// An entity md4c reports verbatim ("&amp;", "&#42;", "&#x2A;") as its text.
std::string entity_text(const std::string& e) {
  if (e.size() > 3 && e[1] == '#') {
    bool hex = e[2] == 'x' || e[2] == 'X';
    return utf8(std::strtoul(e.c_str() + (hex ? 3 : 2), nullptr, hex ? 16 : 10));
  }
  static constexpr const char* named[][2] = {
      {"&amp;", "&"},  {"&lt;", "<"},      {"&gt;", ">"},      {"&quot;", "\""},   {"&apos;", "'"},
      {"&nbsp;", "\u00a0"}, {"&copy;", "\u00a9"}, {"&reg;", "\u00ae"}, {"&trade;", "\u2122"},
      {"&mdash;", "\u2014"}, {"&ndash;", "\u2013"}, {"&hellip;", "\u2026"}, {"&deg;", "\u00b0"},
      {"&times;", "\u00d7"}, {"&euro;", "\u20ac"}, {"&larr;", "\u2190"}, {"&rarr;", "\u2192"}};
  for (const auto& n : named)
    if (e == n[0]) return n[1];
  return e;
}

struct list_state {
  bool ordered = false;
  unsigned next = 1;
};

/// md4c's callbacks turned into blocks. Every block boundary flushes the text gathered so far
/// into a block carrying the state of that moment (heading level, list depth, code).
class builder {
public:
  std::vector<text_block> blocks;

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    if (type == MD_BLOCK_TD || type == MD_BLOCK_TH) {
      cur_.clear();
      MD_ALIGN a = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
      aligns_.push_back(a == MD_ALIGN_CENTER ? 1 : a == MD_ALIGN_RIGHT ? 2 : 0);
      return 0;
    }
    flush();
    switch (type) {
      case MD_BLOCK_UL: lists_.push_back({}); break;
      case MD_BLOCK_OL: lists_.push_back({true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start}); break;
      case MD_BLOCK_LI: {
        auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
        if (!lists_.empty() && lists_.back().ordered) prefix_ = std::to_string(lists_.back().next++) + ". ";
        else prefix_ = "\u2022 ";
        if (li->is_task) prefix_ += li->task_mark == ' ' ? "\u2610 " : "\u2611 ";
        ++items_;
        break;
      }
      case MD_BLOCK_H: heading_ = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level); break;
      case MD_BLOCK_CODE: code_ = true; break;
      case MD_BLOCK_HTML: html_ = true; break;
      case MD_BLOCK_QUOTE: ++quotes_; break;
      case MD_BLOCK_HR: {
        text_block b;
        b.type = text_block::kind::rule;
        blocks.push_back(b);
        break;
      }
      case MD_BLOCK_THEAD: header_ = true; break;
      case MD_BLOCK_TR: cells_.clear(); aligns_.clear(); break;
      default: break;
    }
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type, void*) {
    if (type == MD_BLOCK_TD || type == MD_BLOCK_TH) {
      close_inline_html();
      cells_.push_back(cur_);
      cur_.clear();
      return 0;
    }
    if (type == MD_BLOCK_TR) {
      text_block b;
      b.type = text_block::kind::table_row;
      b.cells = cells_;
      b.aligns = aligns_;
      b.header = header_;
      blocks.push_back(b);
      cells_.clear();
      return 0;
    }
    if (type == MD_BLOCK_HTML) {
      // A raw HTML block inside Markdown is shown as the HTML mode shows it.
      for (auto& b : html_blocks(raw_html_)) {
        b.indent += depth();
        blocks.push_back(std::move(b));
      }
      raw_html_.clear();
      html_ = false;
      return 0;
    }
    flush();
    switch (type) {
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        if (!lists_.empty()) lists_.pop_back();
        break;
      case MD_BLOCK_LI: --items_; prefix_.clear(); break;
      case MD_BLOCK_H: heading_ = 0; break;
      case MD_BLOCK_CODE: code_ = false; break;
      case MD_BLOCK_QUOTE: --quotes_; break;
      case MD_BLOCK_THEAD: header_ = false; break;
      default: break;
    }
    return 0;
  }

  int enter_span(MD_SPANTYPE type, void*) {
    switch (type) {
      case MD_SPAN_EM: cur_ += "<i>"; break;
      case MD_SPAN_STRONG: cur_ += "<b>"; break;
      case MD_SPAN_CODE: cur_ += "<span font_family=\"DejaVu Sans Mono, monospace\" background=\"#808080\" bgalpha=\"18%\">"; break;
      case MD_SPAN_DEL: cur_ += "<s>"; break;
      case MD_SPAN_U: cur_ += "<u>"; break;
      case MD_SPAN_A: cur_ += "<span foreground=\"#1f60c4\">"; break;  // links as their text
      case MD_SPAN_IMG: cur_ += "<i>"; break;                          // images as their alt text
      default: cur_ += "<span>"; break;
    }
    return 0;
  }

  int leave_span(MD_SPANTYPE type, void*) {
    switch (type) {
      case MD_SPAN_EM: cur_ += "</i>"; break;
      case MD_SPAN_STRONG: cur_ += "</b>"; break;
      case MD_SPAN_CODE: cur_ += "</span>"; break;
      case MD_SPAN_DEL: cur_ += "</s>"; break;
      case MD_SPAN_U: cur_ += "</u>"; break;
      case MD_SPAN_IMG: cur_ += "</i>"; break;
      default: cur_ += "</span>"; break;
    }
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size) {
    std::string s(data, size);
    if (html_) {
      raw_html_ += s;
      return 0;
    }
    switch (type) {
      case MD_TEXT_BR: cur_ += '\n'; break;
      case MD_TEXT_SOFTBR: cur_ += ' '; break;
      case MD_TEXT_NULLCHAR: cur_ += "\ufffd"; break;
      case MD_TEXT_ENTITY: cur_ += model::html_escape(entity_text(s)); break;
      case MD_TEXT_HTML: inline_html(s); break;
      default: cur_ += model::html_escape(s); break;
    }
    return 0;
  }

  void finish() { flush(); }

private:
  int depth() const { return static_cast<int>(lists_.size()) + quotes_; }

  /// Inline HTML tags Grafana's sanitizer keeps and pango can show; any other tag is dropped.
  void inline_html(const std::string& tag) {
    std::string t = boost::algorithm::to_lower_copy(tag);
    bool closing = t.size() > 1 && t[1] == '/';
    std::size_t from = closing ? 2 : 1;
    std::string name = t.substr(from, t.find_first_of(" \t\n/>", from) - from);
    if (name == "br") {
      cur_ += '\n';
      return;
    }
    static constexpr const char* kept[][2] = {{"b", "b"}, {"strong", "b"}, {"i", "i"}, {"em", "i"},
                                               {"code", "tt"}, {"tt", "tt"}, {"u", "u"}, {"s", "s"},
                                               {"del", "s"}, {"sub", "sub"}, {"sup", "sup"}};
    for (const auto& k : kept) {
      if (name != k[0]) continue;
      if (!closing) {
        cur_ += std::string("<") + k[1] + ">";
        open_.push_back(k[1]);
      } else if (!open_.empty() && open_.back() == k[1]) {
        cur_ += std::string("</") + k[1] + ">";
        open_.pop_back();
      }
      return;
    }
    // Other HTML elements Grafana's sanitizer allows have no look here: their words stay.
    // A tag it does not know it escapes, so it shows as written.
    static constexpr const char* dropped[] = {"a", "abbr", "span", "div", "p", "font", "img", "small", "big",
                                              "center", "mark", "ins", "q", "cite", "kbd", "samp", "var",
                                              "label", "section", "details", "summary", "hr", "table", "tr",
                                              "td", "th", "thead", "tbody", "ul", "ol", "li", "pre", "h1", "h2",
                                              "h3", "h4", "h5", "h6", "blockquote", "!--"};
    for (const char* d : dropped)
      if (name == d || (name.rfind("!--", 0) == 0)) return;
    cur_ += model::html_escape(tag);
  }

  void close_inline_html() {
    while (!open_.empty()) {
      cur_ += "</" + open_.back() + ">";
      open_.pop_back();
    }
  }

  void flush() {
    bool in_item = items_ > 0;
    close_inline_html();
    if (code_) {
      while (!cur_.empty() && cur_.back() == '\n') cur_.pop_back();
    } else {
      auto start = cur_.find_first_not_of(" \n");
      cur_ = start == std::string::npos ? "" : cur_.substr(start);
    }
    if (cur_.empty()) return;
    text_block b;
    b.type = code_ ? text_block::kind::code : text_block::kind::text;
    b.markup = prefix_ + cur_;
    b.heading = heading_;
    b.indent = std::max(0, depth() - (in_item ? 1 : 0));
    b.list_item = in_item;
    b.quote = quotes_;
    // The bullet belongs to the item's first block; later paragraphs of the item align under it.
    if (!prefix_.empty()) prefix_.clear();
    else if (in_item) b.indent = depth();
    blocks.push_back(std::move(b));
    cur_.clear();
  }

  std::string cur_;
  std::string prefix_;
  std::string raw_html_;
  std::vector<std::string> open_;
  std::vector<std::string> cells_;
  std::vector<int> aligns_;
  std::vector<list_state> lists_;
  int heading_ = 0;
  int quotes_ = 0;
  bool code_ = false;
  bool html_ = false;
  int items_ = 0;
  bool header_ = false;
};

}  // namespace

std::vector<text_block> markdown_blocks(const std::string& md) {
  builder b;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_DIALECT_GITHUB;
  parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<builder*>(u)->enter_block(t, d); };
  parser.leave_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<builder*>(u)->leave_block(t, d); };
  parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) { return static_cast<builder*>(u)->enter_span(t, d); };
  parser.leave_span = [](MD_SPANTYPE t, void* d, void* u) { return static_cast<builder*>(u)->leave_span(t, d); };
  parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* u) { return static_cast<builder*>(u)->text(t, s, n); };
  md_parse(md.data(), static_cast<MD_SIZE>(md.size()), &parser, &b);
  b.finish();
  return std::move(b.blocks);
}

std::vector<text_block> html_blocks(const std::string& html) {
  std::vector<text_block> out;
  std::istringstream in(html_to_lines(html));
  std::string line;
  while (std::getline(in, line)) {
    auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos) continue;
    line = line.substr(start);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text_block b;
    if (line.rfind("# ", 0) == 0) {
      b.heading = 2;
      line = line.substr(2);
    } else if (line.rfind("- ", 0) == 0) {
      b.list_item = true;
      line = "\u2022 " + line.substr(2);
    }
    if (line.empty()) continue;
    b.markup = model::html_escape(line);
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<text_block> code_blocks(const std::string& code, bool line_numbers) {
  std::string text = code;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  if (text.empty()) return {};
  text_block b;
  b.type = text_block::kind::code;
  if (!line_numbers) {
    b.markup = model::html_escape(text);
    return {b};
  }
  std::istringstream in(text);
  std::string line;
  int n = 0;
  int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::size_t width = std::to_string(lines).size();
  while (std::getline(in, line)) {
    std::string num = std::to_string(++n);
    if (n > 1) b.markup += '\n';
    b.markup += "<span alpha=\"55%\">" + std::string(width - num.size(), ' ') + num + "</span>  " + model::html_escape(line);
  }
  return {b};
}

std::string markdown_to_markup(const std::string& md) {
  std::string out;
  for (const auto& b : markdown_blocks(md)) {
    if (!out.empty()) out += '\n';
    if (b.type == text_block::kind::rule) out += "\u2014\u2014\u2014";
    else if (b.type == text_block::kind::table_row) {
      for (std::size_t i = 0; i < b.cells.size(); ++i) out += (i ? "\t" : "") + b.cells[i];
    } else if (b.heading) out += "<b><span size=\"larger\">" + b.markup + "</span></b>";
    else out += b.markup;
  }
  return out;
}

}  // namespace reportd::render
