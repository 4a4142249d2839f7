// The forum forms' checks (thread, reply, edit, reasons, thread actions, categories), without a
// server.
#include <gtest/gtest.h>

#include "features/forum/common.hpp"
#include "features/forum/forms.hpp"

namespace cityskills::forum {
namespace {

std::string arg(const i18n::Args& args, const std::string& name) {
  for (const auto& [k, v] : args)
    if (k == name) return v;
  return "";
}

TEST(ThreadForm, Valid_NoErrors) {
  ThreadForm f{"Appen för parkering", "Vilken app använder ni i **Umeå**?", "sv"};
  EXPECT_TRUE(check(f).empty());
}

TEST(ThreadForm, ATooLongTitleSaysHowLong_UnknownLanguageAndEmptyBodyAreRefused) {
  ThreadForm f{std::string(kTitleMax + 5, 'x'), "", "tlh"};
  auto errors = check(f);
  EXPECT_EQ(errors.key("title"), "forum.validation.too_long");
  EXPECT_EQ(arg(errors.args("title"), "max"), std::to_string(kTitleMax));
  EXPECT_EQ(arg(errors.args("title"), "length"), std::to_string(kTitleMax + 5));
  EXPECT_EQ(errors.key("lang"), "validation.choice.invalid");
  EXPECT_TRUE(errors.has("body"));
  f.title.clear();
  EXPECT_NE(check(f).key("title"), "forum.validation.too_long");
  EXPECT_TRUE(check(f).has("title"));
}

TEST(ReplyForm, TooManyLinks_AreRefusedWithTheCount) {
  std::string body;
  for (std::size_t i = 0; i <= kMaxLinks; ++i) body += "https://example.org/" + std::to_string(i) + "\n";
  auto errors = check(ReplyForm{body});
  EXPECT_EQ(errors.key("body"), "forum.validation.too_many_links");
  EXPECT_EQ(arg(errors.args("body"), "count"), std::to_string(kMaxLinks + 1));
  EXPECT_TRUE(check(ReplyForm{"Grazie, funziona!"}).empty());
}

TEST(EditForm, TheTitleCountsOnlyForTheOpeningPost) {
  EditForm f{"", "Uppdaterat svar."};
  EXPECT_TRUE(check(f, false).empty());
  EXPECT_TRUE(check(f, true).has("title"));
  f.title = std::string(kTitleMax + 1, 'x');
  EXPECT_EQ(check(f, true).key("title"), "validation.text.too_long") << "an edit keeps the general message";
}

TEST(ReasonForm, ARequiredLineOnTheFieldAsked) {
  EXPECT_EQ(check(ReasonForm{""}, "lock_reason").key("lock_reason"), "forum.validation.reason");
  EXPECT_EQ(check(ReasonForm{std::string(kReasonMax + 1, 'r')}, "reason").key("reason"), "forum.validation.reason");
  EXPECT_TRUE(check(ReasonForm{"Spam"}, "reason").empty());
}

TEST(ThreadActionForm, AMoveGoesOnlyToACategoryTheModeratorMayUse) {
  std::vector<Category> targets(2);
  targets[0].id = 4;
  targets[1].id = 9;
  ThreadActionForm f;
  f.reason = "Fel kategori";
  f.move = true;
  f.category_id = 9;
  EXPECT_TRUE(check(f, "move_reason", targets).empty());
  EXPECT_EQ(f.destination(targets), std::optional<std::int64_t>(9));
  f.category_id = 5;
  EXPECT_EQ(check(f, "move_reason", targets).key("category_id"), "validation.choice.invalid");
  EXPECT_FALSE(f.destination(targets));
  f.category_id.reset();
  EXPECT_TRUE(check(f, "move_reason", targets).has("category_id"));
  ThreadActionForm lock;
  EXPECT_EQ(check(lock, "lock_reason", targets).key("lock_reason"), "forum.validation.reason");
  EXPECT_FALSE(check(lock, "lock_reason", targets).has("category_id")) << "only a move has a destination";
}

CategoryForm category_form() {
  CategoryForm f;
  f.name = "Digital identity";
  f.slug = "digital-id";
  f.description = "SPID, CIE, BankID and friends.";
  f.position = "3";
  f.org_id = "7";
  for (auto lang : i18n::kLocales) f.texts.push_back({std::string(lang), "", ""});
  f.texts[0].name = "Identità digitale";
  return f;
}

TEST(CategoryForm, Valid_TheCategoryKeepsTheTranslationsFilledIn) {
  auto f = category_form();
  EXPECT_TRUE(check(f, true).empty());
  auto cat = f.category(true);
  EXPECT_EQ(cat.slug, "digital-id");
  EXPECT_EQ(cat.position, 3);
  EXPECT_EQ(cat.org_id, std::optional<std::int64_t>(7));
  ASSERT_EQ(cat.translations.size(), 1u);
  EXPECT_EQ(cat.translations[0].name, "Identità digitale");
  f.position.clear();
  EXPECT_TRUE(check(f, true).empty()) << "no position is the first";
  EXPECT_EQ(f.category(true).position, 0);
}

TEST(CategoryForm, BadSlugPositionOrganisationAndTranslation_AreRefused) {
  auto f = category_form();
  f.slug = "Digital ID";
  f.position = "1001";
  f.texts[2].description = std::string(501, 'd');
  auto errors = check(f, false);
  EXPECT_EQ(errors.key("slug"), "forum.validation.slug");
  EXPECT_EQ(errors.key("position"), "forum.validation.position");
  EXPECT_EQ(errors.key("org_id"), "validation.choice.invalid");
  EXPECT_TRUE(errors.has("description_" + f.texts[2].lang));
  EXPECT_FALSE(f.category(false).org_id.has_value());
  f = category_form();
  f.org_id.clear();
  EXPECT_TRUE(check(f, false).empty()) << "a category without an organisation is the platform's";
}

}  // namespace
}  // namespace cityskills::forum
