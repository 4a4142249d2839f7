#include "features/catalog/vtt.hpp"

#include <cstdio>
#include <optional>
#include <utility>

#include "util/strings.hpp"

namespace cityskills::catalog::vtt {
namespace {

// "hh:mm:ss.ttt" or "mm:ss.ttt".
std::optional<double> timestamp(std::string_view s) {
  int parts[3] = {0, 0, 0};
  int n = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i - start > 4 || n == 3) return std::nullopt;
    parts[n++] = std::stoi(std::string(s.substr(start, i - start)));
    if (i < s.size() && s[i] == ':') {
      ++i;
      continue;
    }
    break;
  }
  if (n < 2 || i >= s.size() || s[i] != '.' || s.size() - i != 4) return std::nullopt;
  for (std::size_t k = i + 1; k < s.size(); ++k)
    if (s[k] < '0' || s[k] > '9') return std::nullopt;
  int ms = std::stoi(std::string(s.substr(i + 1)));
  int h = n == 3 ? parts[0] : 0, m = n == 3 ? parts[1] : parts[0], sec = n == 3 ? parts[2] : parts[1];
  if (m > 59 || sec > 59) return std::nullopt;
  return h * 3600.0 + m * 60.0 + sec + ms / 1000.0;
}

// Tags and entities in one pass, as the WebVTT cue text tokenizer reads them: an entity is
// only what the author typed as one ("&l<i>t;" is the text "&lt;", not "<"), and a '>'
// outside a tag is text.
std::string strip_tags(std::string_view s) {
  // The few entities WebVTT allows.
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "}, {"&amp;", "&"}};
  std::string out;
  bool in_tag = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (in_tag) {
      in_tag = ch != '>';
      continue;
    }
    if (ch == '<') {
      in_tag = true;
      continue;
    }
    bool entity = false;
    if (ch == '&')
      for (auto [from, to] : kEntities)
        if (s.substr(i).starts_with(from)) {
          out += to;
          i += from.size() - 1;
          entity = true;
          break;
        }
    if (!entity) out += ch;
  }
  return out;
}

}  // namespace

File parse(std::string_view text) {
  File f;
  if (text.size() > kMaxBytes) return {false, "catalog.vtt.too_large", 0, {}};
  if (!util::valid_utf8(text) || text.find('\0') != std::string_view::npos) return {false, "catalog.vtt.encoding", 0, {}};
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string normalised;
  normalised.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      normalised += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      normalised += text[i];
    }
  }
  auto lines = util::split(normalised, '\n');
  if (lines.empty() || !(lines[0] == "WEBVTT" || lines[0].starts_with("WEBVTT ") || lines[0].starts_with("WEBVTT\t")))
    return {false, "catalog.vtt.signature", 1, {}};
  std::size_t i = 1;
  while (i < lines.size()) {
    if (util::trim(lines[i]).empty()) {
      ++i;
      continue;
    }
    // A block: NOTE/STYLE/REGION, or a cue with an optional identifier line.
    auto first = lines[i];
    if (first.starts_with("NOTE") || first.starts_with("STYLE") || first.starts_with("REGION")) {
      while (i < lines.size() && !util::trim(lines[i]).empty()) ++i;
      continue;
    }
    std::size_t timing = first.find("-->") != std::string_view::npos ? i : i + 1;
    if (timing >= lines.size() || lines[timing].find("-->") == std::string_view::npos)
      return {false, "catalog.vtt.timing", static_cast<int>(timing + 1), {}};
    auto tl = lines[timing];
    auto arrow = tl.find("-->");
    auto start = timestamp(util::trim(tl.substr(0, arrow)));
    auto rest = util::trim(tl.substr(arrow + 3));
    auto end = timestamp(rest.substr(0, rest.find_first_of(" \t")));
    if (!start || !end || *end <= *start) return {false, "catalog.vtt.timing", static_cast<int>(timing + 1), {}};
    Cue cue{*start, *end, {}};
    i = timing + 1;
    while (i < lines.size() && !util::trim(lines[i]).empty()) {
      if (!cue.text.empty()) cue.text += ' ';
      cue.text += strip_tags(lines[i]);
      ++i;
    }
    f.cues.push_back(std::move(cue));
    if (f.cues.size() > kMaxCues) return {false, "catalog.vtt.too_large", 0, {}};
  }
  f.ok = true;
  return f;
}

std::string clock(double seconds) {
  auto t = static_cast<long>(seconds < 0 ? 0 : seconds);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

}  // namespace cityskills::catalog::vtt
