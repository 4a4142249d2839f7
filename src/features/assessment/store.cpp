#include "features/assessment/store.hpp"

#include "db/retry.hpp"
#include "db/rows.hpp"

#include <algorithm>

#include "util/crypto.hpp"
#include "web/extensions.hpp"
#include "util/strings.hpp"

namespace cityskills::assessment {

const Question* Bank::question(std::int64_t id) const {
  for (const auto& q : questions)
    if (q.id == id) return &q;
  return nullptr;
}

const Area* Bank::area(const std::string& code) const {
  for (const auto& a : areas)
    if (a.code == code) return &a;
  return nullptr;
}

std::vector<ScoredQuestion> Bank::scored() const {
  std::vector<ScoredQuestion> out;
  for (const auto& q : questions)
    if (q.active) out.push_back({q.id, q.area, q.competence, band_number(q.level), q.kind, q.answer});
  return out;
}

namespace store {
namespace {

// Picks the text in `lang`, else English, else the first there is.
struct Pick {
  std::string text, lang;
  void offer(const std::string& l, const std::string& t, const std::string& want) {
    int rank = l == want ? 0 : l == "en" ? 1 : 2;
    int have = lang.empty() ? 3 : lang == want ? 0 : lang == "en" ? 1 : 2;
    if (rank < have) text = t, lang = l;
  }
};

constexpr const char* kAttemptCols = "SELECT id, framework_id, user_id, lang, current_area, finished_at, created_at FROM assessment_attempts ";

Attempt to_attempt(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.opt_i64(2), r.str(3), static_cast<int>(r.i64(4)), r.opt_i64(5), r.i64(6)};
}

std::int64_t band_of(int level) { return level == 0 ? 0 : band_number(band_of_level(level)); }

}  // namespace

std::vector<Framework> frameworks(db::Connection& c, const std::string& lang) {
  std::map<std::int64_t, Framework> by_id;
  std::map<std::int64_t, Pick> names, descs;
  for (const auto& r : c.query("SELECT f.id, f.code, f.org_id, f.is_default, t.lang, t.name, t.description "
                               "FROM frameworks f JOIN framework_texts t ON t.framework_id = f.id ORDER BY f.id")) {
    auto& f = by_id[r.i64(0)];
    f.id = r.i64(0);
    f.code = r.str(1);
    f.org_id = r.opt_i64(2);
    f.is_default = r.i64(3) != 0;
    names[f.id].offer(r.str(4), r.str(5), lang);
    descs[f.id].offer(r.str(4), r.str(6), lang);
  }
  std::vector<Framework> out;
  for (auto& [id, f] : by_id) {
    f.name = names[id].text;
    f.description = descs[id].text;
    out.push_back(f);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.is_default > b.is_default; });
  return out;
}

std::optional<Framework> framework(db::Connection& c, std::int64_t id, const std::string& lang) {
  for (auto& f : frameworks(c, lang))
    if (f.id == id) return f;
  return std::nullopt;
}

