#include "features/practices/api.hpp"

#include "util/strings.hpp"

namespace cityskills::practices {

std::vector<PracticeRef> published_in_areas(db::Connection& c, const std::vector<std::string>& areas,
                                            const std::string& lang, int limit) {
  std::string in;
  db::Params p;
  for (const auto& a : areas)
    if (auto n = util::parse_int(a)) {
      in += in.empty() ? "?" : ", ?";
      p.emplace_back(*n);
    }
  if (in.empty() || limit <= 0) return {};
  p.emplace_back(lang);
  p.emplace_back(limit);
  auto rows = c.query(
      "SELECT p.id, p.title, p.lang, o.name, a.area FROM practices p JOIN organisations o ON o.id = p.org_id "
      "JOIN practice_areas a ON a.practice_id = p.id "
      "WHERE p.id IN (SELECT k.id FROM practices k WHERE k.status = 'published' AND EXISTS ("
      "SELECT 1 FROM practice_areas m WHERE m.practice_id = k.id AND m.area IN (" + in + ")) "
      "ORDER BY CASE WHEN k.lang = ? THEN 0 ELSE 1 END, k.id DESC LIMIT ?) "
      "ORDER BY p.id, a.area",
      p);
  std::vector<PracticeRef> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id != r.i64(0)) out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), {}});
    out.back().areas.push_back(std::to_string(r.i64(4)));
  }
  return out;
}

}  // namespace cityskills::practices
