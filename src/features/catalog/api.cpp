#include "features/catalog/api.hpp"

#include <algorithm>
#include <map>

namespace cityskills::catalog {

std::vector<CourseRef> courses_for(db::Connection& c, const std::vector<std::string>& competences,
                                   const std::string& level, const std::string& lang, int limit) {
  if (competences.empty() || limit <= 0) return {};
  std::string in;
  db::Params p{level};
  for (const auto& code : competences) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(code);
  }
  // Every matching course with the competences it matched; translations are folded below.
  auto rows = c.query(
      "SELECT c.id, c.group_id, c.title, c.summary, c.lang, c.level, o.name, cc.competence, "
      "(SELECT COALESCE(SUM(l.minutes), 0) FROM lessons l WHERE l.course_id = c.id) "
      "FROM courses c JOIN organisations o ON o.id = c.org_id "
      "JOIN course_competences cc ON cc.course_id = c.id "
      "WHERE c.published = 1 AND c.level = ? AND cc.competence IN (" + in + ") ORDER BY c.id, cc.competence",
      p);
  struct Candidate {
    CourseRef ref;
    std::int64_t group = 0;
  };
  std::map<std::int64_t, Candidate> by_id;
  for (const auto& r : rows) {
    auto& cand = by_id[r.i64(0)];
    if (cand.ref.id == 0) {
      cand.ref = {r.i64(0), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), static_cast<int>(r.i64(8)), {}};
      cand.group = r.i64(1);
    }
    cand.ref.competences.push_back(r.str(7));
  }
  // One course per translation group: the reader's language, else the original.
  std::map<std::int64_t, const Candidate*> best;
  for (const auto& [id, cand] : by_id) {
    auto& chosen = best[cand.group];
    auto rank = [&](const Candidate* x) { return x->ref.lang == lang ? 0 : x->ref.id == x->group ? 1 : 2; };
    if (!chosen || rank(&cand) < rank(chosen)) chosen = &cand;
  }
  std::vector<CourseRef> out;
  for (const auto& [group, cand] : best) out.push_back(cand->ref);
  std::stable_sort(out.begin(), out.end(), [&](const CourseRef& a, const CourseRef& b) {
    bool la = a.lang == lang, lb = b.lang == lang;
    if (la != lb) return la;
    return a.competences.size() > b.competences.size();
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace cityskills::catalog
