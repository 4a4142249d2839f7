// The forum's text rules: handles from display names, finding mentions, counting links and
// quoting.
#include <gtest/gtest.h>

#include "features/forum/text.hpp"

namespace cityskills::forum {

TEST(ForumText, HandlesComeFromDisplayNames) {
  EXPECT_EQ(make_handle("Anna Rossi"), "anna.rossi");
  EXPECT_EQ(make_handle("  Jonas  Weber-Schmidt "), "jonas.weber.schmidt");
  EXPECT_EQ(make_handle("Åsa Öberg"), "åsa.öberg");
  EXPECT_EQ(make_handle("<script>"), "script");
  EXPECT_EQ(make_handle("!!!"), "user");
  EXPECT_EQ(make_handle(""), "user");
  auto longest = make_handle(std::string(40, 'a') + " b");
  EXPECT_EQ(longest.size(), 30u);
  // Cutting never splits a multi-byte letter.
  auto cut = make_handle(std::string(29, 'a') + "ä");
  EXPECT_EQ(cut, std::string(29, 'a'));
}

TEST(ForumText, MentionsSkipQuotesCodeAndAddresses) {
  auto m = find_mentions("Hi @Anna.Rossi and @jonas, also @anna.rossi.\n"
                         "> @quoted.person wrote\n"
                         "mail me at someone@example.org or `@in.code`\n"
                         "```\n@fenced\n```\n"
                         "(@paren) @");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], "anna.rossi");
  EXPECT_EQ(m[1], "jonas");
  EXPECT_EQ(m[2], "paren");
  EXPECT_TRUE(find_mentions("no mentions here").empty());
  ASSERT_EQ(find_mentions("Tack @ÅSA.Öberg!").size(), 1u);
  EXPECT_EQ(find_mentions("Tack @ÅSA.Öberg!")[0], make_handle("Åsa Öberg"));
  EXPECT_EQ(find_mentions("@" + std::string(31, 'x')).size(), 0u);  // longer than any handle
}

TEST(ForumText, LinksAreCounted) {
  EXPECT_EQ(count_links("see https://a.example and [b](http://b.example) and <https://c.example>"), 3u);
  EXPECT_EQ(count_links("no links, just text: a/b"), 0u);
}

TEST(ForumText, QuoteIsAnAttributedBlockquote) {
  EXPECT_EQ(quote("Anna *Rossi*", "wrote", 7, "First line\r\n\r\nSecond"),
            "> **Anna \\*Rossi\\*** [wrote](/forum/p/7):\n>\n> First line\n>\n> Second\n\n");
  auto long_quote = quote("A", "wrote", 1, std::string(5000, 'x'));
  EXPECT_LT(long_quote.size(), 4100u);
  EXPECT_NE(long_quote.find("…"), std::string::npos);
}

}  // namespace cityskills::forum
