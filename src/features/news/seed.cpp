// Demo news in the five languages, one of them scheduled for later, each with a cover picture
// drawn locally and described in the article's language: the rows of demo/articles.json,
// created in their order, published `days` days from the day the demo is seeded (a positive
// number: scheduled for later).
#include <string>
#include <vector>

#include "features/news/api.hpp"
#include "features/news/store.hpp"
#include "features/orgs/api.hpp"
#include "media/illustration.hpp"
#include "media/media.hpp"
#include "util/json_rows.hpp"
#include "util/log.hpp"

namespace cityskills::news {
namespace {

constexpr std::string_view kDemo = "src/features/news/demo/articles.json";

}  // namespace

int seed_demo_images(db::Database& db, const std::string& data_dir) {
  const auto cache = media::illustration::cache_dir(data_dir, "demo-images");
  int given = 0;
  for (const auto& x : util::json_rows(kDemo)) {
    auto p = x.object("picture");
    std::optional<store::Unillustrated> r;
    {
      auto c = db.acquire();
      r = store::unillustrated_demo_article(*c, x.text("org"), x.text("lang"), x.text("title"));
    }
    if (!r) continue;
    auto png = media::illustration::card_png({p.text("symbol"), p.text("colour")}, cache);
    if (!png) {
      log::warn("demo news picture not made: ffmpeg missing or failing", "");
      return given;
    }
    auto stored =
        media::store(db, data_dir, {"news-picture.png", *png}, media::image_policy(), r->org_id, std::nullopt);
    if (!stored.ok()) {
      log::warn("demo news picture refused by the media store", "\"error\":\"" + stored.error_key + "\"");
      continue;
    }
    db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
      store::add_image(c, r->id, stored.item->id, p.text("alt"));
      store::set_cover(c, r->id, stored.item->id);
      return true;
    });
    ++given;
  }
  return given;
}

void seed_demo(db::Connection& c, std::int64_t now) {
  if (store::any(c)) return;
  for (const auto& x : util::json_rows(kDemo)) {
    using A = Article;
    A a;
    a.org_id = orgs::by_slug(c, x.text("org"))->id;
    util::read_texts<A>(x, a, {{"lang", &A::lang}, {"title", &A::title}, {"summary", &A::summary}, {"body", &A::body}});
    a.tags = x.texts("tags");
    a.publish_at = now + x.integer("days") * 86400;
    store::create(c, a, 0);
  }
}

}  // namespace cityskills::news
