#pragma once
// Markdown (CommonMark + tables + strikethrough, via md4c) rendered to safe HTML: raw HTML is
// never emitted (it shows as text), links and images keep only http(s), mailto and
// same-site URLs, headings start at <h2> (the page owns <h1>).
#include <string>
#include <string_view>

namespace cityskills::view {

struct MarkdownResult {
  std::string html;
  bool removed_links = false;  // a link or image with a forbidden URL was dropped
  bool had_html = false;       // raw HTML was typed; it is shown as text
  bool too_deep = false;       // quotes or lists nested beyond the limit were flattened
};

inline constexpr std::size_t kMarkdownMax = 64 * 1024;

MarkdownResult render_markdown(std::string_view markdown);
// The text of a Markdown document without markup, for summaries and feeds. Inline markup
// (emphasis, links, code) leaves nothing behind; the end of a block (paragraph, heading, list
// item, quote) leaves a space, or a line break when `keep_lines` (the search index's snippets
// show where blocks end).
std::string markdown_plain_text(std::string_view markdown, std::size_t max_chars, bool keep_lines = false);

}  // namespace cityskills::view