Bank bank(db::Connection& c, const Framework& f, const std::string& lang, Questions which) {
  Bank b;
  b.framework = f;
  std::map<std::int64_t, Pick> area_names, comp_names, prompts;
  for (const auto& r : c.query("SELECT a.id, a.code, COALESCE(a.event_theme, ''), t.lang, t.name FROM framework_areas a "
                               "JOIN framework_area_texts t ON t.area_id = a.id WHERE a.framework_id = ? "
                               "ORDER BY a.position, a.id",
                               {f.id})) {
    if (b.areas.empty() || b.areas.back().id != r.i64(0)) b.areas.push_back({r.i64(0), r.str(1), "", r.str(2), {}});
    area_names[r.i64(0)].offer(r.str(3), r.str(4), lang);
  }
  for (auto& a : b.areas) a.name = area_names[a.id].text;
  for (const auto& r : c.query("SELECT c.id, c.code, a.code, t.lang, t.name FROM framework_competences c "
                               "JOIN framework_areas a ON a.id = c.area_id "
                               "JOIN framework_competence_texts t ON t.competence_id = c.id WHERE c.framework_id = ? "
                               "ORDER BY a.position, c.position, c.id",
                               {f.id})) {
    comp_names[r.i64(0)].offer(r.str(3), r.str(4), lang);
    for (auto& a : b.areas)
      if (a.code == r.str(2) && (a.competences.empty() || a.competences.back().id != r.i64(0)))
        a.competences.push_back({r.i64(0), r.str(1), "", r.str(2)});
  }
  for (auto& a : b.areas)
    for (auto& comp : a.competences) comp.name = comp_names[comp.id].text;
  if (which == Questions::kNone) return b;
  std::map<std::int64_t, std::map<std::string, std::string>> all_prompts;
  for (const auto& r : c.query("SELECT t.question_id, t.lang, t.prompt FROM assessment_question_texts t "
                               "JOIN assessment_questions q ON q.id = t.question_id WHERE q.framework_id = ?",
                               {f.id})) {
    prompts[r.i64(0)].offer(r.str(1), r.str(2), lang);
    all_prompts[r.i64(0)][r.str(1)] = r.str(2);
  }
  for (const auto& r : c.query("SELECT q.id, q.competence_id, c.code, a.code, q.level, q.kind, COALESCE(q.answer, 0), q.active "
                               "FROM assessment_questions q JOIN framework_competences c ON c.id = q.competence_id "
                               "JOIN framework_areas a ON a.id = c.area_id WHERE q.framework_id = ? "
                               "ORDER BY a.position, c.position, q.position, q.id",
                               {f.id})) {
    bool active = r.i64(7) != 0;
    if (!active && which != Questions::kAll) continue;
    Question q{r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), "", "", static_cast<int>(r.i64(6)), active, {}};
    q.prompt = prompts[q.id].text;
    q.prompt_lang = prompts[q.id].lang;
    q.prompts = all_prompts[q.id];
    if (q.prompt.empty()) continue;  // a question with no text at all cannot be asked
    b.questions.push_back(std::move(q));
  }
  return b;
}

std::optional<Attempt> attempt_by_token(db::Connection& c, const std::string& token) {
  if (token.size() != 43) return std::nullopt;
  return db::read_one(c.one(std::string(kAttemptCols) + "WHERE token_hash = ?", {crypto::sha256_hex(token)}),
                      to_attempt);
}

std::optional<Attempt> attempt(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kAttemptCols) + "WHERE id = ?", {id}), to_attempt);
}

bool token_matches(db::Connection& c, std::int64_t attempt_id, const std::string& token) {
  auto a = attempt_by_token(c, token);
  return a && a->id == attempt_id;
}

std::int64_t create_attempt(db::Connection& c, std::int64_t framework_id, const std::string& token,
                            std::optional<std::int64_t> user_id, const std::string& lang) {
  auto now = util::now_unix();
  return c.insert(
      "INSERT INTO assessment_attempts (framework_id, token_hash, user_id, lang, current_area, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {framework_id, crypto::sha256_hex(token), user_id, lang, now, now});
}

bool claim(db::Connection& c, std::int64_t attempt_id, std::int64_t user_id) {
  return c.exec("UPDATE assessment_attempts SET user_id = ?, updated_at = ? WHERE id = ? AND user_id IS NULL",
                {user_id, util::now_unix(), attempt_id}) > 0;
}

std::map<std::int64_t, int> answers(db::Connection& c, std::int64_t attempt_id) {
  std::map<std::int64_t, int> out;
  for (const auto& r : c.query("SELECT question_id, value FROM assessment_answers WHERE attempt_id = ?", {attempt_id}))
    out[r.i64(0)] = static_cast<int>(r.i64(1));
  return out;
}

Saved save_answers(db::Database& db, std::int64_t attempt_id, const std::map<std::int64_t, int>& values, int area) {
  return db::retry_busy([&] {
    return db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
      auto now = util::now_unix();
      // Locks the attempt row (PostgreSQL) so a concurrent finish cannot interleave.
      if (c.exec("UPDATE assessment_attempts SET current_area = ?, updated_at = ? WHERE id = ? AND finished_at IS NULL",
                 {area, now, attempt_id}) == 0)
        return Saved::kFinished;
      for (const auto& [qid, value] : values)
        c.exec("INSERT INTO assessment_answers (attempt_id, question_id, value, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (attempt_id, question_id) "
               "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
               {attempt_id, qid, value, now, now});
      return Saved::kSaved;
    });
  });
}

