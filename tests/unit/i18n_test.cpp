#include <gtest/gtest.h>

#include <set>

#include "i18n/i18n.hpp"
#include "util/crypto.hpp"
#include "view/view.hpp"

namespace cityskills {

// Every key in any catalogue or used by a template must exist, non-empty, in all five.
TEST(Catalogues, EveryKeyIsTranslatedInEveryLocale) {
  i18n::load();
  std::set<std::string> all;
  for (auto l : i18n::kLocales)
    for (auto& k : i18n::keys(l)) all.insert(k);
  for (auto& k : view::translation_keys_in_templates()) all.insert(k);
  ASSERT_GT(all.size(), 100u);
  for (auto l : i18n::kLocales)
    for (const auto& k : all) EXPECT_TRUE(i18n::has(l, k)) << "missing in " << l << ": " << k;
}

TEST(Catalogues, PlaceholdersMatchEnglish) {
  auto placeholders = [](const std::string& s) {
    std::set<std::string> out;
    for (std::size_t i = s.find('{'); i != std::string::npos; i = s.find('{', i + 1)) {
      auto e = s.find('}', i);
      if (e != std::string::npos) out.insert(s.substr(i, e - i + 1));
    }
    return out;
  };
  for (const auto& k : i18n::keys("en")) {
    auto en = placeholders(i18n::t("en", k));
    for (auto l : i18n::kLocales) EXPECT_EQ(placeholders(i18n::t(l, k)), en) << l << ": " << k;
  }
}

TEST(Plurals, ItalianHasOneManyOther) {
  EXPECT_EQ(i18n::plural_index("it", 1), 0);
  EXPECT_EQ(i18n::plural_index("it", 2), 2);
  EXPECT_EQ(i18n::plural_index("it", 0), 2);
  EXPECT_EQ(i18n::plural_index("it", 1'000'000), 1);
  EXPECT_EQ(i18n::plural_index("fi", 1), 0);
  EXPECT_EQ(i18n::plural_index("fi", 5), 1);
  EXPECT_NE(i18n::tn("en", "home.members", 1), i18n::tn("en", "home.members", 2));
  EXPECT_NE(i18n::tn("it", "home.members", 1), i18n::tn("it", "home.members", 2));
  EXPECT_NE(i18n::tn("it", "home.members", 2000000), i18n::tn("it", "home.members", 2));
  EXPECT_NE(i18n::tn("en", "home.members", 7).find('7'), std::string::npos);
}

TEST(Negotiate, PicksHighestQualitySupportedLanguage) {
  EXPECT_EQ(i18n::negotiate("de-AT,de;q=0.9,en;q=0.5"), "de");
  EXPECT_EQ(i18n::negotiate("fr-FR,fr;q=0.9,sv;q=0.4"), "sv");
  EXPECT_EQ(i18n::negotiate("en;q=0.2, fi;q=0.8"), "fi");
  EXPECT_EQ(i18n::negotiate("ja"), "en");
  EXPECT_EQ(i18n::negotiate(""), "en");
}

TEST(Dates, FormattedPerLocale) {
  std::int64_t t = 1795521600;  // 2026-11-24 12:00 UTC
  EXPECT_NE(i18n::format_date("it", t).find("novembre"), std::string::npos) << i18n::format_date("it", t);
  EXPECT_NE(i18n::format_date("de", t).find("November"), std::string::npos);
  EXPECT_NE(i18n::format_date("fi", t).find("marraskuuta"), std::string::npos) << i18n::format_date("fi", t);
  EXPECT_NE(i18n::format_date("sv", t).find("november"), std::string::npos);
  EXPECT_NE(i18n::format_date("en", t).find("November 24, 2026"), std::string::npos);
}

TEST(Po, ParsesPluralsContinuationsAndEscapes) {
  auto entries = i18n::parse_po(
      "msgid \"\"\nmsgstr \"header\"\n\n# comment\nmsgid \"a.b\"\nmsgstr \"\"\n\"line \\\"one\\\"\\n\"\n\"two\"\n\n"
      "msgid \"c\"\nmsgid_plural \"c\"\nmsgstr[0] \"one\"\nmsgstr[1] \"many\"\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].forms[0], "line \"one\"\ntwo");
  EXPECT_EQ(entries[1].forms.size(), 2u);
  EXPECT_THROW(i18n::parse_po("msgid \"x\"\nmsgstr unquoted\n"), std::runtime_error);
}

TEST(Templates, EscapeHtmlByDefault) {
  view::Data d;
  d.set("heading", "<script>alert(1)</script>");
  d.set("message", "\" onmouseover=\"x");
  auto html = view::render("en", "error", d);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot; onmouseover=&quot;x"), std::string::npos);
}

}  // namespace cityskills
