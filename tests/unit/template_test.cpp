// The compiled templates (view/template.hpp): the Mustache rules the pages rely on, and the
// same output as the kainjow library the project rendered with before, compared on every
// template of the product with generated data (flags, texts that need escaping, empty and
// full lists, nested objects, missing names).
#include <gtest/gtest.h>
#include <kainjow/mustache.hpp>

#include <random>
#include <regex>
#include <set>
#include <stdexcept>

#include "i18n/i18n.hpp"
#include "util/embedded.hpp"
#include "view/template.hpp"
#include "view/view.hpp"

namespace cityskills::view {
namespace {

std::string render(std::string_view source, const Data& d) { return Template(source).render(d); }

kainjow::mustache::data to_kainjow(const Data& d) {
  using K = kainjow::mustache::data;
  switch (d.kind()) {
    case Data::Kind::kText: return K(d.text());
    case Data::Kind::kTrue: return K(true);
    case Data::Kind::kFalse: return K(false);
    case Data::Kind::kList: {
      K list(K::type::list);
      for (const auto& item : d.items()) list.push_back(to_kainjow(item));
      return list;
    }
    case Data::Kind::kObject: break;
  }
  K object;
  for (const auto& m : d.members()) object.set(m.name, to_kainjow(m.value));
  return object;
}

// Random data over the names a template uses: each name is left out, a flag, a text (some
// needing escaping, some blank), an empty or a full list of objects, or an object.
struct Generator {
  std::vector<std::string> names;
  std::mt19937 rng;

