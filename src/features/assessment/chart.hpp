#pragma once
// The result's radar chart as server-rendered SVG (no script), with a text alternative.
#include <string>
#include <vector>

namespace cityskills::assessment {

struct RadarAxis {
  std::string label;  // short, e.g. the area's code
  int level = 0;      // 0-8
};

// An SVG with role="img", a <title> and a <desc> (the figures in words); every text escaped.
std::string radar_svg(const std::vector<RadarAxis>& axes, const std::string& title, const std::string& desc);

}  // namespace cityskills::assessment
