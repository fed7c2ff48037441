#pragma once
// Text panel content as blocks the text drawer lays out one under the other: Markdown parsed
// by md4c (CommonMark with GitHub tables and strikethrough), HTML reduced to text lines, and
// `mode: code` kept line by line. Inline formatting is pango markup with all user text escaped.
#include <string>
#include <vector>

namespace reportd::render {

struct text_block {
  enum class kind { text, code, rule, table_row };
  kind type = kind::text;
  std::string markup;              // pango markup (text, code); cells for table_row
  std::vector<std::string> cells;  // table_row: each cell's markup
  std::vector<int> aligns;         // table_row: per cell 0 left, 1 centre, 2 right
  bool header = false;             // table_row: a header row (bold, rule under it)
  int heading = 0;                 // 1-6 for headings, 0 otherwise
  int indent = 0;                  // list / quote depth
  bool list_item = false;          // a list item (tighter spacing than a paragraph)
  int quote = 0;                   // block quote depth (a bar at the left per level)
};

/// Markdown (CommonMark + GitHub tables, strikethrough) to blocks.
std::vector<text_block> markdown_blocks(const std::string& md);
/// HTML to blocks: tags stripped, headings, list items and line breaks kept.
std::vector<text_block> html_blocks(const std::string& html);
/// Source code to one monospace block, line breaks kept; numbered lines when `line_numbers`.
std::vector<text_block> code_blocks(const std::string& code, bool line_numbers = false);

}  // namespace reportd::render