void finish(db::Database& db, std::int64_t attempt_id, const Bank& bank) {
  db::retry_busy([&] {
    db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
      if (c.exec("UPDATE assessment_attempts SET finished_at = ?, updated_at = ? WHERE id = ? AND finished_at IS NULL",
                 {util::now_unix(), util::now_unix(), attempt_id}) == 0)
        return;
      auto o = score(bank.scored(), answers(c, attempt_id));
      for (const auto* list : {&o.areas, &o.competences})
        for (const auto& l : *list)
          c.exec("INSERT INTO assessment_results (attempt_id, scope, code, score, level, answered, total) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {attempt_id, list == &o.areas ? "area" : "competence", l.code, l.score, l.level, l.answered, l.total});
      auto owner = c.one("SELECT user_id FROM assessment_attempts WHERE id = ?", {attempt_id});
      if (owner && !owner->is_null(0)) web::achievement_changed(c, owner->i64(0));
    });
  });
}

namespace {

Outcome results_in_areas(db::Connection& c, std::int64_t attempt_id, const std::map<std::string, std::string>& area_of) {
  Outcome o;
  for (const auto& r : c.query("SELECT r.scope, r.code, r.score, r.level, r.answered, r.total FROM assessment_results r "
                               "LEFT JOIN assessment_attempts t ON t.id = r.attempt_id "
                               "LEFT JOIN framework_areas fa ON fa.framework_id = t.framework_id AND fa.code = r.code AND r.scope = 'area' "
                               "LEFT JOIN framework_competences fc ON fc.framework_id = t.framework_id AND fc.code = r.code AND r.scope = 'competence' "
                               "WHERE r.attempt_id = ? ORDER BY COALESCE(fa.position, fc.position), r.code",
                               {attempt_id})) {
    Level l{r.str(1), "", r.f64(2), static_cast<int>(r.i64(3)), static_cast<int>(r.i64(4)), static_cast<int>(r.i64(5))};
    if (r.str(0) == "area") {
      l.area = l.code;
      o.areas.push_back(l);
    } else {
      auto it = area_of.find(l.code);
      if (it != area_of.end()) l.area = it->second;
      o.competences.push_back(l);
    }
  }
  return o;
}

}  // namespace

Outcome results(db::Connection& c, std::int64_t attempt_id) {
  std::map<std::string, std::string> area_of;
  for (const auto& r : c.query("SELECT fc.code, fa.code FROM assessment_attempts t "
                               "JOIN framework_competences fc ON fc.framework_id = t.framework_id "
                               "JOIN framework_areas fa ON fa.id = fc.area_id WHERE t.id = ?",
                               {attempt_id}))
    area_of[r.str(0)] = r.str(1);
  return results_in_areas(c, attempt_id, area_of);
}

Outcome results(db::Connection& c, std::int64_t attempt_id, const Bank& framework_bank) {
  std::map<std::string, std::string> area_of;
  for (const auto& a : framework_bank.areas)
    for (const auto& comp : a.competences) area_of[comp.code] = a.code;
  return results_in_areas(c, attempt_id, area_of);
}

std::vector<PastAttempt> history(db::Connection& c, std::int64_t user_id, std::int64_t framework_id) {
  std::vector<PastAttempt> out;
  for (const auto& r : c.query(std::string(kAttemptCols) +
                                   "WHERE user_id = ? AND framework_id = ? AND finished_at IS NOT NULL ORDER BY finished_at, id",
                               {user_id, framework_id}))
    out.push_back({to_attempt(r), {}});
  for (auto& p : out) p.outcome = results(c, p.attempt.id);
  return out;
}

