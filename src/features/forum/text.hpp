#pragma once
// Text rules of the forum: handles for @mentions, finding mentions in a post, counting its
// links (spam), and quoting a post as a Markdown blockquote.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::forum {

// A handle from a display name: letters and digits lower-cased (any script), runs of
// anything else become one '.'; "Anna Rossi" -> "anna.rossi", "Åsa Öberg" -> "åsa.öberg".
// At most 30 bytes, never empty.
std::string make_handle(std::string_view display_name);
// The distinct handles mentioned with @handle (lower-cased, so "@Anna.Rossi" finds
// "anna.rossi"), in order of first appearance.
// Quoted lines, code spans and fenced code do not mention anyone: quoting a post does not
// notify again the people it mentioned.
std::vector<std::string> find_mentions(std::string_view markdown);
// Links a post carries (anything with "://", in Markdown links and bare).
std::size_t count_links(std::string_view markdown);
// "> **Name** [wrote](/forum/p/ID):" (`wrote` translated) followed by the post quoted line by line.
std::string quote(std::string_view author_name, std::string_view wrote, std::int64_t post_id,
                  std::string_view markdown);

}  // namespace cityskills::forum
