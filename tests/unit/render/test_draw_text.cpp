#include "catch_prelude.hpp"

#include <algorithm>
#include <chrono>

#include "test_draw_pdf.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

namespace {

panel text_panel(const std::string& content, const std::string& mode = "markdown") {
  auto p = make_panel("text", "", {0, 0, 12, 8});
  boost::json::object o;
  o["mode"] = mode;
  o["content"] = content;
  p.options = o;
  return p;
}

const rect box{40, 40, 420, 400};

/// The font names pdffonts lists for a PDF.
std::string pdf_fonts(const std::string& pdf) {
  std::string path = write_temp(pdf, ".pdf");
  std::string out = run("pdffonts '" + path + "'");
  std::remove(path.c_str());
  return out;
}

const word_box* find_word(const std::vector<word_box>& words, const std::string& text) {
  auto it = std::find_if(words.begin(), words.end(), [&](const word_box& w) { return w.text == text; });
  return it == words.end() ? nullptr : &*it;
}

const char* sample =
    "# Title\n\n5 * 3 = 15\n\n**bold** and *emphasis* and ~~gone~~\n\n- apples\n- pears\n  - nested\n\n"
    "1. first\n2. second\n\nrun `make check` now\n\n---\n\nsee [the docs](https://grafana.com/docs)\n";

}  // namespace

TEST_CASE("a Markdown text panel shows literal asterisks, bullets and numbers, no markers", "[draw][text]") {
  std::string text = pdf_text(panel_pdf(text_panel(sample), box));
  CHECK(text.find("5 * 3 = 15") != std::string::npos);
  CHECK(text.find("\u2022 apples") != std::string::npos);
  CHECK(text.find("\u2022 pears") != std::string::npos);
  CHECK(text.find("\u2022 nested") != std::string::npos);
  CHECK(text.find("1. first") != std::string::npos);
  CHECK(text.find("2. second") != std::string::npos);
  CHECK(text.find("bold and emphasis and gone") != std::string::npos);
  CHECK(text.find("run make check now") != std::string::npos);
  CHECK(text.find("see the docs") != std::string::npos);
  CHECK(text.find("**") == std::string::npos);
  CHECK(text.find('`') == std::string::npos);
  CHECK(text.find('#') == std::string::npos);
  CHECK(text.find("https://") == std::string::npos);
  CHECK(text.find("---") == std::string::npos);
}

TEST_CASE("a Markdown heading is larger than body text, nested items are indented", "[draw][text]") {
  auto words = pdf_words(panel_pdf(text_panel(sample), box));
  const word_box* title = find_word(words, "Title");
  const word_box* apples = find_word(words, "apples");
  const word_box* nested = find_word(words, "nested");
  REQUIRE(title);
  REQUIRE(apples);
  REQUIRE(nested);
  CHECK(title->height() > 1.6 * apples->height());
  CHECK(nested->x0 > apples->x0 + 4);
  CHECK(title->y1 < apples->y0);
}

TEST_CASE("code spans are set in a monospace font, headings in a bold face", "[draw][text]") {
  std::string with_code = pdf_fonts(panel_pdf(text_panel("run `make check` now"), box));
  std::string without_code = pdf_fonts(panel_pdf(text_panel("run make check now"), box));
  CHECK(with_code.find("Mono") != std::string::npos);
  CHECK(without_code.find("Mono") == std::string::npos);
  std::string with_heading = pdf_fonts(panel_pdf(text_panel("# Title\n\nplain words"), box));
  std::string without_heading = pdf_fonts(panel_pdf(text_panel("Title\n\nplain words"), box));
  CHECK(with_heading.find("Bold") != std::string::npos);
  CHECK(without_heading.find("Bold") == std::string::npos);
  std::string fenced = pdf_fonts(panel_pdf(text_panel("```\nx = 1\n```"), box));
  CHECK(fenced.find("Mono") != std::string::npos);
}

TEST_CASE("a Markdown table shows its cells in columns, without pipes", "[draw][text]") {
  auto pdf = panel_pdf(text_panel("| Host | Load |\n|---|---|\n| alpha | 0.5 |\n| beta | 1.5 |\n"), box);
  CHECK(pdf_text(pdf).find('|') == std::string::npos);
  auto words = pdf_words(pdf);
  const word_box* host = find_word(words, "Host");
  const word_box* load = find_word(words, "Load");
  const word_box* alpha = find_word(words, "alpha");
  const word_box* beta_load = find_word(words, "1.5");
  REQUIRE(host);
  REQUIRE(load);
  REQUIRE(alpha);
  REQUIRE(beta_load);
  CHECK(load->x0 > alpha->x1 + 4);    // columns apart,
  CHECK(load->x0 < alpha->x1 + 40);   // each as wide as its cells, as Grafana's HTML table
  CHECK(alpha->y0 > host->y1);
  CHECK(beta_load->x0 == Approx(load->x0).margin(1));
  CHECK(pdf_fonts(pdf).find("Bold") != std::string::npos);  // the header row
}

TEST_CASE("mode code keeps line breaks and indentation in monospace", "[draw][text]") {
  auto pdf = panel_pdf(text_panel("def f():\n    return 5 * 3\n", "code"), box);
  auto words = pdf_words(pdf);
  const word_box* def = find_word(words, "def");
  const word_box* ret = find_word(words, "return");
  REQUIRE(def);
  REQUIRE(ret);
  CHECK(ret->y0 > def->y1 - 0.5);
  CHECK(ret->x0 > def->x0 + 10);  // four spaces of indentation
  CHECK(pdf_text(pdf).find("return 5 * 3") != std::string::npos);
  CHECK(pdf_fonts(pdf).find("Mono") != std::string::npos);
}

