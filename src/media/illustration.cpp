#include "media/illustration.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/crypto.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

namespace cityskills::media::illustration {
namespace {

namespace fs = std::filesystem;

// Bump when the drawing changes, so cached pictures are made again.
constexpr const char* kGenerator = "illustration-v1";
constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

void write_all(const fs::path& p, std::string_view data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

bool is_colour(std::string_view c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (char ch : c.substr(1))
    if (!std::isxdigit(static_cast<unsigned char>(ch))) return false;
  return true;
}

// A scratch folder of its own for one drawing (seeds may run side by side).
fs::path scratch(const std::string& key) {
  static std::atomic<int> n{0};
  auto dir = fs::temp_directory_path() /
             ("cityskills-picture-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + "-" + key.substr(0, 12));
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir;
}

// Reads the cached picture named by `key`, or runs `make` (which writes out.png in a scratch
// folder) and caches what it made.
template <class Make>
std::optional<std::string> cached(const std::string& cache, const std::string& key, Make make) {
  std::error_code ec;
  auto file = fs::path(cache) / (key + ".png");
  if (!cache.empty() && fs::exists(file, ec)) {
    auto bytes = util::read_file(file).value_or("");
    if (bytes.starts_with("\x89PNG")) return bytes;
  }
  auto dir = scratch(key);
  std::optional<std::string> made;
  if (make(dir) && fs::exists(dir / "out.png", ec)) {
    auto bytes = util::read_file(dir / "out.png").value_or("");
    if (bytes.starts_with("\x89PNG")) made = std::move(bytes);
  }
  fs::remove_all(dir, ec);
  if (made && !cache.empty()) {
    fs::create_directories(cache, ec);
    // Written under a temporary name and renamed, so a concurrent seed never reads half a file.
    auto tmp = fs::path(cache) / (key + "." + std::to_string(::getpid()) + ".tmp");
    write_all(tmp, *made);
    fs::rename(tmp, file, ec);
  }
  return made;
}

// Rooftops of a small town along the bottom, their widths and heights taken from `seed` so
// that each card's skyline differs; a few lit windows in each.
std::string skyline(const std::string& seed) {
  std::string f;
  int x = 0, i = 0;
  while (x < kCardWidth) {
    auto b = static_cast<unsigned char>(seed[static_cast<std::size_t>(i++) % seed.size()]);
    int w = 56 + (b % 5) * 14, h = 120 + (b / 5 % 9) * 20;
    f += ",drawbox=x=" + std::to_string(x) + ":y=" + std::to_string(kCardHeight - h) + ":w=" + std::to_string(w - 8) +
         ":h=" + std::to_string(h) + ":color=black@0.22:t=fill";
    for (int y = kCardHeight - h + 16; y + 16 < kCardHeight; y += 36)
      f += ",drawbox=x=" + std::to_string(x + 10) + ":y=" + std::to_string(y) + ":w=12:h=16:color=white@0.30:t=fill";
    x += w;
  }
  return f;
}

}  // namespace

std::string cache_dir(const std::string& data_dir, const std::string& name) {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "cityskills" / name).string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "cityskills" / name).string();
  return (fs::path(data_dir) / "cache" / name).string();
}

std::optional<std::string> card_png(const Card& card, const std::string& cache) {
  if (!is_colour(card.colour) || card.symbol.empty() || card.symbol.size() > 8) return std::nullopt;
  auto key = crypto::sha256_hex(std::string(kGenerator) + "\ncard\n" + card.symbol + "\n" + card.colour);
  return cached(cache, key, [&](const fs::path& dir) {
    // The texts go through files, so no character in them needs escaping.
    write_all(dir / "disc.txt", "\xE2\x97\x8F");  // U+25CF black circle, drawn white
    write_all(dir / "symbol.txt", card.symbol);
    auto colour = "0x" + card.colour.substr(1);
    auto font = std::string("fontfile=") + kFont;
    auto filter = "drawbox=x=0:y=" + std::to_string(kCardHeight - 6) + ":w=iw:h=6:color=black@0.3:t=fill" +
                  skyline(key) + ",drawtext=" + font + ":textfile=" + (dir / "disc.txt").string() +
                  ":expansion=none:fontsize=420:fontcolor=white:x=(w-tw)/2:y=(h-th)/2-70,drawtext=" + font +
                  ":textfile=" + (dir / "symbol.txt").string() + ":expansion=none:fontsize=170:fontcolor=" + colour +
                  ":x=(w-tw)/2:y=(h-th)/2-60";
    return util::run_process({"ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                              "color=c=" + colour + ":s=" + std::to_string(kCardWidth) + "x" + std::to_string(kCardHeight),
                              "-vf", filter, "-frames:v", "1", (dir / "out.png").string()})
               .status == 0;
  });
}

std::optional<std::string> svg_png(std::string_view svg, int height, const std::string& cache) {
  if (svg.empty() || height < 16 || height > 2048) return std::nullopt;
  auto key = crypto::sha256_hex(std::string(kGenerator) + "\nsvg\n" + std::to_string(height) + "\n" + std::string(svg));
  return cached(cache, key, [&](const fs::path& dir) {
    write_all(dir / "in.svg", svg);
    return util::run_process({"ffmpeg", "-nostdin", "-y", "-v", "error", "-height", std::to_string(height), "-keep_ar",
                              "1", "-f", "svg_pipe", "-i", (dir / "in.svg").string(), "-frames:v", "1", "-pix_fmt",
                              "rgba", (dir / "out.png").string()})
               .status == 0;
  });
}

}  // namespace cityskills::media::illustration