Distribution distribution(db::Connection& c, std::int64_t framework_id, const std::vector<std::int64_t>& user_ids) {
  Distribution d;
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < user_ids.size(); start += kChunk) {
    std::string in;
    db::Params p{framework_id};
    for (std::size_t i = start; i < std::min(user_ids.size(), start + kChunk); ++i) {
      in += in.empty() ? "?" : ", ?";
      p.emplace_back(user_ids[i]);
    }
    // Each person's latest finished attempt only.
    auto rows = c.query(
        "SELECT t.user_id, r.code, r.level FROM assessment_attempts t JOIN assessment_results r ON r.attempt_id = t.id "
        "WHERE t.framework_id = ? AND r.scope = 'area' AND t.finished_at IS NOT NULL AND t.user_id IN (" + in + ") "
        "AND t.id = (SELECT MAX(t2.id) FROM assessment_attempts t2 WHERE t2.user_id = t.user_id "
        "AND t2.framework_id = t.framework_id AND t2.finished_at IS NOT NULL)",
        p);
    std::map<std::int64_t, bool> people;
    for (const auto& r : rows) {
      people[r.i64(0)] = true;
      ++d.per_area[r.str(1)][static_cast<int>(band_of(static_cast<int>(r.i64(2))))];
    }
    d.people += static_cast<int>(people.size());
  }
  return d;
}

std::optional<Question> question(db::Connection& c, std::int64_t id) {
  auto r = c.one("SELECT q.id, q.competence_id, fc.code, fa.code, q.level, q.kind, COALESCE(q.answer, 0), q.active, q.framework_id "
                 "FROM assessment_questions q JOIN framework_competences fc ON fc.id = q.competence_id "
                 "JOIN framework_areas fa ON fa.id = fc.area_id WHERE q.id = ?",
                 {id});
  if (!r) return std::nullopt;
  Question q{r->i64(0), r->i64(1), r->str(2), r->str(3), r->str(4), r->str(5), "", "", static_cast<int>(r->i64(6)),
             r->i64(7) != 0, {}, r->i64(8)};
  for (const auto& t : c.query("SELECT lang, prompt FROM assessment_question_texts WHERE question_id = ?", {id}))
    q.prompts[t.str(0)] = t.str(1);
  return q;
}

std::int64_t save_question(db::Connection& c, std::int64_t framework_id, const Question& q, std::int64_t user_id) {
  auto now = util::now_unix();
  db::Param answer = q.kind == "true_false" ? db::Param(q.answer) : db::Param(nullptr);
  std::int64_t id = q.id;
  if (id == 0) {
    auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM assessment_questions WHERE framework_id = ?", {framework_id})->i64(0);
    id = c.insert("INSERT INTO assessment_questions (framework_id, competence_id, qkey, level, kind, answer, active, position, "
                  "updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {framework_id, q.competence_id, "authored-" + crypto::random_token(9), q.level, q.kind, answer, q.active,
                   pos, user_id, now, now});
  } else {
    c.exec("UPDATE assessment_questions SET competence_id = ?, level = ?, kind = ?, answer = ?, active = ?, updated_by = ?, "
           "updated_at = ? WHERE id = ? AND framework_id = ?",
           {q.competence_id, q.level, q.kind, answer, q.active, user_id, now, id, framework_id});
  }
  c.exec("DELETE FROM assessment_question_texts WHERE question_id = ?", {id});
  for (const auto& [lang, prompt] : q.prompts)
    if (!prompt.empty())
      c.exec("INSERT INTO assessment_question_texts (question_id, lang, prompt) VALUES (?, ?, ?)", {id, lang, prompt});
  return id;
}

}  // namespace store
}  // namespace cityskills::assessment
