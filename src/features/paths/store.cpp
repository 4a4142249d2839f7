#include "features/paths/store.hpp"

#include "db/rows.hpp"

#include <algorithm>
#include <set>

#include "db/in_list.hpp"
#include "features/assessment/api.hpp"
#include "features/catalog/api.hpp"
#include "features/events/api.hpp"
#include "search/search.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"

namespace cityskills::paths::store {
namespace {

constexpr const char* kPathFields =
    "SELECT p.id, p.org_id, p.group_id, p.translation_of, o.name, o.slug, p.lang, p.title, p.summary, p.description, "
    "p.audience, p.level, p.qualification, p.published, p.published_at, p.created_at, p.updated_at "
    "FROM paths p JOIN organisations o ON o.id = p.org_id ";

Path to_path(const db::Row& r) {
  Path p;
  db::read_into(r, 0, p, &Path::id, &Path::org_id);
  p.group_id = r.opt_i64(2).value_or(p.id);
  db::read_into(r, 3, p, &Path::translation_of, &Path::org_name, &Path::org_slug, &Path::lang, &Path::title,
                &Path::summary, &Path::description, &Path::audience, &Path::level, &Path::qualification,
                &Path::published);
  p.published_at = r.opt_i64(14).value_or(0);
  db::read_into(r, 15, p, &Path::created_at, &Path::updated_at);
  return p;
}

// Co-issuing organisations of each path, in one query.
void fill_issuers(db::Connection& c, std::vector<Path>& paths) {
  if (paths.empty()) return;
  std::map<std::int64_t, std::vector<Path*>> by_id;
  std::vector<std::int64_t> ids;
  for (auto& x : paths) {
    ids.push_back(x.id);
    by_id[x.id].push_back(&x);
  }
  db::Params p;
  auto in = db::in_list(ids, p);
  for (const auto& r : c.query("SELECT i.path_id, o.id, o.name FROM path_issuers i JOIN organisations o ON o.id = i.org_id "
                               "WHERE i.path_id IN (" + in + ") ORDER BY o.name, o.id",
                               p))
    for (auto* x : by_id[r.i64(0)]) {
      x->issuer_ids.push_back(r.i64(1));
      x->issuer_names.push_back(r.str(2));
    }
}

std::vector<Path> paths_of(db::Connection& c, const std::string& sql, const db::Params& p) {
  auto out = db::read_all(c.query(sql, p), to_path);
  fill_issuers(c, out);
  return out;
}

}  // namespace

std::vector<Path> list(db::Connection& c, const Filter& f, int limit, int offset) {
  db::ListQuery q(kPathFields);
  q.where("p.published = 1");
  if (!f.lang.empty())
    q.equals("p.lang", f.lang);
  else  // One card per translation group: the reader's language, else the earliest published version.
    q.where(
        "p.id = (SELECT t.id FROM paths t WHERE t.group_id = p.group_id AND t.published = 1 "
        "ORDER BY CASE WHEN t.lang = ? THEN 0 ELSE 1 END, t.id LIMIT 1)",
        {f.reader_lang});
  q.equals("p.level", f.level);
  if (!f.audience.empty()) q.where("p.audience IN (?, 'all')", {f.audience});
  if (f.org_id)
    q.where("(p.org_id = ? OR EXISTS (SELECT 1 FROM path_issuers i WHERE i.path_id = p.id AND i.org_id = ?))",
            {*f.org_id, *f.org_id});
  if (f.qualifications_only) q.where("p.qualification = 1");
  if (f.after) {  // a keyset cursor: the paths after (qualification, published_at, id) in this order
    const auto& [qual, at, id] = *f.after;
    q.where("(p.qualification < ? OR (p.qualification = ? AND (p.published_at < ? OR (p.published_at = ? AND p.id < ?))))",
            {qual, qual, at, at, id});
  }
  q.order_by("p.qualification DESC, p.published_at DESC, p.id DESC").page(limit, offset);
  return paths_of(c, q.sql(), q.params());
}

std::optional<Path> find(db::Connection& c, std::int64_t id) {
  auto v = paths_of(c, std::string(kPathFields) + "WHERE p.id = ?", {id});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Path> of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids) {
  if (org_ids.empty()) return {};
  db::Params p;
  auto in = db::in_list(org_ids, p);
  return paths_of(c, std::string(kPathFields) + "WHERE p.org_id IN (" + in + ") ORDER BY p.updated_at DESC, p.id DESC", p);
}

std::vector<Path> translations(db::Connection& c, const Path& x) {
  return paths_of(c, std::string(kPathFields) + "WHERE p.group_id = ? ORDER BY p.id", {x.group_id});
}

std::vector<Step> steps(db::Connection& c, std::int64_t path_id) {
  auto all = steps_of(c, {path_id});
  return std::move(all[path_id]);
}

std::map<std::int64_t, std::vector<Step>> steps_of(db::Connection& c, const std::vector<std::int64_t>& path_ids) {
  std::map<std::int64_t, std::vector<Step>> out;
  if (path_ids.empty()) return out;
  for (auto id : path_ids) out[id];
  db::Params p;
  auto in = db::in_list(path_ids, p);
  std::map<std::int64_t, std::pair<std::int64_t, std::size_t>> at;  // step -> (path, index)
  for (const auto& r : c.query("SELECT id, path_id, position, title, need FROM path_steps WHERE path_id IN (" + in +
                                   ") ORDER BY path_id, position, id",
                               p)) {
    auto& list = out[r.i64(1)];
    at[r.i64(0)] = {r.i64(1), list.size()};
    list.push_back({r.i64(0), r.i64(1), static_cast<int>(r.i64(2)), r.str(3), static_cast<int>(r.i64(4)), {}});
  }
  std::vector<std::int64_t> course_ids, event_ids, sub_ids;
  for (const auto& r : c.query("SELECT id, step_id, position, kind, course_id, event_id, sub_path_id, area, band "
                               "FROM path_requirements WHERE path_id IN (" + in + ") ORDER BY step_id, position, id",
                               p)) {
    auto s = at.find(r.i64(1));
    if (s == at.end()) continue;
    Requirement q;
    q.id = r.i64(0);
    q.step_id = r.i64(1);
    q.position = static_cast<int>(r.i64(2));
    q.kind = r.str(3);
    q.course_id = r.opt_i64(4);
    q.event_id = r.opt_i64(5);
    q.sub_path_id = r.opt_i64(6);
    q.area = r.str(7);
    q.band = r.str(8);
    if (q.course_id) course_ids.push_back(*q.course_id);
    if (q.event_id) event_ids.push_back(*q.event_id);
    if (q.sub_path_id) sub_ids.push_back(*q.sub_path_id);
    out[s->second.first][s->second.second].requirements.push_back(std::move(q));
  }
  // What the requirements name, in one query per kind.
  std::map<std::int64_t, catalog::CourseRef> courses;
  for (auto& x : catalog::courses_by_id(c, course_ids)) courses[x.id] = std::move(x);
  std::map<std::int64_t, events::EventRef> evs;
  for (auto& x : events::events_by_id(c, event_ids)) evs[x.id] = std::move(x);
  std::map<std::int64_t, Path> subs;
  if (!sub_ids.empty()) {
    db::Params sp;
    auto sin = db::in_list(sub_ids, sp);
    for (auto& x : paths_of(c, std::string(kPathFields) + "WHERE p.id IN (" + sin + ")", sp)) subs[x.id] = std::move(x);
  }
  for (auto& [path, list] : out)
    for (auto& s : list)
      for (auto& q : s.requirements) {
        if (q.course_id) {
          if (auto it = courses.find(*q.course_id); it != courses.end()) {
            q.title = it->second.title;
            q.lang = it->second.lang;
            q.course_group = it->second.group;
            q.available = it->second.published;
          }
        } else if (q.event_id) {
          if (auto it = evs.find(*q.event_id); it != evs.end()) {
            q.title = it->second.title;
            q.lang = it->second.lang;
            q.starts_at = it->second.starts_at;
            q.ends_at = it->second.ends_at;
            q.time_zone = it->second.time_zone;
            q.available = it->second.published;
          }
        } else if (q.sub_path_id) {
          if (auto it = subs.find(*q.sub_path_id); it != subs.end()) {
            q.title = it->second.title;
            q.lang = it->second.lang;
            q.sub_path_group = it->second.group_id;
            q.available = it->second.published;
          }
        }
      }
  return out;
}

std::int64_t create(db::Connection& c, const Path& x, std::int64_t author_id) {
  auto now = util::now_unix();
  auto id = c.insert(
      "INSERT INTO paths (org_id, translation_of, lang, title, summary, description, audience, level, qualification, "
      "published, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
      {x.org_id, x.translation_of, x.lang, x.title, x.summary, x.description, x.audience, x.level, x.qualification,
       author_id > 0 ? db::Param(author_id) : db::Param(nullptr), now, now});
  // A translation joins its original's group (the original of a translation's original, too).
  c.exec("UPDATE paths SET group_id = COALESCE((SELECT o.group_id FROM paths o WHERE o.id = paths.translation_of), id) "
         "WHERE id = ?",
         {id});
  return id;
}

void update(db::Connection& c, const Path& x) {
  c.exec("UPDATE paths SET lang = ?, title = ?, summary = ?, description = ?, audience = ?, level = ?, qualification = ?, "
         "updated_at = ? WHERE id = ?",
         {x.lang, x.title, x.summary, x.description, x.audience, x.level, x.qualification, util::now_unix(), x.id});
  index(c, x.id);
}

void set_issuers(db::Connection& c, std::int64_t path_id, const std::vector<std::int64_t>& org_ids) {
  c.exec("DELETE FROM path_issuers WHERE path_id = ?", {path_id});
  for (auto org : std::set<std::int64_t>(org_ids.begin(), org_ids.end()))
    c.exec("INSERT INTO path_issuers (path_id, org_id) VALUES (?, ?)", {path_id, org});
}

void set_published(db::Connection& c, std::int64_t path_id, bool published) {
  auto now = util::now_unix();
  c.exec("UPDATE paths SET published = ?, published_at = CASE WHEN ? = 1 THEN COALESCE(published_at, ?) ELSE published_at END, "
         "updated_at = ? WHERE id = ?",
         {published, published, now, now, path_id});
  index(c, path_id);
}

void remove(db::Connection& c, std::int64_t path_id) {
  search::remove(c, "path", path_id);
  c.exec("DELETE FROM paths WHERE id = ?", {path_id});
}

void index(db::Connection& c, std::int64_t path_id) {
  auto x = find(c, path_id);
  if (!x || !x->published) {
    search::remove(c, "path", path_id);
    return;
  }
  std::string body = x->summary + "\n" + view::markdown_plain_text(x->description, search::kMaxBodyChars, true);
  for (const auto& s : steps(c, path_id)) {
    if (!s.title.empty()) body += "\n" + s.title;
    for (const auto& q : s.requirements)
      if (!q.title.empty()) body += "\n" + q.title;
  }
  search::put(c, {.kind = "path", .ref_id = x->id, .lang = x->lang, .org_id = x->org_id, .title = x->title,
                  .body = body, .url = "/paths/" + std::to_string(x->id), .shown_at = x->published_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM paths WHERE published = 1 ORDER BY id")) index(c, r.i64(0));
}

std::optional<StepRef> step(db::Connection& c, std::int64_t step_id) {
  auto r = c.one("SELECT s.id, s.path_id, s.position, s.need, s.title, "
                 "(SELECT COUNT(*) FROM path_requirements q WHERE q.step_id = s.id) FROM path_steps s WHERE s.id = ?",
                 {step_id});
  if (!r) return std::nullopt;
  return StepRef{r->i64(0), r->i64(1), static_cast<int>(r->i64(2)), static_cast<int>(r->i64(3)),
                 static_cast<int>(r->i64(5)), r->str(4)};
}

std::int64_t add_step(db::Connection& c, std::int64_t path_id, const std::string& title, int need) {
  auto now = util::now_unix();
  auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM path_steps WHERE path_id = ?", {path_id})->i64(0);
  auto id = c.insert("INSERT INTO path_steps (path_id, position, title, need, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     {path_id, pos, title, need, now, now});
  c.exec("UPDATE paths SET updated_at = ? WHERE id = ?", {now, path_id});
  return id;
}

void update_step(db::Connection& c, std::int64_t step_id, const std::string& title, int need) {
  c.exec("UPDATE path_steps SET title = ?, need = ?, updated_at = ? WHERE id = ?", {title, need, util::now_unix(), step_id});
}

void delete_step(db::Connection& c, std::int64_t step_id) { c.exec("DELETE FROM path_steps WHERE id = ?", {step_id}); }

bool move_step(db::Connection& c, std::int64_t step_id, int direction) {
  auto s = step(c, step_id);
  if (!s) return false;
  auto other = c.one(direction < 0 ? "SELECT id, position FROM path_steps WHERE path_id = ? AND (position < ? OR "
                                     "(position = ? AND id < ?)) ORDER BY position DESC, id DESC LIMIT 1"
                                   : "SELECT id, position FROM path_steps WHERE path_id = ? AND (position > ? OR "
                                     "(position = ? AND id > ?)) ORDER BY position, id LIMIT 1",
                     {s->path_id, s->position, s->position, s->id});
  if (!other) return false;
  auto now = util::now_unix();
  auto other_pos = other->i64(1);
  // Distinct positions afterwards even when both were equal.
  if (other_pos == s->position) other_pos += direction;
  c.exec("UPDATE path_steps SET position = ?, updated_at = ? WHERE id = ?", {other_pos, now, s->id});
  c.exec("UPDATE path_steps SET position = ?, updated_at = ? WHERE id = ?", {s->position, now, other->i64(0)});
  return true;
}

std::optional<RequirementRef> requirement(db::Connection& c, std::int64_t id) {
  auto r = c.one("SELECT id, step_id, path_id FROM path_requirements WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return RequirementRef{r->i64(0), r->i64(1), r->i64(2)};
}

std::int64_t add_requirement(db::Connection& c, std::int64_t step_id, std::int64_t path_id, const Requirement& q) {
  auto now = util::now_unix();
  auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM path_requirements WHERE step_id = ?", {step_id})->i64(0);
  return c.insert("INSERT INTO path_requirements (step_id, path_id, position, kind, course_id, event_id, sub_path_id, area, "
                  "band, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {step_id, path_id, pos, q.kind, q.course_id, q.event_id, q.sub_path_id, q.area, q.band, now, now});
}

void delete_requirement(db::Connection& c, std::int64_t id) { c.exec("DELETE FROM path_requirements WHERE id = ?", {id}); }

std::map<std::int64_t, std::vector<std::int64_t>> sub_paths(db::Connection& c) {
  std::map<std::int64_t, std::vector<std::int64_t>> out;
  for (const auto& r : c.query("SELECT path_id, sub_path_id FROM path_requirements WHERE sub_path_id IS NOT NULL"))
    out[r.i64(0)].push_back(r.i64(1));
  return out;
}

bool following(db::Connection& c, std::int64_t user_id, std::int64_t path_id) {
  return c.one("SELECT 1 FROM path_followers WHERE user_id = ? AND path_id = ?", {user_id, path_id}).has_value();
}

void follow(db::Connection& c, std::int64_t user_id, std::int64_t path_id) {
  auto now = util::now_unix();
  c.exec("INSERT INTO path_followers (user_id, path_id, created_at, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (user_id, path_id) DO NOTHING",
         {user_id, path_id, now, now});
}

void unfollow(db::Connection& c, std::int64_t user_id, std::int64_t path_id) {
  c.exec("DELETE FROM path_followers WHERE user_id = ? AND path_id = ?", {user_id, path_id});
}

std::vector<Path> followed(db::Connection& c, std::int64_t user_id) {
  return paths_of(c, std::string(kPathFields) + "JOIN path_followers f ON f.path_id = p.id WHERE f.user_id = ? "
                                                "AND p.published = 1 ORDER BY f.created_at DESC, p.id DESC",
                  {user_id});
}

Facts facts(db::Connection& c, std::int64_t user_id, std::int64_t path_id) {
  Facts f;
  f.courses = catalog::completed_groups(c, user_id);
  f.events = events::attended(c, user_id);
  f.areas = assessment::best_area_levels(c, user_id);
  for (const auto& r : c.query("SELECT group_id, completed_at FROM path_completions WHERE user_id = ?", {user_id}))
    f.paths[r.i64(0)] = r.i64(1);
  if (path_id) {
    for (const auto& r : c.query("SELECT r.step_id FROM path_step_records r JOIN path_steps s ON s.id = r.step_id "
                                 "WHERE r.user_id = ? AND s.path_id = ?",
                                 {user_id, path_id}))
      f.recorded_steps.insert(r.i64(0));
  } else {
    // Every step recorded for the person (step ids are unique across paths).
    for (const auto& r : c.query("SELECT step_id FROM path_step_records WHERE user_id = ?", {user_id}))
      f.recorded_steps.insert(r.i64(0));
  }
  return f;
}

void record_step(db::Connection& c, std::int64_t user_id, std::int64_t step_id, const std::string& evidence) {
  c.exec("INSERT INTO path_step_records (user_id, step_id, evidence, created_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (user_id, step_id) DO NOTHING",
         {user_id, step_id, evidence, util::now_unix()});
}

bool complete(db::Connection& c, std::int64_t user_id, const Path& p, const std::string& evidence, std::int64_t at) {
  return c.exec("INSERT INTO path_completions (user_id, group_id, path_id, qualification, title, evidence, completed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, group_id) DO NOTHING",
                {user_id, p.group_id, p.id, p.qualification, p.title, evidence, at}) > 0;
}

namespace {
constexpr const char* kCompletionFields =
    "SELECT k.user_id, k.group_id, k.completed_at, k.path_id, u.display_name, k.title, k.evidence, k.qualification "
    "FROM path_completions k JOIN users u ON u.id = k.user_id ";
Completion to_completion(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.opt_i64(3), r.str(4), r.str(5), r.str(6), r.i64(7) != 0};
}
}  // namespace

std::optional<Completion> completion(db::Connection& c, std::int64_t user_id, std::int64_t group_id) {
  return db::read_one(
      c.one(std::string(kCompletionFields) + "WHERE k.user_id = ? AND k.group_id = ?", {user_id, group_id}),
      to_completion);
}

std::vector<Completion> completions_of(db::Connection& c, std::int64_t group_id) {
  return db::read_all(
      c.query(std::string(kCompletionFields) + "WHERE k.group_id = ? ORDER BY k.completed_at DESC, k.user_id",
              {group_id}),
      to_completion);
}

std::vector<Completion> completions_by(db::Connection& c, std::int64_t user_id) {
  return db::read_all(
      c.query(std::string(kCompletionFields) + "WHERE k.user_id = ? ORDER BY k.completed_at DESC", {user_id}),
      to_completion);
}

std::int64_t followers(db::Connection& c, std::int64_t group_id) {
  return c.one("SELECT COUNT(DISTINCT f.user_id) FROM path_followers f JOIN paths p ON p.id = f.path_id WHERE p.group_id = ? "
               "AND NOT EXISTS (SELECT 1 FROM path_completions k WHERE k.user_id = f.user_id AND k.group_id = p.group_id)",
               {group_id})
      ->i64(0);
}

bool has_completions(db::Connection& c, std::int64_t path_id) {
  return c.one("SELECT 1 FROM path_completions WHERE path_id = ? LIMIT 1", {path_id}).has_value();
}

}  // namespace cityskills::paths::store
