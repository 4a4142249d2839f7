#include "features/forum/text.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "util/strings.hpp"

namespace cityskills::forum {
namespace {

constexpr std::size_t kHandleMax = 30;

// Reads the code point at s[i] (advancing i); invalid UTF-8 reads as a negative value.
UChar32 next_code_point(std::string_view s, std::size_t& i) {
  UChar32 c;
  auto at = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), at, static_cast<int32_t>(s.size()), c);
  i = static_cast<std::size_t>(at);
  return c;
}

void append_lower(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, u_tolower(c));
  out.append(buf, static_cast<std::size_t>(n));
}

bool handle_letter(UChar32 c) { return c >= 0 && u_isalnum(c); }
bool handle_char(UChar32 c) { return handle_letter(c) || c == '.' || c == '_' || c == '-'; }

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

std::string trim_dots(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == '-' || s.back() == '_')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && (s[start] == '.' || s[start] == '-' || s[start] == '_')) ++start;
  return s.substr(start);
}

}  // namespace

std::string make_handle(std::string_view display_name) {
  std::string out;
  for (std::size_t i = 0; i < display_name.size();) {
    auto c = next_code_point(display_name, i);
    if (handle_letter(c)) append_lower(out, c);
    else if (!out.empty() && out.back() != '.') out += '.';
  }
  out = trim_dots(cut_utf8(out, kHandleMax));
  return out.empty() ? "user" : out;
}

std::vector<std::string> find_mentions(std::string_view markdown) {
  std::vector<std::string> out;
  bool fenced = false;
  for (auto line : util::split(markdown, '\n')) {
    auto t = util::trim(line);
    if (t.starts_with("```") || t.starts_with("~~~")) {
      fenced = !fenced;
      continue;
    }
    if (fenced || t.starts_with(">")) continue;
    bool code = false, after_handle_char = false;
    for (std::size_t i = 0; i < line.size();) {
      auto c = next_code_point(line, i);
      if (c == '`') code = !code;
      // Not part of an e-mail address or a word: "a@b.org" mentions nobody.
      if (code || c != '@' || after_handle_char) {
        after_handle_char = handle_char(c);
        continue;
      }
      std::string h;
      for (std::size_t j = i; j < line.size();) {
        auto d = next_code_point(line, j);
        if (!handle_char(d)) break;
        append_lower(h, d);
        i = j;
      }
      h = trim_dots(h);
      if (!h.empty() && h.size() <= kHandleMax && std::find(out.begin(), out.end(), h) == out.end()) out.push_back(std::move(h));
      after_handle_char = true;
    }
  }
  return out;
}

std::size_t count_links(std::string_view markdown) {
  std::size_t n = 0;
  for (auto at = markdown.find("://"); at != std::string_view::npos; at = markdown.find("://", at + 3)) ++n;
  return n;
}

std::string quote(std::string_view author_name, std::string_view wrote, std::int64_t post_id,
                  std::string_view markdown) {
  constexpr std::size_t kQuoteMax = 4000;  // bytes of the quoted text; the rest is elided
  std::string name;
  for (char c : author_name) {
    if (std::string_view("\\`*_[]<>~").find(c) != std::string_view::npos) name += '\\';
    name += c;
  }
  std::string body = cut_utf8(std::string(markdown), kQuoteMax);
  if (body.size() < markdown.size()) body += " …";
  std::string out = "> **" + name + "** [" + std::string(wrote) + "](/forum/p/" + std::to_string(post_id) + "):\n>\n";
  for (auto line : util::split(body, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += line.empty() ? ">\n" : "> " + std::string(line) + "\n";
  }
  return out + "\n";
}

}  // namespace cityskills::forum
