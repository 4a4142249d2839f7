#include "features/catalog/api.hpp"

#include <map>

namespace cityskills::catalog {

std::vector<CourseRef> courses_teaching(db::Connection& c, const std::vector<std::string>& competences,
                                        const std::string& lang, int limit) {
  if (competences.empty() || limit <= 0) return {};
  std::string in;
  db::Params p;
  for (const auto& code : competences) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(code);
  }
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
      out.push_back({id, r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), {}});
    }
    out.back().competences.push_back(r.str(7));
  }
  return out;
}

}  // namespace cityskills::catalog
