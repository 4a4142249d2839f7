// The list-page kit: filters from fixed values, the page number, links that keep the filters,
// and the menus with "any" first.
#include <gtest/gtest.h>

#include "web/app.hpp"
#include "web/list_params.hpp"

namespace cityskills::web {
namespace {

struct Page {
  http::Request req;
  Services svc;
  Ctx ctx{req, svc};
  explicit Page(http::Params query) {
    ctx.query = std::move(query);
    ctx.locale = "en";
  }
};

int status_of(const std::function<void()>& f, std::string* key = nullptr) {
  try {
    f();
  } catch (const Reject& r) {
    if (key) *key = r.message_key;
    return r.status;
  }
  return 0;
}

std::string render(const std::string& source, const view::Data& d) { return view::render_text(source, d); }

}  // namespace

TEST(ListParams, ChoicesLanguagesAndPagesAreReadOnce) {
  Page p({{"area", "data"}, {"language", "sv"}, {"org", "city a"}, {"page", "3"}});
  ListParams q(p.ctx, "/practices", "practices.filter.invalid");
  EXPECT_EQ(q.choice("area", {"data", "safety"}), "data");
  EXPECT_EQ(q.choice("theme", {"x"}), "");  // absent: any
  EXPECT_EQ(q.language(), "sv");
  EXPECT_EQ(q.text("org"), "city a");
  EXPECT_EQ(q.page(), 3);
  EXPECT_EQ(q.offset(20), 40);
  // Links keep what was chosen (encoded), leave out what was not, and change only the page.
  EXPECT_EQ(q.link(4), "/practices?area=data&language=sv&org=city%20a&page=4");
  view::Data d;
  q.paging(d, 21, 20);
  EXPECT_EQ(render("{{prev}}|{{next}}", d), "/practices?area=data&amp;language=sv&amp;org=city%20a&amp;page=2|"
                                                         "/practices?area=data&amp;language=sv&amp;org=city%20a&amp;page=4");
  view::Data last;
  q.paging(last, 20, 20);
  EXPECT_EQ(render("{{#next}}more{{/next}}", last), "");
}

TEST(ListParams, AValueOutsideItsChoicesIsTheListsOwn400) {
  std::string key;
  Page bad(http::Params{{"area", "nope"}});
  ListParams q(bad.ctx, "/practices", "practices.filter.invalid");
  EXPECT_EQ(status_of([&] { q.choice("area", {"data"}); }, &key), 400);
  EXPECT_EQ(key, "practices.filter.invalid");
  Page lang(http::Params{{"language", "xx"}});
  ListParams l(lang.ctx, "/ideas", "ideas.filter.invalid");
  EXPECT_EQ(status_of([&] { l.language(); }, &key), 400);
  EXPECT_EQ(key, "ideas.filter.invalid");
  Page twice({{"area", "data"}, {"area", "safety"}});
  ListParams t(twice.ctx, "/practices", "practices.filter.invalid");
  EXPECT_EQ(status_of([&] { t.choice("area", {"data", "safety"}); }), 400);  // parameter pollution
  Page longer(http::Params{{"org", std::string(101, 'a')}});
  ListParams o(longer.ctx, "/ideas", "ideas.filter.invalid");
  EXPECT_EQ(status_of([&] { o.text("org"); }), 400);
}

TEST(ListParams, PageNumbersAreClamped) {
  for (auto [given, expected] : std::vector<std::pair<std::string, std::int64_t>>{
           {"-3", 1}, {"0", 1}, {"abc", 1}, {"", 1}, {"99999999", 10000}, {"7", 7}}) {
    Page p(http::Params{{"page", given}});
    EXPECT_EQ(ListParams(p.ctx, "/x", "k").page(), expected) << given;
  }
}

TEST(ListParams, MenusPutAnyFirstAndMarkTheChoice) {
  Page p(http::Params{});
  auto menu = filter_menu(p.ctx, "ideas.status.", {"accepted", "done"}, "done");
  auto html = render("{{#m}}[{{value}}:{{label}}{{#selected}}*{{/selected}}]{{/m}}", view::Data(view::Object{{"m", menu}}));
  EXPECT_EQ(html, "[:Any][accepted:" + i18n::t("en", "ideas.status.accepted") + "][done:" + i18n::t("en", "ideas.status.done") + "*]");
  auto langs = render("{{#m}}{{value}},{{/m}}", view::Data(view::Object{{"m", language_menu(p.ctx, "")}}));
  EXPECT_EQ(langs, ",it,en,de,sv,fi,");
}

}  // namespace cityskills::web
