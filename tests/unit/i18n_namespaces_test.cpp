// Words fit their page: a feature's templates use the feature's own translation keys
// (feature.page.what) or the small shared namespaces below. A label borrowed from another
// feature reads wrong where it lands ("Filter events" on the courses page, "Your name" as a
// column header), and changes there when its owner rewords it.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "util/embedded.hpp"

namespace cityskills {
namespace {

// Words every page may use: buttons, paging, shared form labels and filters, the layout,
// errors and validation messages.
const std::set<std::string> kShared = {"common", "layout", "errors", "validation", "site", "form"};

// Features whose pages carry more than their folder's name.
const std::map<std::string, std::set<std::string>> kAlso = {
    {"consent", {"privacy", "rights", "a11y", "legal", "processing"}},
    {"orgs", {"admin"}},
};

// The feature a template belongs to: its folder, or for a shared partial the prefix of its name
// ("catalog_course_fields" is the catalogue's); "" for the layout and feature-neutral partials.
std::string owner(std::string_view path) {
  constexpr std::string_view kFeatures = "src/features/", kPartials = "src/view/templates/partials/";
  if (path.starts_with(kFeatures)) {
    auto rest = path.substr(kFeatures.size());
    return std::string(rest.substr(0, rest.find('/')));
  }
  if (path.starts_with(kPartials)) {
    auto name = path.substr(kPartials.size());
    auto prefix = std::string(name.substr(0, name.find('_')));
    if (name.find('_') == std::string_view::npos) return "";
    if (prefix == "org") return "orgs";
    return prefix;
  }
  return "";
}

}  // namespace

TEST(TranslationNamespaces, TemplatesUseTheirFeaturesKeysOrSharedOnes) {
  int checked = 0;
  for (const auto& f : embedded::list("src/", ".mustache")) {
    auto feature = owner(f.path);
    std::set<std::string> allowed = kShared;
    if (!feature.empty()) allowed.insert(feature);
    if (auto it = kAlso.find(feature); it != kAlso.end()) allowed.insert(it->second.begin(), it->second.end());
    constexpr std::string_view kOpen = "{{#t}}", kClose = "{{/t}}";
    for (auto at = f.data.find(kOpen); at != std::string_view::npos; at = f.data.find(kOpen, at + 1)) {
      auto start = at + kOpen.size();
      auto end = f.data.find(kClose, start);
      ASSERT_NE(end, std::string_view::npos) << f.path;
      auto key = f.data.substr(start, end - start);
      auto ns = std::string(key.substr(0, key.find('.')));
      ++checked;
      EXPECT_TRUE(allowed.count(ns)) << f.path << " uses " << key << ", a key of another feature: give the page its own "
                                     << "key, or move a genuinely shared one to common.*";
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(TranslationNamespaces, OwnerOfATemplate) {
  EXPECT_EQ(owner("src/features/paths/templates/list.mustache"), "paths");
  EXPECT_EQ(owner("src/view/templates/partials/catalog_course_fields.mustache"), "catalog");
  EXPECT_EQ(owner("src/view/templates/partials/org_fields.mustache"), "orgs");
  EXPECT_EQ(owner("src/view/templates/partials/csrf.mustache"), "");
  EXPECT_EQ(owner("src/view/templates/layout.mustache"), "");
}

}  // namespace cityskills
