#include "features/catalog/api.hpp"

#include "db/rows.hpp"

#include <algorithm>
#include <map>

#include "db/in_list.hpp"

namespace cityskills::catalog {

std::vector<CourseRef> courses_teaching(db::Connection& c, const std::vector<std::string>& competences,
                                        const std::string& lang, int limit) {
  if (competences.empty() || limit <= 0) return {};
  db::Params p;
  auto in = db::in_list(competences, p);
  p.emplace_back(lang);
  p.emplace_back(limit);
  // The bounded set of courses first, then one row per (course, competence).
  auto rows = c.query(
      "SELECT c.id, COALESCE(c.group_id, c.translation_of, c.id), c.title, c.summary, c.lang, c.level, o.name, cc.competence "
      "FROM courses c JOIN organisations o ON o.id = c.org_id "
      "JOIN course_competences cc ON cc.course_id = c.id "
      "WHERE c.id IN (SELECT k.id FROM courses k WHERE k.published = 1 AND EXISTS ("
      "SELECT 1 FROM course_competences m WHERE m.course_id = k.id AND m.competence IN (" + in + ")) "
      "ORDER BY CASE WHEN k.lang = ? THEN 0 ELSE 1 END, k.id LIMIT ?) "
      "ORDER BY c.id, cc.competence",
      p);
  std::vector<CourseRef> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id != r.i64(0)) {
      auto id = r.i64(0);
      out.push_back({id, r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), {}, 0, true});
    }
    out.back().competences.push_back(r.str(7));
  }
  return out;
}

std::vector<CourseRef> courses_by_id(db::Connection& c, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  db::Params p;
  auto in = db::in_list(ids, p);
  auto rows = c.query(
      "SELECT c.id, COALESCE(c.group_id, c.translation_of, c.id), c.title, c.summary, c.lang, c.level, o.name, c.org_id, "
      "c.published, cc.competence FROM courses c JOIN organisations o ON o.id = c.org_id "
      "LEFT JOIN course_competences cc ON cc.course_id = c.id WHERE c.id IN (" + in + ") ORDER BY c.id, cc.competence",
      p);
  std::vector<CourseRef> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id != r.i64(0))
      out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), {}, r.i64(7), r.i64(8) != 0});
    if (!r.is_null(9)) out.back().competences.push_back(r.str(9));
  }
  return out;
}

std::vector<CourseRef> courses_of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit) {
  if (org_ids.empty() || limit <= 0) return {};
  db::Params p;
  auto in = db::in_list(org_ids, p);
  p.emplace_back(limit);
  std::vector<std::int64_t> ids;
  for (const auto& r : c.query("SELECT id FROM courses WHERE org_id IN (" + in + ") ORDER BY id DESC LIMIT ?", p))
    ids.push_back(r.i64(0));
  auto out = courses_by_id(c, ids);
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<std::int64_t> course_id_by_title(db::Connection& c, const std::string& title) {
  return db::id_of(c.one("SELECT id FROM courses WHERE title = ? ORDER BY id LIMIT 1", {title}));
}

std::map<std::int64_t, std::int64_t> completed_groups(db::Connection& c, std::int64_t user_id) {
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : c.query("SELECT COALESCE(c.group_id, c.id), MIN(e.completed_at) FROM enrolments e "
                               "JOIN courses c ON c.id = e.course_id WHERE e.user_id = ? AND e.completed_at IS NOT NULL "
                               "GROUP BY COALESCE(c.group_id, c.id)",
                               {user_id}))
    out[r.i64(0)] = r.i64(1);
  return out;
}

}  // namespace cityskills::catalog
