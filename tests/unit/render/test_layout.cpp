#include "catch_prelude.hpp"

#include "render/layout.hpp"

using namespace reportd::render;

namespace {

layout_item item(int x, int y, int w, int h, bool row = false) { return {{x, y, w, h}, row}; }

bool overlaps(const rect& a, const rect& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

}  // namespace

TEST_CASE("A4 pages in points by orientation", "[layout]") {
  layout_params p;
  p.orientation = "portrait";
  auto doc = layout_document({}, p);
  CHECK(doc.page_w == 595);
  CHECK(doc.page_h == 842);
  p.orientation = "landscape";
  doc = layout_document({}, p);
  CHECK(doc.page_w == 842);
  CHECK(doc.page_h == 595);
  CHECK(doc.pages.size() == 1);
}

TEST_CASE("the grid maps 24 columns onto the page width and keeps relative sizes", "[layout]") {
  layout_params p;
  auto doc = layout_document({item(0, 0, 12, 8), item(12, 0, 12, 8), item(0, 8, 24, 4)}, p);
  REQUIRE(doc.pages.size() == 1);
  const auto& ps = doc.pages[0].panels;
  REQUIRE(ps.size() == 3);
  double col = doc.content.w / 24;
  CHECK(ps[0].box.w + panel_gap == Approx(12 * col));
  CHECK(ps[1].box.x == Approx(ps[0].box.right() + panel_gap));
  CHECK(ps[2].box.w + panel_gap == Approx(doc.content.w));
  // Row units scale by the same factor as columns: 30 px of a 1920 px wide dashboard.
  double row = 30 * doc.content.w / 1920;
  CHECK(ps[0].box.h + panel_gap == Approx(8 * row));
  CHECK(ps[2].box.h + panel_gap == Approx(4 * row));
  CHECK(ps[2].box.y >= ps[0].box.bottom());
}

TEST_CASE("scale factor zooms rows", "[layout]") {
  layout_params p;
  auto normal = layout_document({item(0, 0, 24, 8)}, p);
  p.scale_factor = 200;
  auto zoomed = layout_document({item(0, 0, 24, 8)}, p);
  CHECK(zoomed.pages[0].panels[0].box.h + panel_gap == Approx(2 * (normal.pages[0].panels[0].box.h + panel_gap)));
  CHECK(zoomed.text_scale == 2);
}

TEST_CASE("pagination never cuts a panel across pages", "[layout]") {
  std::vector<layout_item> items;
  // Three columns of panels with different heights, so rows interleave across columns.
  int y[3] = {0, 0, 0};
  for (int i = 0; i < 30; ++i) {
    int c = i % 3, h = 5 + (i * 7) % 6;
    items.push_back(item(c * 8, y[c], 8, h));
    y[c] += h;
  }
  items.push_back(item(0, 200, 24, 200));  // taller than any page
  for (const char* orient : {"portrait", "landscape"}) {
    layout_params p;
    p.orientation = orient;
    auto doc = layout_document(items, p);
    CHECK(doc.pages.size() > 1);
    std::size_t placed = 0;
    for (const auto& page : doc.pages) {
      for (std::size_t a = 0; a < page.panels.size(); ++a) {
        const auto& box = page.panels[a].box;
        CHECK(box.y >= doc.content.y - 0.01);
        CHECK(box.bottom() <= doc.content.bottom() + 0.01);
        for (std::size_t b = a + 1; b < page.panels.size(); ++b) CHECK_FALSE(overlaps(box, page.panels[b].box));
      }
      placed += page.panels.size();
    }
    CHECK(placed == items.size());
    // The oversized panel is alone on a page, scaled to fit it.
    const auto& last = doc.pages.back().panels;
    REQUIRE(last.size() == 1);
    CHECK(last[0].index == items.size() - 1);
    CHECK(last[0].box.h + panel_gap == Approx(doc.content.h));
  }
}

TEST_CASE("the simple layout puts one panel per landscape page and three per portrait page", "[layout]") {
  std::vector<layout_item> items{item(0, 0, 24, 1, true)};
  for (int i = 0; i < 7; ++i) items.push_back(item(0, 1 + i * 8, 6, 8));
  layout_params p;
  p.mode = "simple";
  p.orientation = "landscape";
  auto land = layout_document(items, p);
  CHECK(land.pages.size() == 7);
  CHECK(land.pages[0].panels[0].index == 1);  // the row header is not a page of its own
  CHECK(land.pages[0].panels[0].box.w + panel_gap == Approx(land.content.w));
  p.orientation = "portrait";
  auto port = layout_document(items, p);
  REQUIRE(port.pages.size() == 3);
  CHECK(port.pages[0].panels.size() == 3);
  CHECK(port.pages[2].panels.size() == 1);
  CHECK(port.pages[0].panels[0].box.w + panel_gap == Approx(port.content.w));
}

TEST_CASE("the header band follows the settings flags", "[layout]") {
  header_flags all;
  header_flags none;
  none.enabled = false;
  header_flags no_range = all;
  no_range.time_range = false;
  header_flags vars = all;
  vars.variables = true;
  CHECK(header_height(none) == 0);
  CHECK(header_height(no_range) < header_height(all));
  CHECK(header_height(vars) > header_height(all));
  layout_params p;
  p.header = none;
  auto doc = layout_document({item(0, 0, 24, 8)}, p);
  CHECK(doc.content.y == Approx(page_margin));
}

TEST_CASE("a row header starts a new page with its panels instead of ending a page alone", "[layout]") {
  layout_params p;
  p.orientation = "landscape";
  auto probe = layout_document({}, p);
  double row = 30 * probe.content.w / 1920;
  int fill = static_cast<int>(probe.content.h / row) - 2;  // leaves room for the row header only
  std::vector<layout_item> items{item(0, 0, 24, fill), item(0, fill, 24, 1, true), item(0, fill + 1, 24, 6)};
  auto doc = layout_document(items, p);
  REQUIRE(doc.pages.size() == 2);
  REQUIRE(doc.pages[1].panels.size() == 2);
  CHECK(doc.pages[1].panels[0].index == 1);
  CHECK(doc.pages[1].panels[1].index == 2);
}
