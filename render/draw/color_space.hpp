#pragma once
// RGB <-> HSL, as tinycolor (Grafana's colour library) converts them: the one conversion the
// stat gradients, colour shades and hue spins share.
#include "render/draw/geometry.hpp"

namespace reportd::render {

struct hsl {
  double h = 0;  // degrees, 0..360
  double s = 0;  // 0..1
  double l = 0;  // 0..1
};

hsl to_hsl(const rgba& c);
rgba from_hsl(const hsl& x, double alpha);

}  // namespace reportd::render
