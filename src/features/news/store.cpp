#include "features/news/store.hpp"

#include "features/news/api.hpp"

#include "db/rows.hpp"
#include "search/search.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"

namespace cityskills::news::store {
namespace {

constexpr const char* kSelect =
    "SELECT a.id, a.org_id, o.name, o.slug, a.lang, a.title, a.summary, a.body, a.tags, a.status, a.publish_at, "
    "a.updated_at, a.cover_media_id, COALESCE(ci.alt, '') FROM news_articles a "
    "JOIN organisations o ON o.id = a.org_id "
    "LEFT JOIN news_images ci ON ci.article_id = a.id AND ci.media_id = a.cover_media_id ";

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out = ",";
  for (const auto& t : tags) out += t + ",";
  return out;
}

Article to_article(const db::Row& r) {
  using A = Article;
  A a;
  db::read_into(r, 0, a, &A::id, &A::org_id, &A::org_name, &A::org_slug, &A::lang, &A::title, &A::summary, &A::body);
  const std::string tags = r.str(8);  // split() returns views into it
  for (auto t : util::split(tags, ','))
    if (!t.empty()) a.tags.emplace_back(t);
  db::read_into(r, 9, a, &A::status, &A::publish_at, &A::updated_at, &A::cover_media_id, &A::cover_alt);
  return a;
}

}  // namespace

std::vector<Article> visible(db::Connection& c, const Filter& f, std::int64_t now, int limit, int offset) {
  db::ListQuery q(kSelect);
  q.where("a.status = 'published' AND a.publish_at <= ?", {now}).equals("a.lang", f.lang);
  // tags hold only [a-z0-9-]: no LIKE wildcards inside
  if (!f.tag.empty()) q.where("a.tags LIKE ?", {"%," + f.tag + ",%"});
  q.equals("a.org_id", f.org_id).order_by("a.publish_at DESC, a.id DESC").page(limit, offset);
  return db::read_all(q.run(c), to_article);
}

std::optional<Article> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelect) + "WHERE a.id = ?", {id}), to_article);
}

std::vector<Article> for_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids) {
  std::vector<Article> out;
  for (auto id : org_ids)
    for (auto& a :
         db::read_all(c.query(std::string(kSelect) + "WHERE a.org_id = ? ORDER BY a.publish_at DESC, a.id DESC", {id}),
                      to_article))
      out.push_back(std::move(a));
  return out;
}

std::int64_t create(db::Connection& c, const Article& a, std::int64_t author_id) {
  auto now = util::now_unix();
  auto id = c.insert(
      "INSERT INTO news_articles (org_id, lang, title, summary, body, tags, status, publish_at, author_id, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.org_id, a.lang, a.title, a.summary, a.body, join_tags(a.tags), a.status, a.publish_at,
       author_id ? std::optional<std::int64_t>(author_id) : std::nullopt, now, now});
  index(c, id);
  return id;
}

void update(db::Connection& c, const Article& a) {
  c.exec("UPDATE news_articles SET lang = ?, title = ?, summary = ?, body = ?, tags = ?, status = ?, publish_at = ?, "
         "updated_at = ? WHERE id = ?",
         {a.lang, a.title, a.summary, a.body, join_tags(a.tags), a.status, a.publish_at, util::now_unix(), a.id});
  index(c, a.id);
}

void index(db::Connection& c, std::int64_t id) {
  auto a = find(c, id);
  if (!a || a->status != "published") {
    search::remove(c, "news", id);
    return;
  }
  std::string tags;
  for (const auto& t : a->tags) tags += t + " ";
  // Scheduled articles are found from their publication on.
  search::put(c, {.kind = "news", .ref_id = a->id, .lang = a->lang, .org_id = a->org_id, .title = a->title,
                  .keywords = tags,
                  .body = a->summary + "\n" + view::markdown_plain_text(a->body, search::kMaxBodyChars, true), .url = "/news/" + std::to_string(a->id), .visible_from = a->publish_at,
                  .shown_at = a->publish_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM news_articles ORDER BY id")) index(c, r.i64(0));
}

void add_image(db::Connection& c, std::int64_t article_id, std::int64_t media_id, const std::string& alt) {
  c.exec("INSERT INTO news_images (article_id, media_id, alt, created_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (article_id, media_id) DO UPDATE SET alt = excluded.alt",
         {article_id, media_id, alt, util::now_unix()});
}

std::vector<Image> images(db::Connection& c, std::int64_t article_id) {
  return db::read_all(
      c.query("SELECT i.media_id, i.alt, m.name, m.size FROM news_images i JOIN media m ON m.id = i.media_id "
              "WHERE i.article_id = ? ORDER BY i.created_at, i.media_id",
              {article_id}),
      [](const db::Row& r) { return Image{r.i64(0), r.str(1), r.str(2), r.i64(3)}; });
}

std::optional<Image> image(db::Connection& c, std::int64_t article_id, std::int64_t media_id) {
  auto r = c.one("SELECT i.media_id, i.alt, m.name, m.size FROM news_images i JOIN media m ON m.id = i.media_id "
                 "WHERE i.article_id = ? AND i.media_id = ?",
                 {article_id, media_id});
  if (!r) return std::nullopt;
  return Image{r->i64(0), r->str(1), r->str(2), r->i64(3)};
}

void remove_image(db::Connection& c, std::int64_t article_id, std::int64_t media_id) {
  c.exec("UPDATE news_articles SET cover_media_id = NULL, updated_at = ? WHERE id = ? AND cover_media_id = ?",
         {util::now_unix(), article_id, media_id});
  c.exec("DELETE FROM news_images WHERE article_id = ? AND media_id = ?", {article_id, media_id});
}

void set_cover(db::Connection& c, std::int64_t article_id, std::optional<std::int64_t> media_id) {
  // Built explicitly: GCC 12 at -O3 warns (falsely) that the optional may be read uninitialised.
  auto cover = media_id ? db::Param(*media_id) : db::Param(nullptr);
  c.exec("UPDATE news_articles SET cover_media_id = ?, updated_at = ? WHERE id = ?", {cover, util::now_unix(), article_id});
}

bool any(db::Connection& c) { return c.one("SELECT 1 FROM news_articles LIMIT 1").has_value(); }

std::optional<Unillustrated> unillustrated_demo_article(db::Connection& c, const std::string& org,
                                                        const std::string& lang, const std::string& title) {
  return db::read_one(
      c.one("SELECT a.id, a.org_id FROM news_articles a JOIN organisations o ON o.id = a.org_id "
            "WHERE o.slug = ? AND a.lang = ? AND a.title = ? AND a.author_id IS NULL AND a.cover_media_id IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM news_images i WHERE i.article_id = a.id)",
            {org, lang, title}),
      [](const db::Row& r) { return db::read_as<Unillustrated>(r, &Unillustrated::id, &Unillustrated::org_id); });
}

}  // namespace cityskills::news::store

namespace cityskills::news {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::news
