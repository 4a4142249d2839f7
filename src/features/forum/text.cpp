#include "features/forum/text.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace cityskills::forum {
namespace {

constexpr std::size_t kHandleMax = 30;

bool ascii_alnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool handle_byte(unsigned char c) { return ascii_alnum(c) || c == '.' || c == '_' || c == '-' || c >= 0x80; }
char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c); }

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
  for (unsigned char c : display_name) {
    if (ascii_alnum(c) || c >= 0x80) out += lower(c);
    else if (!out.empty() && out.back() != '.') out += '.';
  }
  out = trim_dots(cut_utf8(out, kHandleMax));
  if (!util::valid_utf8(out)) out.clear();
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
    bool code = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      unsigned char c = line[i];
      if (c == '`') code = !code;
      if (code || c != '@') continue;
      // Not part of an e-mail address or a word: "a@b.org" mentions nobody.
      if (i > 0 && handle_byte(static_cast<unsigned char>(line[i - 1]))) continue;
      std::size_t j = i + 1;
      std::string h;
      while (j < line.size() && handle_byte(static_cast<unsigned char>(line[j]))) h += lower(line[j++]);
      h = trim_dots(h);
      if (!h.empty() && h.size() <= kHandleMax && util::valid_utf8(h) &&
          std::find(out.begin(), out.end(), h) == out.end())
        out.push_back(h);
      i = j - 1;
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