TEST_CASE("HTML mode shows the words without tags or scripts", "[draw][text]") {
  auto pdf = panel_pdf(text_panel("<h2>Head</h2><p>a &amp; b</p><ul><li>one</li></ul><script>x()</script>", "html"), box);
  std::string text = pdf_text(pdf);
  CHECK(text.find("Head") != std::string::npos);
  auto words = pdf_words(pdf);  // pdftotext -bbox writes "&" as "&amp;"
  const word_box* amp = find_word(words, "&amp;");
  REQUIRE(amp);
  CHECK(find_word(words, "a"));
  CHECK(find_word(words, "b"));
  CHECK(text.find("amp;") == std::string::npos);  // the entity decoded once, not shown
  CHECK(text.find("\u2022 one") != std::string::npos);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find("x()") == std::string::npos);
}

TEST_CASE("text that does not fit ends at a whole line and an ellipsis line", "[draw][text]") {
  std::string content;
  for (int i = 1; i <= 60; ++i) content += "line" + std::to_string(i) + "\n\n";
  rect small{40, 40, 300, 120};
  auto words = pdf_words(panel_pdf(text_panel(content), small));
  REQUIRE_FALSE(words.empty());
  CHECK_FALSE(find_word(words, "line60"));
  const word_box* ellipsis = find_word(words, "\u2026");
  REQUIRE(ellipsis);
  double last_line_bottom = 0;
  for (const auto& w : words) {
    CHECK(w.y1 <= small.bottom() + 0.5);  // nothing drawn below the panel
    if (w.text.rfind("line", 0) == 0) {
      CHECK(w.height() > 4);  // a whole line, never a sliver of one
      last_line_bottom = std::max(last_line_bottom, w.y1);
    }
  }
  CHECK(ellipsis->y0 >= last_line_bottom - 1);
  // Every line above the ellipsis is the next one in order: none skipped.
  int count = 0;
  for (const auto& w : words) count += w.text.rfind("line", 0) == 0 ? 1 : 0;
  CHECK(find_word(words, "line" + std::to_string(count)));
}

TEST_CASE("a block quote is indented with a bar at its left", "[draw][text]") {
  auto p = text_panel("plain line\n\n> quoted line\n");
  auto words = pdf_words(panel_pdf(p, box));
  const word_box* plain = find_word(words, "plain");
  const word_box* quoted = find_word(words, "quoted");
  REQUIRE(plain);
  REQUIRE(quoted);
  CHECK(quoted->x0 > plain->x0 + 6);
  // Ink between the panel's left text edge and the quoted words, on the quote's line only.
  panel_pixels px(p, box);
  auto ink_left_of = [&](const word_box& w) {
    int y = static_cast<int>((w.y0 + w.y1) / 2);
    for (int x = static_cast<int>(plain->x0) - 1; x < static_cast<int>(w.x0) - 1; ++x)
      if (px.rgb(x, y) != 0xffffff) return true;
    return false;
  };
  CHECK(ink_left_of(*quoted));
}

TEST_CASE("a Markdown table column aligned right lines its numbers up at the right", "[draw][text]") {
  auto words = pdf_words(panel_pdf(text_panel("| Name | Count |\n|:--|--:|\n| a | 7 |\n| b | 12345 |\n"), box));
  const word_box* seven = find_word(words, "7");
  const word_box* big = find_word(words, "12345");
  REQUIRE(seven);
  REQUIRE(big);
  CHECK(seven->x1 == Approx(big->x1).margin(1));
  CHECK(seven->x0 > big->x0 + 5);
}

TEST_CASE("HTML blocks inside Markdown lose their tags, the Markdown around them stays Markdown", "[draw][text]") {
  std::string text = pdf_text(panel_pdf(text_panel("<div class=\"note\">Intro <b>words</b></div>\n\n**5 * 3** is 15\n"), box));
  CHECK(text.find("Intro words") != std::string::npos);
  CHECK(text.find("5 * 3 is 15") != std::string::npos);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find("**") == std::string::npos);
}

TEST_CASE("mode code numbers its lines when code.showLineNumbers is set", "[draw][text]") {
  auto p = text_panel("first\nsecond\n", "code");
  auto plain_words = pdf_words(panel_pdf(p, box));
  p.options["code"] = obj(R"({"language":"plaintext","showLineNumbers":true})");
  auto numbered = pdf_words(panel_pdf(p, box));
  CHECK_FALSE(find_word(plain_words, "1"));
  const word_box* one = find_word(numbered, "1");
  const word_box* two = find_word(numbered, "2");
  const word_box* first = find_word(numbered, "first");
  const word_box* second = find_word(numbered, "second");
  REQUIRE(one);
  REQUIRE(two);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(one->x1 < first->x0);
  CHECK(two->y0 > one->y1 - 0.5);
  CHECK(second->x0 == Approx(first->x0).margin(0.5));
}

TEST_CASE("a text panel of twenty thousand paragraphs is laid out only as far as it shows", "[draw][text]") {
  std::string content;
  for (int i = 1; i <= 20000; ++i) content += "paragraph " + std::to_string(i) + " with *some* words\n\n";
  auto start = std::chrono::steady_clock::now();
  auto words = pdf_words(panel_pdf(text_panel(content), rect{40, 40, 300, 200}));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  CHECK(find_word(words, "\u2026"));
  CHECK_FALSE(find_word(words, "20000"));
  CHECK(ms < 1500);
}
