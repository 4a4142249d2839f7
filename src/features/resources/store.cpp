#include "features/resources/store.hpp"

#include "features/resources/api.hpp"
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
  Resource r;
  r.id = row.i64(0);
  r.org_id = row.i64(1);
  r.org_name = row.str(2);
  r.org_slug = row.str(3);
  r.author_name = row.str(4);
  r.lang = row.str(5);
  r.kind = row.str(6);
  r.title = row.str(7);
  r.description = row.str(8);
  r.licence = row.str(9);
  r.format = row.str(10);
  r.url = row.str(11);
  r.media_id = row.opt_i64(12);
  r.file_name = row.str(13);
  r.file_size = row.i64(14);
  r.updated_at = row.i64(15);
  return r;
}

}  // namespace

std::vector<Resource> list(db::Connection& c, const Filter& f, int limit, int offset) {
  std::string sql = std::string(kSelect) + "WHERE 1 = 1";
  db::Params p;
  auto eq = [&](const char* column, const std::string& v) {
    if (v.empty()) return;
    sql += std::string(" AND ") + column + " = ?";
    p.emplace_back(v);
  };
  eq("r.kind", f.kind);
  eq("r.licence", f.licence);
  eq("r.format", f.format);
  eq("r.lang", f.lang);
  if (f.org_id) {
    sql += " AND r.org_id = ?";
    p.emplace_back(*f.org_id);
  }
  sql += " ORDER BY r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?";
  p.emplace_back(limit);
  p.emplace_back(offset);
  std::vector<Resource> out;
  for (const auto& r : c.query(sql, p)) out.push_back(to_resource(r));
  return out;
}

std::optional<Resource> find(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kSelect) + "WHERE r.id = ?", {id});
  if (!r) return std::nullopt;
  return to_resource(*r);
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