  Data object(int depth) {
    Data d;
    for (const auto& n : names) {
      switch (rng() % 9) {
        case 0: case 1: break;  // left out
        case 2: d.set(n, false); break;
        case 3: d.set(n, true); break;
        case 4: d.set(n, std::string(rng() % 2 ? "" : "  ")); break;
        case 5: d.set(n, "Rom & <Milano> \"quoted\" 'it'"); break;
        case 6: d.set(n, "text-" + n); break;
        case 7: {
          List items;
          if (depth < 2)
            for (unsigned i = rng() % 3; i > 0; --i) items.push_back(object(depth + 1));
          d.set(n, std::move(items));
          break;
        }
        default:
          if (depth < 2) d.set(n, object(depth + 1));
      }
    }
    return d;
  }
};

std::vector<std::string> names_in(const std::string& source) {
  static const std::regex tag(R"(\{\{\{?[#^/&]?\s*([A-Za-z0-9_]+)\s*\}?\}\})");
  std::set<std::string> found;
  for (std::sregex_iterator i(source.begin(), source.end(), tag), e; i != e; ++i) found.insert((*i)[1].str());
  return {found.begin(), found.end()};
}

// "src/features/catalog/templates/show.mustache" -> "catalog/show"; "src/view/templates/layout.mustache" -> "layout".
std::string template_name(std::string_view path) {
  std::string p(path.substr(0, path.size() - std::string_view(".mustache").size()));
  if (p.starts_with("src/view/templates/")) return p.substr(std::string_view("src/view/templates/").size());
  p = p.substr(std::string_view("src/features/").size());
  auto slash = p.find('/');
  return p.substr(0, slash) + "/" + p.substr(p.find("templates/") + std::string_view("templates/").size());
}

TEST(Template, VariablesAreEscapedUnlessTripleOrAmpersand) {
  Data d;
  d.set("x", "a & b <i>\"'</i>");
  EXPECT_EQ(render("{{x}}|{{{x}}}|{{& x }}|{{ x }}", d),
            "a &amp; b &lt;i&gt;&quot;&apos;&lt;/i&gt;|a & b <i>\"'</i>|a & b <i>\"'</i>|"
            "a &amp; b &lt;i&gt;&quot;&apos;&lt;/i&gt;");
  EXPECT_EQ(render("[{{missing}}]{{! a comment }}[{{> nopartial}}]", d), "[][]");
}

TEST(Template, SectionsTakeFlagsTextsObjectsAndLists) {
  Data d;
  d.set("yes", true);
  d.set("no", false);
  d.set("empty", List{});
  d.set("text", "");
  List items;
  items.push_back(Data("name", "a"));
  items.push_back(Data("name", "b"));
  d.set("items", std::move(items));
  d.set("user", Data("name", "Ada"));
  d.set("name", "outer");
  EXPECT_EQ(render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}{{#text}}T{{/text}}{{#missing}}M{{/missing}}", d),
            "YT");
  EXPECT_EQ(render("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}{{^empty}}E{{/empty}}{{^text}}T{{/text}}{{^missing}}M{{/missing}}", d),
            "NEM");
  EXPECT_EQ(render("{{#items}}{{name}},{{/items}}{{#user}}{{name}}{{/user}} {{name}} {{user.name}}", d), "a,b,Ada outer Ada");
  List words{Data("x"), Data("y")};
  Data w;
  w.set("words", std::move(words));
  EXPECT_EQ(render("{{#words}}<{{.}}>{{/words}}", w), "<x><y>");
}

TEST(Template, ALineThatOnlyRenderedASectionIsDropped) {
  Data d;
  d.set("on", true);
  EXPECT_EQ(render("a\n  {{#on}}\nb\n  {{/on}}\nc\n", d), "a\nb\nc\n");
  // A section that is not rendered leaves its line (as the library the pages were written for did).
  EXPECT_EQ(render("a\n  {{#off}}\nb\n  {{/off}}\nc", d), "a\n  \nc");
  EXPECT_EQ(render("a\r\n{{#on}}x{{/on}}\r\n", d), "a\r\nx\r\n");
  EXPECT_EQ(render("{{#on}} {{/on}}", d), "");
}

TEST(Template, BrokenTemplatesAreRefusedWithThePlace) {
  for (std::string bad : {"{{#a}}x", "x{{/a}}", "{{#a}}{{/b}}", "{{x", "{{=<% %>=}}"}) {
    try {
      Template t(bad);
      ADD_FAILURE() << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(" at "), std::string::npos) << e.what();
    }
  }
}

TEST(Template, DataKeepsTheLastValueSetAndMovesIn) {
  Data d;
  d.set("a", "1");
  d.set("a", "2");
  EXPECT_EQ(d.members().size(), 1u);
  EXPECT_EQ(render("{{a}}", d), "2");
  std::string long_text(1000, 'x');
  const char* before = long_text.data();
  d.set("b", std::move(long_text));
  EXPECT_EQ(d.find("b")->text().data(), before);  // moved, not copied
}

// Every template of the product, in English, with generated data: the same bytes as before.
TEST(Template, EveryTemplateRendersAsTheLibraryDid) {
  int compared = 0;
  for (const auto& f : embedded::list("src/", ".mustache")) {
    std::string name = template_name(f.path);
    if (name.starts_with("partials/")) continue;
    std::string source = expanded_source("en", name);
    kainjow::mustache::mustache theirs(source);
    ASSERT_TRUE(theirs.is_valid()) << name << ": " << theirs.error_message();
    Template ours(source);
    Generator g{names_in(source), std::mt19937(7)};
    for (int round = 0; round < 24; ++round) {
      Data d = g.object(0);
      ASSERT_EQ(ours.render(d), theirs.render(to_kainjow(d))) << name << ", round " << round;
      ++compared;
    }
  }
  EXPECT_GT(compared, 24 * 100);
}

// Every template compiles in every language (the translations are inlined before compiling).
TEST(Template, EveryTemplateCompilesInEveryLanguage) {
  for (auto locale : i18n::kLocales)
    for (const auto& f : embedded::list("src/", ".mustache")) {
      std::string name = template_name(f.path);
      if (name.starts_with("partials/")) continue;
      EXPECT_NO_THROW(render(locale, name, Data())) << locale << " " << name;
    }
}

}  // namespace
}  // namespace cityskills::view
