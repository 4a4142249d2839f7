#include "features/catalog/slides.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "features/catalog/video.hpp"
#include "util/crypto.hpp"
#include "util/files.hpp"

namespace cityskills::catalog::slides {
namespace {

namespace fs = std::filesystem;

// Bump when the drawing or the timing changes, so cached videos are made again.
constexpr const char* kGenerator = "slides-v2";
// Two frames a second: a slide is planned 0.3 s before its first sentence and changes at most
// 0.25 s off that moment, so always after the previous sentence ends and before its own starts.
constexpr int kFps = 2, kWidth = 1280, kHeight = 720;
constexpr double kLead = 0.6, kGap = 0.45, kSlideGap = 0.5, kTail = 1.2;
constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

void write_all(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Greedy word wrap by character count (UTF-8 aware).
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line, word;
  std::istringstream in(text);
  while (in >> word) {
    if (!line.empty() && chars(line) + 1 + chars(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string stamp(double t) {
  auto ms = static_cast<long long>(std::llround(t * 1000));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
  return buf;
}

struct Pcm {
  int rate = 0;
  std::vector<std::int16_t> samples;
};

// The 16-bit mono PCM of a WAV file as espeak-ng writes it.
std::optional<Pcm> read_wav(const std::string& bytes) {
  if (bytes.size() < 12 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 4, "WAVE") != 0) return std::nullopt;
  auto u32 = [&](std::size_t at) {
    std::uint32_t v;
    std::memcpy(&v, bytes.data() + at, 4);
    return v;
  };
  auto u16 = [&](std::size_t at) {
    std::uint16_t v;
    std::memcpy(&v, bytes.data() + at, 2);
    return v;
  };
  Pcm pcm;
  bool mono16 = false;
  for (std::size_t at = 12; at + 8 <= bytes.size();) {
    auto id = bytes.substr(at, 4);
    std::size_t size = u32(at + 4), body = at + 8;
    // espeak-ng writes a streaming header: the data size may be 0 or too large.
    if (id == "data") size = std::min<std::size_t>(size == 0 ? bytes.size() : size, bytes.size() - body);
    if (body + size > bytes.size()) return std::nullopt;
    if (id == "fmt " && size >= 16) {
      mono16 = u16(body) == 1 && u16(body + 2) == 1 && u16(body + 14) == 16;
      pcm.rate = static_cast<int>(u32(body + 4));
    }
    if (id == "data") {
      if (!mono16 || pcm.rate <= 0) return std::nullopt;
      pcm.samples.resize(size / 2);
      std::memcpy(pcm.samples.data(), bytes.data() + body, pcm.samples.size() * 2);
      return pcm;
    }
    at = body + size + (size & 1);
  }
  return std::nullopt;
}

std::string wav_bytes(const Pcm& pcm) {
  auto data = static_cast<std::uint32_t>(pcm.samples.size() * 2);
  std::string out = "RIFF";
  auto put32 = [&](std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  auto put16 = [&](std::uint16_t v) { out.append(reinterpret_cast<const char*>(&v), 2); };
  put32(36 + data);
  out += "WAVEfmt ";
  put32(16);
  put16(1);
  put16(1);
  put32(static_cast<std::uint32_t>(pcm.rate));
  put32(static_cast<std::uint32_t>(pcm.rate * 2));
  put16(2);
  put16(16);
  out += "data";
  put32(data);
  out.append(reinterpret_cast<const char*>(pcm.samples.data()), data);
  return out;
}

std::string font(const char* path, const char* fallback) {
  return fs::exists(path) ? std::string("fontfile=") + path : std::string("font=") + fallback;
}

// The drawing of one slide as a chain of ffmpeg filters; texts go through files, so no
// character in them needs escaping.
std::string draw(const demo::Slide& s, std::size_t index, std::size_t count, const fs::path& dir) {
  const auto regular = font(kFont, "DejaVu Sans"), bold = font(kBold, "DejaVu Sans:style=Bold");
  int n = 0;
  auto text = [&](const std::string& t) {
    auto p = dir / ("t" + std::to_string(index) + "_" + std::to_string(n++) + ".txt");
    write_all(p, t);
    return "textfile=" + p.string() + ":expansion=none";
  };
  std::string f = "drawbox=x=0:y=0:w=iw:h=124:color=0x0B4F8A:t=fill,drawbox=x=0:y=" + std::to_string(kHeight - 10) +
                  ":w=iw:h=10:color=0x0B4F8A:t=fill";
  int title_size = chars(s.title) > 40 ? 38 : 46;
  f += ",drawtext=" + bold + ":" + text(s.title) + ":fontcolor=white:fontsize=" + std::to_string(title_size) +
       ":x=70:y=(124-th)/2";
  f += ",drawtext=" + regular + ":" + text(std::to_string(index + 1) + " / " + std::to_string(count)) +
       ":fontcolor=0x5C6F82:fontsize=22:x=w-tw-40:y=h-48";
  int y = 172;
  for (const auto& b : s.bullets) {
    auto lines = wrap(b, s.flow.empty() ? 50 : 56);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i == 0) f += ",drawbox=x=82:y=" + std::to_string(y + 14) + ":w=12:h=12:color=0x0B4F8A:t=fill";
      f += ",drawtext=" + regular + ":" + text(lines[i]) + ":fontcolor=0x17324D:fontsize=" +
           std::to_string(s.flow.empty() ? 36 : 32) + ":x=112:y=" + std::to_string(y);
      y += s.flow.empty() ? 48 : 42;
    }
    y += 16;
  }
  if (!s.flow.empty()) {
    const int boxes = static_cast<int>(s.flow.size()), arrow = 64, left = 80, top = std::max(y + 10, 440), h = 150;
    const int w = (kWidth - 2 * left - (boxes - 1) * arrow) / boxes;
    for (int i = 0; i < boxes; ++i) {
      int x = left + i * (w + arrow);
      f += ",drawbox=x=" + std::to_string(x) + ":y=" + std::to_string(top) + ":w=" + std::to_string(w) +
           ":h=" + std::to_string(h) + ":color=0xE3EDF7:t=fill";
      f += ",drawbox=x=" + std::to_string(x) + ":y=" + std::to_string(top) + ":w=" + std::to_string(w) +
           ":h=" + std::to_string(h) + ":color=0x0B4F8A:t=4";
      auto lines = wrap(s.flow[static_cast<std::size_t>(i)], static_cast<std::size_t>(std::max(6, (w - 24) / 15)));
      int ly = top + (h - static_cast<int>(lines.size()) * 34) / 2;
      for (const auto& line : lines) {
        f += ",drawtext=" + bold + ":" + text(line) + ":fontcolor=0x0B4F8A:fontsize=26:x=" + std::to_string(x) + "+(" +
             std::to_string(w) + "-tw)/2:y=" + std::to_string(ly);
        ly += 34;
      }
      if (i + 1 < boxes)
        f += ",drawtext=" + bold + ":" + text("\xE2\x86\x92") + ":fontcolor=0x0B4F8A:fontsize=44:x=" +
             std::to_string(x + w + 10) + ":y=" + std::to_string(top + h / 2 - 26);
    }
  }
  return f;
}

std::string voice(const std::string& lang) { return lang == "en" ? "en-gb" : lang; }

std::optional<Video> make(const std::vector<demo::Slide>& deck, const std::string& lang, const fs::path& dir) {
  Pcm all;
  std::vector<double> slide_start;
  std::string vtt = "WEBVTT\n\n";
  int cue = 0;
  auto silence = [&](double seconds) { all.samples.insert(all.samples.end(), static_cast<std::size_t>(seconds * all.rate), 0); };
  for (std::size_t i = 0; i < deck.size(); ++i) {
    for (std::size_t j = 0; j < deck[i].say.size(); ++j) {
      auto wav = dir / ("s" + std::to_string(i) + "_" + std::to_string(j) + ".wav");
      if (video::run({"espeak-ng", "-v", voice(lang), "-s", "145", "-w", wav.string(), deck[i].say[j]}).status != 0)
        return std::nullopt;
      auto pcm = read_wav(util::read_file(wav).value_or(""));
      if (!pcm || (all.rate != 0 && pcm->rate != all.rate)) return std::nullopt;
      if (all.rate == 0) {
        all.rate = pcm->rate;
        silence(kLead);
      }
      if (j == 0) {
        if (i > 0) silence(kSlideGap);
        slide_start.push_back(i == 0 ? 0.0 : static_cast<double>(all.samples.size()) / all.rate - 0.3);
      }
      double from = static_cast<double>(all.samples.size()) / all.rate;
      all.samples.insert(all.samples.end(), pcm->samples.begin(), pcm->samples.end());
      double to = static_cast<double>(all.samples.size()) / all.rate;
      vtt += std::to_string(++cue) + "\n" + stamp(from) + " --> " + stamp(to) + "\n" + deck[i].say[j] + "\n\n";
      silence(kGap);
    }
  }
  if (all.rate == 0) return std::nullopt;
  silence(kTail);
  // Slides change on frame boundaries; the sound is cut to the same length.
  auto frames = [](double t) { return static_cast<long>(std::llround(t * kFps)); };
  long total = frames(static_cast<double>(all.samples.size()) / all.rate);
  all.samples.resize(static_cast<std::size_t>(total * all.rate / kFps), 0);
  write_all(dir / "narration.wav", wav_bytes(all));

  // Each slide is drawn once (a one-frame source) and its frame repeated for the slide's length
  // (tpad clones it), so drawing costs one frame per slide rather than one per frame shown.
  std::vector<std::string> args{"ffmpeg", "-nostdin", "-y", "-v", "error"};
  std::string filter, keys;
  char one_frame[32];
  std::snprintf(one_frame, sizeof one_frame, "%.3f", 1.0 / kFps);
  for (std::size_t i = 0; i < deck.size(); ++i) {
    long from = frames(slide_start[i]), to = i + 1 < deck.size() ? frames(slide_start[i + 1]) : total;
    args.insert(args.end(), {"-f", "lavfi", "-i",
                             "color=c=0xF5F7FA:s=" + std::to_string(kWidth) + "x" + std::to_string(kHeight) +
                                 ":r=" + std::to_string(kFps) + ":d=" + one_frame});
    filter += "[" + std::to_string(i) + ":v]" + draw(deck[i], i, deck.size(), dir) +
              ",tpad=stop_mode=clone:stop=" + std::to_string(std::max(0L, to - from - 1)) + "[v" + std::to_string(i) + "];";
    // A key frame where each slide starts, so seeking to a slide shows it at once.
    char at[32];
    std::snprintf(at, sizeof at, "%.3f", static_cast<double>(from) / kFps);
    keys += (i == 0 ? "" : ",") + std::string(at);
  }
  for (std::size_t i = 0; i < deck.size(); ++i) filter += "[v" + std::to_string(i) + "]";
  filter += "concat=n=" + std::to_string(deck.size()) + ":v=1:a=0[v]";
  auto out = dir / "video.mp4";
  // One encoder thread: the seed already makes one video per core. The "fast" AAC coder is
  // five times cheaper than the default on speech, at no loss (it measured closer to the
  // source, 25 dB against 16 dB signal-to-noise, at the same bit rate).
  args.insert(args.end(), {"-i", (dir / "narration.wav").string(), "-filter_complex", filter, "-map", "[v]", "-map",
                           std::to_string(deck.size()) + ":a", "-c:v", "libx264", "-threads", "1", "-preset",
                           "veryfast", "-tune", "stillimage", "-crf", "26", "-force_key_frames", keys, "-g",
                           std::to_string(kFps * 20), "-pix_fmt", "yuv420p", "-c:a", "aac", "-aac_coder", "fast",
                           "-b:a", "48k", "-ac", "1", "-movflags", "+faststart", out.string()});
  if (video::run(args).status != 0 || !fs::exists(out)) return std::nullopt;
  return Video{util::read_file(out).value_or(""), vtt, false};
}

}  // namespace

std::string cache_dir(const std::string& data_dir) {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "cityskills" / "demo-videos").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "cityskills" / "demo-videos").string();
  return (fs::path(data_dir) / "cache" / "demo-videos").string();
}

std::optional<Video> narrated(const std::vector<demo::Slide>& deck, const std::string& lang, const std::string& cache,
                              const std::string& work_dir) {
  std::string spec = std::string(kGenerator) + "\n" + lang + "\n";
  for (const auto& s : deck) {
    spec += "#" + s.title + "\n";
    for (const auto* part : {&s.bullets, &s.flow, &s.say}) {
      for (const auto& x : *part) spec += x + "\n";
      spec += "--\n";
    }
  }
  auto key = crypto::sha256_hex(spec);
  std::error_code ec;
  fs::path mp4 = fs::path(cache) / (key + ".mp4"), vtt = fs::path(cache) / (key + ".vtt");
  if (!cache.empty() && fs::exists(mp4, ec) && fs::exists(vtt, ec)) {
    Video v{util::read_file(mp4).value_or(""), util::read_file(vtt).value_or(""), true};
    if (!v.mp4.empty() && v.vtt.starts_with("WEBVTT")) return v;
  }
  fs::create_directories(work_dir, ec);
  auto made = make(deck, lang, work_dir);
  fs::remove_all(work_dir, ec);
  if (made && !cache.empty()) {
    fs::create_directories(cache, ec);
    // Written under a temporary name and renamed, so a concurrent seed never reads half a file.
    auto tmp = fs::path(cache) / (key + "." + std::to_string(::getpid()) + ".tmp");
    write_all(tmp, made->mp4);
    fs::rename(tmp, mp4, ec);
    write_all(tmp, made->vtt);
    fs::rename(tmp, vtt, ec);
  }
  return made;
}

std::string estimated_captions(const std::vector<demo::Slide>& deck) {
  std::string out = "WEBVTT\n\n";
  double t = kLead;
  int cue = 0;
  for (const auto& s : deck)
    for (const auto& line : s.say) {
      double d = std::max(1.5, static_cast<double>(chars(line)) / 14.0);
      out += std::to_string(++cue) + "\n" + stamp(t) + " --> " + stamp(t + d) + "\n" + line + "\n\n";
      t += d + kGap;
    }
  return out;
}

}  // namespace cityskills::catalog::slides
