#pragma once
// Pictures drawn on this machine for demo content, so the sample city needs nothing from
// outside: a card (a symbol in a white disc over a town's rooftops, on a colour) and an SVG
// drawn as PNG (the city's crest for the logo slot). Both are made by ffmpeg and cached by a
// hash of what shapes them, so a second seed reads them back.
#include <optional>
#include <string>
#include <string_view>

namespace cityskills::media::illustration {

// $XDG_CACHE_HOME/cityskills/NAME, else ~/.cache/cityskills/NAME, else DATA_DIR/cache/NAME.
std::string cache_dir(const std::string& data_dir, const std::string& name);

struct Card {
  std::string symbol;  // one character DejaVu Sans draws (e.g. U+2709 envelope)
  std::string colour;  // background, "#rrggbb"
};
inline constexpr int kCardWidth = 960, kCardHeight = 540;
// The PNG of `card`, from `cache` (when not empty) or made now; nullopt when ffmpeg is missing
// or fails, or the colour is not "#rrggbb".
std::optional<std::string> card_png(const Card& card, const std::string& cache);
// The PNG of an SVG drawn `height` pixels high (ffmpeg's librsvg decoder); nullopt when
// ffmpeg cannot read SVG.
std::optional<std::string> svg_png(std::string_view svg, int height, const std::string& cache);

}  // namespace cityskills::media::illustration
