#include "catch_prelude.hpp"

#include <cstdio>
#include <string>

#include "render/pdf.hpp"
#include "test_draw_views.hpp"

using namespace reportd::render;
using namespace reportd::render::testing;

TEST_CASE("footer items are written in the PDF footer, links as link annotations", "[logo][footer]") {
  auto view = sample_view();
  document_options o;
  o.report_name = "Footer items";
  o.footer_items = {{"text", "Confidential - ops only", ""}, {"link", "Runbook", "https://wiki.example/run"}};
  o.footer_font_family = "DejaVu Serif";
  std::string pdf = render_pdf({&view}, o);
  std::string path = write_temp(pdf, ".pdf");
  std::string text = run("pdftotext -layout '" + path + "' -");
  std::string fonts = run("pdffonts '" + path + "'");
  std::remove(path.c_str());
  CHECK(text.find("Confidential - ops only") != std::string::npos);
  CHECK(text.find("Runbook") != std::string::npos);
  CHECK(pdf.find("https://wiki.example/run") != std::string::npos);  // the link's URI
  CHECK(fonts.find("DejaVuSerif") != std::string::npos);
}
