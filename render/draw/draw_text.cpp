// Text panel: Markdown or HTML shown as formatted text (headings bold, bullets), converted
// to pango markup with every piece of user text escaped.
#include <algorithm>
#include <cctype>
#include <sstream>

#include "model/text_encoding.hpp"
#include "render/draw/draw_panels.hpp"
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

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

/// HTML to lightweight Markdown-ish lines: block tags become line breaks, headings "#", items "- ".
std::string html_to_lines(const std::string& html) {
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
    std::string tag = lower(html.substr(i + 1, end - i - 1));
    std::string name = tag.substr(0, tag.find_first_of(" /\t"));
    if (name.empty() && tag.size() > 1) name = tag.substr(1, tag.find_first_of(" \t", 1) - 1);
    bool closing = !tag.empty() && tag[0] == '/';
    if (name == "br" || name == "p" || name == "div" || name == "tr" || name == "ul" || name == "ol") out += '\n';
    if (!closing && name.size() == 2 && name[0] == 'h' && std::isdigit(static_cast<unsigned char>(name[1]))) out += "\n# ";
    if (closing && name.size() == 2 && name[0] == 'h') out += '\n';
    if (!closing && name == "li") out += "\n- ";
    if (name == "script" || name == "style") {
      auto close = lower(html).find("</" + name, end);
      end = close == std::string::npos ? html.size() - 1 : html.find('>', close);
      if (end == std::string::npos) end = html.size() - 1;
    }
    i = end + 1;
  }
  return decode_entities(out);
}

/// Markdown lines to pango markup: headings bold and larger, list items with bullets,
/// emphasis markers dropped. User text is always escaped.
std::string markdown_to_markup(const std::string& md) {
  std::istringstream in(md);
  std::string line;
  std::string out;
  bool first = true;
  bool in_paragraph = false;  // plain lines of one paragraph join with a space
  while (std::getline(in, line)) {
    auto start = line.find_first_not_of(" \t");
    std::string t = start == std::string::npos ? "" : line.substr(start);
    while (!t.empty() && (t.back() == '\r' || t.back() == ' ')) t.pop_back();
    std::string markup;
    bool plain = false;
    if (t.empty()) {
      in_paragraph = false;
      continue;
    }
    if (t[0] == '#') {
      auto level = t.find_first_not_of('#');
      std::string text = level == std::string::npos ? "" : t.substr(level);
      text.erase(0, text.find_first_not_of(' '));
      markup = "<b><span size=\"larger\">" + model::html_escape(text) + "</span></b>";
    } else if (t.size() > 1 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
      markup = "  \u2022 " + model::html_escape(t.substr(2));
    } else {
      markup = model::html_escape(t);
      plain = true;
    }
    // Drop Markdown emphasis markers; pango shows the words plainly.
    markup.erase(std::remove(markup.begin(), markup.end(), '*'), markup.end());
    if (!first) out += plain && in_paragraph ? " " : "\n";
    out += markup;
    first = false;
    in_paragraph = plain;
  }
  return out;
}

void draw_text(const draw_context& ctx, const panel& p, const rect& body) {
  std::string content = json::get_string(p.options, "content");
  if (content.empty()) content = json::get_string(p.raw, "content");
  std::string mode = json::get_string(p.options, "mode");
  if (mode.empty()) mode = json::get_string(p.raw, "mode", "markdown");
  // Markdown may embed raw HTML blocks; a panel that starts with a tag is shown as HTML.
  auto lead = content.find_first_not_of(" \t\r\n");
  if (mode == "html" || (lead != std::string::npos && content[lead] == '<')) content = html_to_lines(content);
  std::string markup = markdown_to_markup(content);
  if (markup.empty()) return draw_message(ctx, body, "(empty text panel)");
  text_style st;
  st.size = 8 * ctx.scale;
  st.color = ctx.th.text;
  st.wrap = true;
  ctx.text.draw_markup(markup, body.inset(2), st);
}

}  // namespace reportd::render
