#include "view/markdown.hpp"

#include <md4c.h>

#include <algorithm>
#include <string>
#include <vector>

#include "util/strings.hpp"

namespace cityskills::view {
namespace {

constexpr unsigned kFlags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS;

void append_codepoint(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes an entity such as "&amp;", "&#39;" or "&#x2014;"; unknown names stay as typed.
std::string decode_entity(std::string_view e) {
  std::string out;
  if (e.size() > 3 && e[1] == '#') {
    bool hex = e[2] == 'x' || e[2] == 'X';
    auto digits = std::string(e.substr(hex ? 3 : 2, e.size() - (hex ? 4 : 3)));
    append_codepoint(out, std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10));
    return out;
  }
  if (e == "&amp;") return "&";
  if (e == "&lt;") return "<";
  if (e == "&gt;") return ">";
  if (e == "&quot;") return "\"";
  if (e == "&apos;") return "'";
  if (e == "&nbsp;") return "\xC2\xA0";
  return std::string(e);
}

std::string attribute(const MD_ATTRIBUTE& a) {
  std::string out;
  for (int i = 0; a.substr_offsets[i] < a.size; ++i) {
    std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
    if (a.substr_types[i] == MD_TEXT_ENTITY) out += decode_entity(part);
    else if (a.substr_types[i] == MD_TEXT_NULLCHAR) out += "\xEF\xBF\xBD";
    else out += part;
  }
  return out;
}

bool safe_url(const std::string& url) {
  for (unsigned char c : url)
    if (c < 0x20 || c == 0x7f) return false;
  auto lower = util::to_lower(url);
  if (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")) return true;
  if (lower.starts_with("#")) return true;
  // Same-site paths only; "//host" would leave the site.
  return lower.starts_with("/") && !lower.starts_with("//") && !lower.starts_with("/\\");
}

constexpr int kMaxDepth = 16;  // nested quotes and lists beyond this are flattened

bool container(MD_BLOCKTYPE t) {
  return t == MD_BLOCK_QUOTE || t == MD_BLOCK_UL || t == MD_BLOCK_OL || t == MD_BLOCK_LI;
}

struct Renderer {
  std::string out;
  int depth = 0;
  MarkdownResult* result = nullptr;
  int image_depth = 0;            // inside ![alt](...): text goes to the alt attribute
  std::string alt;
  std::vector<bool> link_open;    // whether each entered <a> was emitted

  void text(std::string_view s) {
    if (image_depth) alt += s;
    else out += util::html_escape(s);
  }
};

int enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
  auto& r = *static_cast<Renderer*>(userdata);
  if (container(type) && ++r.depth > kMaxDepth) {
    r.result->too_deep = true;
    return 0;
  }
  switch (type) {
    case MD_BLOCK_DOC: break;
    case MD_BLOCK_QUOTE: r.out += "<blockquote>"; break;
    case MD_BLOCK_UL: r.out += "<ul>"; break;
    case MD_BLOCK_OL: {
      auto* d = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
      r.out += d->start == 1 ? "<ol>" : "<ol start=\"" + std::to_string(d->start) + "\">";
      break;
    }
    case MD_BLOCK_LI: r.out += "<li>"; break;
    case MD_BLOCK_HR: r.out += "<hr>"; break;
    case MD_BLOCK_H: {
      auto level = std::min(6u, static_cast<MD_BLOCK_H_DETAIL*>(detail)->level + 1);
      r.out += "<h" + std::to_string(level) + ">";
      break;
    }
    case MD_BLOCK_CODE: r.out += "<pre><code>"; break;
    case MD_BLOCK_HTML: break;
    case MD_BLOCK_P: r.out += "<p>"; break;
    case MD_BLOCK_TABLE: r.out += "<table class=\"table\">"; break;
    case MD_BLOCK_THEAD: r.out += "<thead>"; break;
    case MD_BLOCK_TBODY: r.out += "<tbody>"; break;
    case MD_BLOCK_TR: r.out += "<tr>"; break;
    case MD_BLOCK_TH: r.out += "<th scope=\"col\">"; break;
    case MD_BLOCK_TD: r.out += "<td>"; break;
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
  auto& r = *static_cast<Renderer*>(userdata);
  if (container(type) && r.depth-- > kMaxDepth) return 0;
  switch (type) {
    case MD_BLOCK_DOC: break;
    case MD_BLOCK_QUOTE: r.out += "</blockquote>\n"; break;
    case MD_BLOCK_UL: r.out += "</ul>\n"; break;
    case MD_BLOCK_OL: r.out += "</ol>\n"; break;
    case MD_BLOCK_LI: r.out += "</li>\n"; break;
    case MD_BLOCK_HR: r.out += "\n"; break;
    case MD_BLOCK_H:
      r.out += "</h" + std::to_string(std::min(6u, static_cast<MD_BLOCK_H_DETAIL*>(detail)->level + 1)) + ">\n";
      break;
    case MD_BLOCK_CODE: r.out += "</code></pre>\n"; break;
    case MD_BLOCK_HTML: break;
    case MD_BLOCK_P: r.out += "</p>\n"; break;
    case MD_BLOCK_TABLE: r.out += "</table>\n"; break;
    case MD_BLOCK_THEAD: r.out += "</thead>"; break;
    case MD_BLOCK_TBODY: r.out += "</tbody>"; break;
    case MD_BLOCK_TR: r.out += "</tr>\n"; break;
    case MD_BLOCK_TH: r.out += "</th>"; break;
    case MD_BLOCK_TD: r.out += "</td>"; break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* userdata) {
  auto& r = *static_cast<Renderer*>(userdata);
  if (r.image_depth) {
    if (type == MD_SPAN_IMG) ++r.image_depth;
    return 0;
  }
  switch (type) {
    case MD_SPAN_EM: r.out += "<em>"; break;
    case MD_SPAN_STRONG: r.out += "<strong>"; break;
    case MD_SPAN_DEL: r.out += "<del>"; break;
    case MD_SPAN_CODE: r.out += "<code>"; break;
    case MD_SPAN_A: {
      auto href = attribute(static_cast<MD_SPAN_A_DETAIL*>(detail)->href);
      bool ok = safe_url(href);
      if (!ok) r.result->removed_links = true;
      else {
        bool external = !href.starts_with("/") && !href.starts_with("#");
        r.out += "<a href=\"" + util::html_escape(href) + "\"" + (external ? " rel=\"nofollow noopener\"" : "") + ">";
      }
      r.link_open.push_back(ok);
      break;
    }
    case MD_SPAN_IMG:
      r.image_depth = 1;
      r.alt.clear();
      break;
    default: break;
  }
  return 0;
}

int leave_span(MD_SPANTYPE type, void* detail, void* userdata) {
  auto& r = *static_cast<Renderer*>(userdata);
  if (r.image_depth) {
    if (type != MD_SPAN_IMG) return 0;
    if (--r.image_depth > 0) return 0;
    auto src = attribute(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src);
    if (safe_url(src) && !util::to_lower(src).starts_with("mailto:"))
      r.out += "<img src=\"" + util::html_escape(src) + "\" alt=\"" + util::html_escape(r.alt) + "\" loading=\"lazy\">";
    else
      r.result->removed_links = true;
    return 0;
  }
  switch (type) {
    case MD_SPAN_EM: r.out += "</em>"; break;
    case MD_SPAN_STRONG: r.out += "</strong>"; break;
    case MD_SPAN_DEL: r.out += "</del>"; break;
    case MD_SPAN_CODE: r.out += "</code>"; break;
    case MD_SPAN_A:
      if (!r.link_open.empty()) {
        if (r.link_open.back()) r.out += "</a>";
        r.link_open.pop_back();
      }
      break;
    default: break;
  }
  return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto& r = *static_cast<Renderer*>(userdata);
  std::string_view s(text, size);
  switch (type) {
    case MD_TEXT_NULLCHAR: r.text("\xEF\xBF\xBD"); break;
    case MD_TEXT_BR: if (!r.image_depth) r.out += "<br>\n"; break;
    case MD_TEXT_SOFTBR: r.text("\n"); break;
    case MD_TEXT_ENTITY: r.text(decode_entity(s)); break;
    default: r.text(s); break;
  }
  return 0;
}

// Whether the text holds something a reader would take for an HTML tag: '<', optional white
// space, an optional '/', optional white space, then a letter or '!' ("<b>", "< /p", "<!--").
// One pass over the text; std::regex took a quarter of a second on 64 KiB and recursed on it.
bool looks_like_html(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '!'; };
  for (auto i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    auto j = i + 1;
    while (j < s.size() && space(s[j])) ++j;
    if (j < s.size() && s[j] == '/') {
      ++j;
      while (j < s.size() && space(s[j])) ++j;
    }
    if (j < s.size() && letter(s[j])) return true;
  }
  return false;
}

}  // namespace

MarkdownResult render_markdown(std::string_view markdown) {
  MarkdownResult result;
  result.had_html = looks_like_html(markdown);
  Renderer r;
  r.result = &result;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = kFlags;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = on_text;
  std::string input = util::valid_utf8(markdown) ? std::string(markdown) : std::string();
  md_parse(input.data(), static_cast<MD_SIZE>(input.size()), &parser, &r);
  result.html = std::move(r.out);
  return result;
}

std::string markdown_plain_text(std::string_view markdown, std::size_t max_chars, bool keep_lines) {
  auto html = render_markdown(markdown).html;
  std::string text;
  text.reserve(html.size());
  constexpr char kBlockEnd = '\x1e';  // a control character the renderer never writes
  // Inline elements join the words around them ("**bold**." is "bold."); any other element
  // separates blocks.
  static const std::vector<std::string_view> kInline = {"a", "strong", "em", "code", "del", "span", "img"};
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] != '<') {
      text += html[i++];
      continue;
    }
    auto close = html.find('>', i);
    if (close == std::string::npos) break;
    auto tag = std::string_view(html).substr(i + 1, close - i - 1);
    if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
    tag = tag.substr(0, tag.find_first_of(" /"));
    bool is_inline = std::find(kInline.begin(), kInline.end(), tag) != kInline.end();
    if (!is_inline) text += kBlockEnd;
    i = close + 1;
  }
  // Undo the escaping for plain text, collapse whitespace, cut at a character boundary.
  std::string plain;
  plain.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '&' && text.compare(i, 5, "&amp;") == 0) { plain += '&'; i += 5; }
    else if (text[i] == '&' && text.compare(i, 4, "&lt;") == 0) { plain += '<'; i += 4; }
    else if (text[i] == '&' && text.compare(i, 4, "&gt;") == 0) { plain += '>'; i += 4; }
    else if (text[i] == '&' && text.compare(i, 6, "&quot;") == 0) { plain += '"'; i += 6; }
    else if (text[i] == '&' && text.compare(i, 5, "&#39;") == 0) { plain += '\''; i += 5; }
    else if (keep_lines && text[i] == kBlockEnd) {
      while (!plain.empty() && plain.back() == ' ') plain.pop_back();
      if (!plain.empty() && plain.back() != '\n') plain += '\n';
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == kBlockEnd) {
      if (!plain.empty() && plain.back() != ' ' && plain.back() != '\n') plain += ' ';
      ++i;
    } else plain += text[i++];
  }
  auto trimmed = std::string(util::trim(plain));
  if (util::utf8_length(trimmed) <= max_chars) return trimmed;
  std::size_t chars = 0, i = 0;
  for (; i < trimmed.size() && chars < max_chars; ++i)
    if ((static_cast<unsigned char>(trimmed[i]) & 0xC0) != 0x80) ++chars;
  while (i < trimmed.size() && (static_cast<unsigned char>(trimmed[i]) & 0xC0) == 0x80) ++i;
  return trimmed.substr(0, i) + "…";
}

}  // namespace cityskills::view
