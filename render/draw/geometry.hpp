#pragma once
// Plain geometry and colour values shared by layout and drawing code.
namespace reportd::render {

struct rect {
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
  rect inset(double d) const { return {x + d, y + d, w - 2 * d, h - 2 * d}; }
};

struct rgba {
  double r = 0;
  double g = 0;
  double b = 0;
  double a = 1;
};

}  // namespace reportd::render
