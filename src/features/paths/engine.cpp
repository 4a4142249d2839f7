// Awarding: when what a person achieved changes, each path they follow is checked; steps met are
// recorded (so a later change to the path never takes them away) and a completed path is
// recorded once per person, with its evidence, however many completions race on however many
// nodes (the completion's primary key decides).
#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "db/in_list.hpp"
#include "features/catalog/api.hpp"
#include "features/credentials/api.hpp"
#include "features/paths/api.hpp"
#include "features/paths/progress.hpp"
#include "features/paths/store.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::paths {
namespace {

// Paths can require other paths: completing one may complete another, so a few rounds.
constexpr int kMaxRounds = 4;

std::string completion_evidence(db::Connection& c, std::int64_t user_id, const std::vector<Step>& steps, const Facts& f) {
  boost::json::array out;
  std::map<std::int64_t, std::string> recorded;
  for (const auto& r : c.query("SELECT r.step_id, r.evidence FROM path_step_records r WHERE r.user_id = ?", {user_id}))
    recorded[r.i64(0)] = r.str(1);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto it = recorded.find(steps[i].id);
    auto text = it != recorded.end() ? it->second : step_evidence(steps[i], f);
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) continue;
    if (!steps[i].title.empty()) v.as_object()["title"] = steps[i].title;
    v.as_object()["position"] = static_cast<std::int64_t>(i + 1);
    out.push_back(std::move(v));
  }
  boost::json::object o;
  o["steps"] = std::move(out);
  return boost::json::serialize(o);
}

// The certificate and verifiable credential of a completed path: the path as it is now, with the
// competences its courses develop at the level the path leads to, issued by its organisation and
// its co-issuers (credentials keep this snapshot, whatever the path becomes later).
void award(db::Connection& c, std::int64_t user_id, const Path& p, const std::vector<Step>& steps,
           const std::string& evidence, std::int64_t at) {
  credentials::Achievement a;
  a.kind = p.qualification ? "qualification" : "path";
  a.subject_id = p.group_id;
  a.lang = p.lang;
  a.title = p.title;
  a.description = p.summary;
  std::vector<std::int64_t> courses;
  std::set<std::string> areas;
  for (const auto& s : steps)
    for (const auto& r : s.requirements) {
      if (r.course_id) courses.push_back(*r.course_id);
      if (r.kind == "level") areas.insert(r.area);
    }
  std::set<std::string> codes;
  for (const auto& course : catalog::courses_by_id(c, courses))
    for (const auto& code : course.competences) codes.insert(code);
  for (const auto& code : codes) a.competences.emplace_back(code, p.level);
  for (const auto& area : areas)
    if (!codes.count(area)) a.competences.emplace_back(area, p.level);
  a.issuer_org_ids = {p.org_id};
  for (auto id : p.issuer_ids) a.issuer_org_ids.push_back(id);
  a.evidence_json = evidence;
  a.achieved_at = at;
  credentials::award(c, user_id, a);
}

}  // namespace

void refresh(db::Tx& c, std::int64_t user_id) {
  for (int round = 0; round < kMaxRounds; ++round) {
    bool completed_any = false;
    auto paths = store::followed(c, user_id);
    if (paths.empty()) return;
    auto f = store::facts(c, user_id);  // with every step already recorded for the person
    std::vector<std::int64_t> ids;
    for (const auto& p : paths)
      if (!f.paths.count(p.group_id)) ids.push_back(p.id);
    auto all_steps = store::steps_of(c, ids);
    for (const auto& p : paths) {
      if (f.paths.count(p.group_id)) continue;  // already completed (in any language)
      const auto& steps = all_steps[p.id];
      auto pr = evaluate(steps, f);
      for (std::size_t i = 0; i < steps.size(); ++i)
        if (pr.steps[i].done && !pr.steps[i].recorded) store::record_step(c, user_id, steps[i].id, step_evidence(steps[i], f));
      if (!pr.complete) continue;
      auto evidence = completion_evidence(c, user_id, steps, f);
      auto now = util::now_unix();
      if (store::complete(c, user_id, p, evidence, now)) {
        completed_any = true;
        award(c, user_id, p, steps, evidence, now);
        log::info(p.qualification ? "qualification awarded" : "path completed",
                  "\"path_id\":" + std::to_string(p.id) + ",\"user_id\":" + std::to_string(user_id));
      }
    }
    if (!completed_any) return;
  }
}

std::vector<assessment::PathCandidate> published_paths(db::Connection& c, const std::string& lang, int limit) {
  std::vector<assessment::PathCandidate> out;
  if (limit <= 0) return out;
  std::map<std::int64_t, std::size_t> at;
  for (const auto& r : c.query("SELECT p.id, COALESCE(p.group_id, p.id), p.title, p.summary, p.lang, p.level, o.name, "
                               "p.qualification FROM paths p JOIN organisations o ON o.id = p.org_id WHERE p.published = 1 "
                               "ORDER BY CASE WHEN p.lang = ? THEN 0 ELSE 1 END, p.id LIMIT ?",
                               {lang, limit})) {
    at[r.i64(0)] = out.size();
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.i64(7) != 0, {}, {}});
  }
  if (out.empty()) return out;
  std::vector<std::int64_t> ids;
  for (const auto& x : out) ids.push_back(x.id);
  db::Params p;
  auto in = db::in_list(ids, p);
  std::map<std::int64_t, std::vector<std::int64_t>> courses_of;
  std::vector<std::int64_t> course_ids;
  for (const auto& r : c.query("SELECT path_id, kind, course_id, area FROM path_requirements WHERE path_id IN (" + in + ")", p)) {
    auto& x = out[at[r.i64(0)]];
    if (r.str(1) == "course" && !r.is_null(2)) {
      courses_of[x.id].push_back(r.i64(2));
      course_ids.push_back(r.i64(2));
    } else if (r.str(1) == "level" && std::find(x.areas.begin(), x.areas.end(), r.str(3)) == x.areas.end()) {
      x.areas.push_back(r.str(3));
    }
  }
  std::map<std::int64_t, std::vector<std::string>> competences;
  for (const auto& course : catalog::courses_by_id(c, course_ids)) competences[course.id] = course.competences;
  for (auto& x : out) {
    std::set<std::string> all;
    for (auto id : courses_of[x.id])
      for (const auto& code : competences[id]) all.insert(code);
    x.competences.assign(all.begin(), all.end());
  }
  return out;
}

}  // namespace cityskills::paths
