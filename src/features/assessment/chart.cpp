#include "features/assessment/chart.hpp"

#include <cmath>
#include <cstdio>

#include "util/strings.hpp"

namespace cityskills::assessment {
namespace {

constexpr double kCentre = 180, kRadius = 120, kPi = 3.14159265358979323846;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Axis i of n starts at the top and goes clockwise.
std::pair<double, double> at(std::size_t i, std::size_t n, double r) {
  double angle = -kPi / 2 + 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
  return {kCentre + r * std::cos(angle), kCentre + r * std::sin(angle)};
}

std::string polygon(std::size_t n, double r) {
  std::string pts;
  for (std::size_t i = 0; i < n; ++i) {
    auto [x, y] = at(i, n, r);
    pts += (i ? " " : "") + num(x) + "," + num(y);
  }
  return pts;
}

}  // namespace

std::string radar_svg(const std::vector<RadarAxis>& axes, const std::string& title, const std::string& desc) {
  auto n = axes.size();
  std::string s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 360\" width=\"360\" height=\"360\" role=\"img\" "
      "aria-labelledby=\"radar-title radar-desc\" class=\"cs-radar\">"
      "<title id=\"radar-title\">" + util::html_escape(title) + "</title><desc id=\"radar-desc\">" +
      util::html_escape(desc) + "</desc>";
  if (n < 3) return s + "</svg>";  // a radar needs three axes; the table carries the figures
  // One ring per band boundary: levels 2, 4, 6 and 8.
  for (int level = 2; level <= 8; level += 2)
    s += "<polygon points=\"" + polygon(n, kRadius * level / 8) + "\" fill=\"none\" stroke=\"#8a8a8a\" stroke-width=\"1\"/>";
  for (std::size_t i = 0; i < n; ++i) {
    auto [x, y] = at(i, n, kRadius);
    s += "<line x1=\"180\" y1=\"180\" x2=\"" + num(x) + "\" y2=\"" + num(y) + "\" stroke=\"#8a8a8a\" stroke-width=\"1\"/>";
  }
  std::string pts;
  for (std::size_t i = 0; i < n; ++i) {
    auto [x, y] = at(i, n, kRadius * axes[i].level / 8);
    pts += (i ? " " : "") + num(x) + "," + num(y);
  }
  s += "<polygon points=\"" + pts + "\" fill=\"#0066cc\" fill-opacity=\"0.3\" stroke=\"#004d99\" stroke-width=\"3\"/>";
  for (std::size_t i = 0; i < n; ++i) {
    auto [x, y] = at(i, n, kRadius * axes[i].level / 8);
    s += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"5\" fill=\"#004d99\"/>";
    auto [lx, ly] = at(i, n, kRadius + 26);
    s += "<text x=\"" + num(lx) + "\" y=\"" + num(ly + 6) + "\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\" "
         "fill=\"#1a1a1a\">" + util::html_escape(axes[i].label) + "</text>";
  }
  return s + "</svg>";
}

}  // namespace cityskills::assessment
