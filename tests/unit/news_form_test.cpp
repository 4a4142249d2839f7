// The news article and image forms, checked without a server.
#include <gtest/gtest.h>

#include "features/news/forms.hpp"
#include "view/markdown.hpp"

namespace cityskills::news {
namespace {

ArticleForm valid() {
  ArticleForm f;
  f.org_id = 1;
  f.lang = "de";
  f.title = "Neue Kurse im Frühjahr";
  f.summary = "Zwölf neue Kurse.";
  f.body = "Ab **März** in allen Bibliotheken.";
  f.status = "published";
  f.texts = {"", "", "Europe/Berlin", "Kurse, Bibliothek"};
  return f;
}

TEST(ArticleForm, Valid_NoErrors_PublishedNowWithTagsOnceLowerCased) {
  auto f = valid();
  f.texts.tags = "Kurse, bibliothek, KURSE,, ";
  EXPECT_TRUE(check(f, true).empty());
  Article a;
  f.apply(a, 1'800'000'000);
  EXPECT_EQ(a.publish_at, 1'800'000'000);
  EXPECT_EQ(a.tags, (std::vector<std::string>{"kurse", "bibliothek"}));
  EXPECT_EQ(a.title, "Neue Kurse im Frühjahr");
}

TEST(ArticleForm, OrganisationLanguageAndStatus_FromTheChoices) {
  auto f = valid();
  f.lang = "xx";
  f.status = "deleted";
  f.texts.zone = "Nowhere/City";
  auto errors = check(f, false);
  EXPECT_EQ(errors.key("org_id"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("lang"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("status"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("zone"), "validation.choice.invalid");
  f = valid();
  f.status = "draft";
  EXPECT_TRUE(check(f, true).empty());
}

TEST(ArticleForm, Body_RequiredValidBoundedAndNotTooDeep) {
  auto f = valid();
  f.body = "  \n ";
  EXPECT_EQ(check(f, true).key("body"), "validation.text.required");
  f.body = "\xff\xfe";
  EXPECT_EQ(check(f, true).key("body"), "validation.text.invalid");
  f.body = std::string(view::kMarkdownMax + 1, 'a');
  auto errors = check(f, true);
  EXPECT_EQ(errors.key("body"), "news.validation.body_too_long");
  EXPECT_EQ(errors.args("body"), (i18n::Args{{"max", std::to_string(view::kMarkdownMax)},
                                             {"length", std::to_string(view::kMarkdownMax + 1)}}));
  f.body = std::string(50000, '>') + "a";
  EXPECT_EQ(check(f, true).key("body"), "news.validation.too_deep");
}

TEST(ArticleForm, TitleAndSummary_AreNames) {
  auto f = valid();
  f.title = "";
  f.summary = std::string(kSummaryMax + 1, 's');
  auto errors = check(f, true);
  EXPECT_EQ(errors.key("title"), "validation.text.required");
  EXPECT_EQ(errors.key("summary"), "validation.text.too_long");
}

TEST(ArticleForm, Tags_BadOrTooMany) {
  auto f = valid();
  f.texts.tags = "ok, not ok!";
  EXPECT_EQ(check(f, true).key("tags"), "news.validation.tag");
  f.texts.tags = std::string(kTagMax + 1, 'a');
  EXPECT_EQ(check(f, true).key("tags"), "news.validation.tag");
  f.texts.tags = "a,b,c,d,e,f,g,h,i,j,k";
  EXPECT_EQ(check(f, true).key("tags"), "news.validation.too_many_tags");
  EXPECT_TRUE(valid_tag("open-data-2027"));
  EXPECT_FALSE(valid_tag("Open"));
  EXPECT_FALSE(valid_tag(""));
}

TEST(ArticleForm, PublicationDate_ScheduledMalformedOrMissingInTheZone) {
  auto f = valid();
  f.texts.date = "2027-05-02";  // the time may be left out: midnight
  EXPECT_TRUE(check(f, true).empty());
  Article a;
  f.apply(a, 0);
  EXPECT_EQ(a.publish_at, 1'809'208'800);  // 2027-05-02 00:00 in Berlin (UTC+2)
  for (auto [date, time] : {std::pair{"2027-04-31", "10:00"}, std::pair{"02.05.2027", ""}, std::pair{"", "10:00"},
                            std::pair{"2027-05-02", "9:00"}, std::pair{"2027-03-28", "02:30"}}) {
    f.texts.date = date;
    f.texts.time = time;
    EXPECT_EQ(check(f, true).key("date"), "news.validation.date") << date << " " << time;
  }
}

TEST(ImageForm, AltRequiredAndAFile) {
  auto errors = check(ImageForm{});
  EXPECT_EQ(errors.key("alt"), "validation.text.required");
  EXPECT_EQ(errors.key("image"), "news.images.choose_file");
  web::UploadedFile file;
  EXPECT_EQ(check(ImageForm{std::string(kAltMax + 1, 'a'), &file}).key("alt"), "validation.text.too_long");
  EXPECT_TRUE(check(ImageForm{"A tablet on a library desk", &file}).empty());
}

}  // namespace
}  // namespace cityskills::news
