#include <gtest/gtest.h>

#include "view/markdown.hpp"

namespace cityskills {
using view::render_markdown;

TEST(Markdown, RendersCommonMarkWithHeadingsBelowThePageTitle) {
  auto r = render_markdown("# Title\n\nSome **bold** and *em* text with `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_NE(r.html.find("<h2>Title</h2>"), std::string::npos);
  EXPECT_NE(r.html.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_NE(r.html.find("<ul>"), std::string::npos);
  EXPECT_NE(r.html.find("<th scope=\"col\">a</th>"), std::string::npos);
  EXPECT_FALSE(r.removed_links);
  EXPECT_FALSE(r.had_html);
}

TEST(Markdown, HostileInputNeverBecomesMarkup) {
  const char* attacks[] = {
      "<script>alert(1)</script>",
      "<iframe src=\"https://evil.example\"></iframe>",
      "<img src=x onerror=alert(1)>",
      "<style>body{display:none}</style>",
      "<svg onload=alert(1)>",
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](vbscript:msgbox(1))",
      "[click](data:text/html;base64,PHNjcmlwdD4=)",
      "![x](javascript:alert(1))",
      "![x](data:image/svg+xml;base64,PHN2Zz4=)",
      "[x](//evil.example/path)",
      "<a href=\"javascript:alert(1)\">x</a>",
      "[x](java\tscript:alert(1))",
      "[x](&#106;avascript:alert(1))",
  };
  for (auto a : attacks) {
    auto html = render_markdown(a).html;
    EXPECT_EQ(html.find("<script"), std::string::npos) << a;
    EXPECT_EQ(html.find("<iframe"), std::string::npos) << a;
    EXPECT_EQ(html.find("<style"), std::string::npos) << a;
    EXPECT_EQ(html.find("<svg"), std::string::npos) << a;
    EXPECT_EQ(html.find("<img src=x"), std::string::npos) << a;
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos) << a;
    EXPECT_EQ(html.find("href=\"JaVaScRiPt"), std::string::npos) << a;
    EXPECT_EQ(html.find("vbscript:msgbox(1)\""), std::string::npos) << a;
    EXPECT_EQ(html.find("href=\"data:"), std::string::npos) << a;
    EXPECT_EQ(html.find("src=\"data:"), std::string::npos) << a;
    EXPECT_EQ(html.find("href=\"//"), std::string::npos) << a;
  }
  EXPECT_TRUE(render_markdown("[click](javascript:alert(1))").removed_links);
  EXPECT_TRUE(render_markdown("<b>hi</b>").had_html);
  EXPECT_NE(render_markdown("<b>hi</b>").html.find("&lt;b&gt;hi&lt;/b&gt;"), std::string::npos);
}

TEST(Markdown, TellsTypedHtmlFromComparisons) {
  for (const char* typed : {"<b>hi</b>", "a < /p> b", "<\tdiv", "x </\n  em>", "<!-- note -->", "<Script>", "end <a"})
    EXPECT_TRUE(render_markdown(typed).had_html) << typed;
  for (const char* plain : {"3 < 4 and 5 > 2", "a <- b", "<", "< ", "</", "</ 3", "<<>>", "1 <= 2", "<\xC3\xA9t\xC3\xA9>"})
    EXPECT_FALSE(render_markdown(plain).had_html) << plain;
  // Long texts are scanned once: 64 KiB of '<' followed by spaces is no tag.
  std::string many;
  while (many.size() < 65536) many += "<   / ";
  EXPECT_FALSE(render_markdown(many).had_html);
}

TEST(Markdown, SafeLinksAndImagesStay) {
  auto r = render_markdown("[site](https://example.org/?a=1&b=2) [page](/events) [mail](mailto:a@example.org) ![logo](/assets/logo.png)");
  EXPECT_NE(r.html.find("<a href=\"https://example.org/?a=1&amp;b=2\" rel=\"nofollow noopener\">site</a>"), std::string::npos);
  EXPECT_NE(r.html.find("<a href=\"/events\">page</a>"), std::string::npos);
  EXPECT_NE(r.html.find("<img src=\"/assets/logo.png\" alt=\"logo\""), std::string::npos);
  EXPECT_FALSE(r.removed_links);
}

// cmark's pathological cases: all must finish and produce bounded output.
TEST(Markdown, PathologicalInputsFinish) {
  std::string cases[] = {std::string(50000, '['), std::string(50000, '>'), std::string(65000, '_') + "a",
                         [] { std::string s; for (int i = 0; i < 1000; ++i) s += std::string(i % 40, ' ') + "- x\n"; return s; }(),
                         [] { std::string s; for (int i = 0; i < 10000; ++i) s += "`a``"; return s; }(),
                         [] { std::string s; for (int i = 0; i < 20000; ++i) s += "_a "; return s; }()};
  for (const auto& c : cases) {
    auto r = render_markdown(c);
    EXPECT_LT(r.html.size(), c.size() * 8 + 1000);
  }
  EXPECT_TRUE(render_markdown(std::string(50000, '>') + " deep").too_deep);
  EXPECT_FALSE(render_markdown("> a\n>> b\n").too_deep);
  EXPECT_EQ(render_markdown("\xff\xfe bad utf-8").html, "");
}

TEST(Markdown, PlainTextForSummaries) {
  EXPECT_EQ(view::markdown_plain_text("## Hello\n\n**World** & friends", 100), "Hello World & friends");
  // Inline markup joins the words around it; blocks end in a line break when asked.
  EXPECT_EQ(view::markdown_plain_text("Go to the [library](/x). **Now**!", 100), "Go to the library. Now!");
  EXPECT_EQ(view::markdown_plain_text("## Where\n\nIn the *library*\nof the city\n\n- one\n- two", 100, true),
            "Where\nIn the library of the city\none\ntwo");
  EXPECT_EQ(view::markdown_plain_text("àèìòù àèìòù", 5), "àèìòù…");
}

}  // namespace cityskills
