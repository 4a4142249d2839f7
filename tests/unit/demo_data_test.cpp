// The demo's data files (events, articles, good practices, shared resources): every row reads, and every value is
// one the feature's forms would accept, so the seeded demo shows nothing a person could not
// have entered. Seeding them (twice, adding nothing) is the CLI test's.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "features/events/model.hpp"
#include "features/practices/store.hpp"
#include "features/resources/forms.hpp"
#include "i18n/i18n.hpp"
#include "util/json_rows.hpp"

namespace cityskills {
namespace {

bool in(const std::vector<std::string>& allowed, const std::string& v) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

const std::set<std::string> kDemoOrgs = {"valverde", "nordic-dln", "buergerakademie", "koivula"};

}  // namespace

TEST(DemoData, EventsUseTheFormsValuesAndEndAfterTheyStart) {
  auto rows = util::json_rows("src/features/events/demo/events.json");
  ASSERT_EQ(rows.size(), 20u);
  std::set<std::string> langs;
  int with_sessions = 0, running = 0;
  for (const auto& e : rows) {
    auto title = e.text("title");
    EXPECT_TRUE(kDemoOrgs.count(e.text("org"))) << title;
    EXPECT_TRUE(in(events::kKinds, e.text("kind"))) << title;
    EXPECT_TRUE(in(events::kThemes, e.text("theme"))) << title;
    EXPECT_TRUE(in(events::kAudiences, e.text("audience"))) << title;
    EXPECT_TRUE(in(events::kAgeGroups, e.text("age_group"))) << title;
    EXPECT_TRUE(i18n::supported(e.text("lang"))) << title;
    langs.insert(e.text("lang"));
    EXPECT_GT(e.integer("capacity"), 0) << title;
    EXPECT_FALSE(e.text("summary").empty());
    EXPECT_FALSE(e.text("description").empty());
    EXPECT_EQ(e.flag("online"), e.has("join_url")) << title;
    EXPECT_EQ(!e.flag("online"), e.has("venue") && e.has("address")) << title;
    if (e.flag("running_now")) {
      ++running;
      continue;
    }
    auto starts = e.object("starts"), ends = e.object("ends");
    auto s = starts.integer("day") * 10000 + std::stoi(starts.text("time").substr(0, 2)) * 100 + std::stoi(starts.text("time").substr(3));
    auto f = ends.integer("day") * 10000 + std::stoi(ends.text("time").substr(0, 2)) * 100 + std::stoi(ends.text("time").substr(3));
    EXPECT_LT(s, f) << title;
    with_sessions += e.rows("sessions").empty() ? 0 : 1;
  }
  EXPECT_EQ(langs.size(), 5u);
  EXPECT_EQ(with_sessions, 1);  // the Smart City Bootcamp, hosted from five countries
  EXPECT_EQ(running, 1);        // the drop-in session open as the demo opens
}

TEST(DemoData, ArticlesInEveryLanguageEachWithADescribedPicture) {
  auto rows = util::json_rows("src/features/news/demo/articles.json");
  ASSERT_EQ(rows.size(), 11u);
  std::set<std::string> langs;
  int scheduled = 0;
  for (const auto& a : rows) {
    EXPECT_TRUE(kDemoOrgs.count(a.text("org")));
    langs.insert(a.text("lang"));
    EXPECT_FALSE(a.texts("tags").empty()) << a.text("title");
    auto p = a.object("picture");
    EXPECT_EQ(p.text("colour").size(), 7u);
    EXPECT_FALSE(p.text("alt").empty());
    EXPECT_FALSE(p.text("symbol").empty());
    scheduled += a.integer("days") > 0;
  }
  EXPECT_EQ(langs.size(), 5u);
  EXPECT_EQ(scheduled, 1);
}

TEST(DemoData, PracticesUseTheFormsValuesAndOneWaitsForModeration) {
  auto rows = util::json_rows("src/features/practices/demo/practices.json");
  ASSERT_EQ(rows.size(), 7u);
  std::set<std::string> langs;
  int waiting = 0;
  for (const auto& p : rows) {
    auto title = p.text("title");
    EXPECT_TRUE(kDemoOrgs.count(p.text("org"))) << title;
    langs.insert(p.text("lang"));
    EXPECT_TRUE(in(practices::kCostBands, p.text("cost_band"))) << title;
    EXPECT_TRUE(in(practices::kEffortBands, p.text("effort_band"))) << title;
    EXPECT_TRUE(in(practices::kSizeBands, p.text("size_band"))) << title;
    EXPECT_FALSE(p.texts("areas").empty()) << title;
    for (const auto& a : p.texts("areas")) EXPECT_TRUE(in(practices::kAreas, a)) << title;
    for (const auto& t : p.texts("themes")) EXPECT_TRUE(in(practices::kThemes, t)) << title;
    waiting += !p.has("moderator");
  }
  EXPECT_EQ(langs.size(), 5u);
  EXPECT_EQ(waiting, 1);
}

TEST(DemoData, ResourcesPassTheResourceFormsChecks) {
  auto rows = util::json_rows("src/features/resources/demo/resources.json");
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& x : rows) {
    resources::ResourceForm form;
    form.lang = x.text("lang");
    form.kind = x.text("kind");
    form.title = x.text("title");
    form.description = x.text("description");
    form.licence = x.text("licence");
    form.format = x.text("format");
    form.url = x.text("url");
    EXPECT_TRUE(kDemoOrgs.count(x.text("org"))) << form.title;
    EXPECT_GT(x.integer("age_days"), 0) << form.title;
    EXPECT_TRUE(resources::check(form, false).empty()) << form.title;
  }
}

TEST(DemoData, ABrokenRowNamesTheFileTheRowAndTheField) {
  auto rows = util::json_rows("src/features/events/demo/events.json");
  try {
    rows.at(3).text("no_such_field");
    FAIL() << "a missing field must throw";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "src/features/events/demo/events.json[3].no_such_field: missing");
  }
  EXPECT_THROW(rows.at(0).integer("title"), std::runtime_error);
  EXPECT_THROW(util::json_rows("src/features/events/demo/none.json"), std::runtime_error);
}

}  // namespace cityskills
