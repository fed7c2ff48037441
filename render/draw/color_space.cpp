#include "render/draw/color_space.hpp"

#include <algorithm>

namespace reportd::render {

hsl to_hsl(const rgba& c) {
  const double mx = std::max({c.r, c.g, c.b}), mn = std::min({c.r, c.g, c.b});
  hsl out{0, 0, (mx + mn) / 2};
  if (mx == mn) return out;
  const double d = mx - mn;
  out.s = out.l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
  if (mx == c.r) out.h = (c.g - c.b) / d + (c.g < c.b ? 6 : 0);
  else if (mx == c.g) out.h = (c.b - c.r) / d + 2;
  else out.h = (c.r - c.g) / d + 4;
  out.h *= 60;
  return out;
}

rgba from_hsl(const hsl& x, double alpha) {
  auto hue = [](double p, double q, double t) {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1.0 / 6) return p + (q - p) * 6 * t;
    if (t < 0.5) return q;
    if (t < 2.0 / 3) return p + (q - p) * (2.0 / 3 - t) * 6;
    return p;
  };
  if (x.s == 0) return {x.l, x.l, x.l, alpha};
  const double q = x.l < 0.5 ? x.l * (1 + x.s) : x.l + x.s - x.l * x.s, p = 2 * x.l - q, h = x.h / 360;
  return {hue(p, q, h + 1.0 / 3), hue(p, q, h), hue(p, q, h - 1.0 / 3), alpha};
}

}  // namespace reportd::render
