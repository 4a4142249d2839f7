#include "features/resources/store.hpp"

#include "features/resources/api.hpp"
#include "db/rows.hpp"
#include "search/search.hpp"
#include "view/markdown.hpp"

#include "util/strings.hpp"

namespace cityskills::resources::store {
namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.org_id, o.name, o.slug, COALESCE(u.display_name, ''), r.lang, r.kind, r.title, r.description, "
    "r.licence, r.format, COALESCE(r.url, ''), r.media_id, COALESCE(m.name, ''), COALESCE(m.size, 0), r.updated_at "
    "FROM resources r JOIN organisations o ON o.id = r.org_id LEFT JOIN users u ON u.id = r.author_id "
    "LEFT JOIN media m ON m.id = r.media_id ";

Resource to_resource(const db::Row& row) {
  using R = Resource;
  return db::read_as<R>(row, &R::id, &R::org_id, &R::org_name, &R::org_slug, &R::author_name, &R::lang, &R::kind,
                        &R::title, &R::description, &R::licence, &R::format, &R::url, &R::media_id, &R::file_name,
                        &R::file_size, &R::updated_at);
}

}  // namespace

std::vector<Resource> list(db::Connection& c, const Filter& f, int limit, int offset) {
  auto q = db::ListQuery(kSelect)
               .equals("r.kind", f.kind)
               .equals("r.licence", f.licence)
               .equals("r.format", f.format)
               .equals("r.lang", f.lang)
               .equals("r.org_id", f.org_id)
               .order_by("r.updated_at DESC, r.id DESC")
               .page(limit, offset);
  return db::read_all(q.run(c), to_resource);
}

std::optional<Resource> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelect) + "WHERE r.id = ?", {id}), to_resource);
}

std::int64_t create(db::Connection& c, const Resource& r, std::int64_t author_id) {
  auto now = util::now_unix();
  auto id = c.insert(
      "INSERT INTO resources (org_id, author_id, lang, kind, title, description, licence, format, url, media_id, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {r.org_id, author_id, r.lang, r.kind, r.title, r.description, r.licence, r.format,
       r.url.empty() ? std::optional<std::string>() : r.url, r.media_id, now, now});
  index(c, id);
  return id;
}

void update(db::Connection& c, const Resource& r) {
  c.exec("UPDATE resources SET lang = ?, kind = ?, title = ?, description = ?, licence = ?, format = ?, url = ?, "
         "media_id = ?, updated_at = ? WHERE id = ?",
         {r.lang, r.kind, r.title, r.description, r.licence, r.format,
          r.url.empty() ? std::optional<std::string>() : r.url, r.media_id, util::now_unix(), r.id});
  index(c, r.id);
}

void remove(db::Connection& c, std::int64_t id) {
  c.exec("DELETE FROM resources WHERE id = ?", {id});
  search::remove(c, "resource", id);
}

bool any(db::Connection& c) { return c.one("SELECT 1 FROM resources LIMIT 1").has_value(); }

void backdate(db::Connection& c, std::int64_t id, std::int64_t at) {
  c.exec("UPDATE resources SET created_at = ?, updated_at = ? WHERE id = ?", {at, at, id});
}

void index(db::Connection& c, std::int64_t id) {
  auto r = find(c, id);
  if (!r) {
    search::remove(c, "resource", id);
    return;
  }
  search::put(c, {.kind = "resource", .ref_id = r->id, .lang = r->lang, .org_id = r->org_id, .title = r->title,
                  .body = view::markdown_plain_text(r->description, search::kMaxBodyChars, true),
                  .url = "/resources/" + std::to_string(r->id), .shown_at = r->updated_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM resources ORDER BY id")) index(c, r.i64(0));
}

}  // namespace cityskills::resources::store

namespace cityskills::resources {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::resources
