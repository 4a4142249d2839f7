// Loads a large catalogue for benchmarks: USERS people, COURSES published courses of five
// lessons each (with competences, levels and translations), every person enrolled in a few
// courses, and PROGRESS lesson-progress rows in all. With --paths N, N published learning paths
// of four steps (three courses and a "2 of 3" group) that the first person follows, and that
// person enrolled in --person-courses courses with progress. Prints one signed-in session cookie,
// the id of a course that person is enrolled in and the id of a path they follow, for wrk.
// With --report-course N, one more course of five lessons (the last a three-question quiz) with
// N people enrolled, each with progress and a quiz attempt, and a member of staff (platform
// administrator, author of the courses' organisation); it then also prints that course's id and
// the staff member's session cookie (for the course report and the dashboard).
//
// Usage: catalog_load --database URL [--users 10000] [--courses 200] [--progress 1000000]
//                     [--paths 0] [--person-courses 0] [--report-course 0]
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/migrate.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/model.hpp"
#include "features/catalog/report.hpp"
#include "features/catalog/store.hpp"
#include "features/orgs/store.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

using namespace cityskills;

namespace {

// Inserts rows in multi-row statements of `batch` rows: one round trip per batch.
class Batch {
 public:
  Batch(db::Connection& c, std::string head, int columns, int batch = 500)
      : c_(c), head_(std::move(head)), columns_(columns), batch_(batch) {}
  ~Batch() { flush(); }
  // One row; values are placed straight into the batch (no temporary list to copy from).
  template <class... T>
  void add(T&&... values) {
    (params_.emplace_back(std::forward<T>(values)), ...);
    if (++rows_ == batch_) flush();
  }
  void flush() {
    if (rows_ == 0) return;
    std::string sql = head_ + " VALUES ";
    std::string one = "(";
    for (int i = 0; i < columns_; ++i) one += i ? ", ?" : "?";
    one += ")";
    for (int r = 0; r < rows_; ++r) sql += (r ? ", " : "") + one;
    c_.exec(sql, params_);
    params_.clear();
    rows_ = 0;
  }

 private:
  db::Connection& c_;
  std::string head_;
  int columns_, batch_, rows_ = 0;
  db::Params params_;
};

// The course report's course: five lessons (the last a quiz of three single-choice questions),
// `people` of the loaded people enrolled, each with the first three lessons done (every tenth
// person all five, completed) and one quiz attempt (two right answers, or all three); and a
// member of staff who may read the report and the dashboard. Returns the course's id.
std::int64_t load_report_course(db::Connection& c, std::int64_t org, const std::vector<std::int64_t>& users, int people,
                                const std::string& tag, const std::string& staff_token, std::int64_t now) {
  auto id = c.insert(
      "INSERT INTO courses (org_id, lang, title, summary, description, outcomes, level, audience, open_access, "
      "published, published_at, created_at, updated_at) VALUES (?, 'en', 'Course with a full house', "
      "'Everyone is enrolled.', 'A **description**.', 'Outcome', 'foundation', 'all', 0, 1, ?, ?, ?) RETURNING id",
      {org, now, now, now});
  c.exec("UPDATE courses SET group_id = id WHERE id = ?", {id});
  auto module = c.insert("INSERT INTO course_modules (course_id, position, title, created_at, updated_at) VALUES "
                         "(?, 1, 'Module', ?, ?) RETURNING id",
                         {id, now, now});
  std::vector<std::int64_t> lessons;
  for (int l = 0; l < 5; ++l)
    lessons.push_back(c.insert(
        "INSERT INTO lessons (course_id, module_id, position, kind, title, body, minutes, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 'Lesson text', 6, ?, ?) RETURNING id",
        {id, module, l + 1, l == 4 ? "quiz" : "text", "Lesson " + std::to_string(l + 1), now, now}));
  std::vector<std::pair<std::int64_t, std::int64_t>> right_wrong;  // per question: right option, wrong option
  for (int q = 0; q < 3; ++q) {
    auto question = c.insert("INSERT INTO quiz_questions (lesson_id, position, kind, prompt, created_at, updated_at) "
                             "VALUES (?, ?, 'single', ?, ?, ?) RETURNING id",
                             {lessons.back(), q + 1, "Question " + std::to_string(q + 1) + "?", now, now});
    auto right = c.insert("INSERT INTO quiz_options (question_id, position, text, correct) VALUES (?, 1, 'Right', 1) "
                          "RETURNING id",
                          {question});
    auto wrong = c.insert("INSERT INTO quiz_options (question_id, position, text, correct) VALUES (?, 2, 'Wrong', 0) "
                          "RETURNING id",
                          {question});
    right_wrong.emplace_back(right, wrong);
  }
  const std::string ids[] = {std::to_string(right_wrong[0].first), std::to_string(right_wrong[1].first),
                             std::to_string(right_wrong[2].first), std::to_string(right_wrong[2].second)};
  Batch enrol(c, "INSERT INTO enrolments (user_id, course_id, last_lesson_id, completed_at, created_at, updated_at)", 6);
  Batch prog(c, "INSERT INTO lesson_progress (user_id, lesson_id, course_id, position_seconds, completed_at, updated_at)", 6);
  Batch attempts(c, "INSERT INTO quiz_attempts (lesson_id, user_id, number, answers, score, passed, created_at)", 7);
  std::vector<std::string> qids;
  for (const auto& r : c.query("SELECT id FROM quiz_questions WHERE lesson_id = ? ORDER BY position", {lessons.back()}))
    qids.push_back(std::to_string(r.i64(0)));
  for (std::size_t u = 0; u < users.size() && u < static_cast<std::size_t>(people); ++u) {
    bool all = u % 10 == 0;
    std::optional<std::int64_t> completed;
    if (all) completed = now;
    enrol.add(users[u], id, lessons[all ? 4 : 2], completed, now, now);
    for (int l = 0; l < (all ? 5 : 3); ++l) prog.add(users[u], lessons[static_cast<std::size_t>(l)], id, 0.0, now, now);
    std::string answers = "{\"" + qids[0] + "\":{\"chosen\":[" + ids[0] + "]},\"" + qids[1] + "\":{\"chosen\":[" + ids[1] +
                          "]},\"" + qids[2] + "\":{\"chosen\":[" + (all ? ids[2] : ids[3]) + "]}}";
    attempts.add(lessons.back(), users[u], 1, answers, all ? 100 : 67, all ? 1 : 0, now);
  }
  enrol.flush();
  prog.flush();
  attempts.flush();
  auto staff = c.insert("INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, platform_admin, "
                        "created_at, updated_at) VALUES (?, 'x', 'Bench staff', 'en', ?, 1, ?, ?) RETURNING id",
                        {"bench-" + tag + "-staff@example.org", now, now, now});
  orgs::store::grant(c, staff, org, "author");
  orgs::store::grant(c, staff, org, "org_admin");
  c.exec("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
         {crypto::sha256_hex(staff_token), staff, now + 86400, now, now});
  return id;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--database")) {
    std::fprintf(stderr, "usage: catalog_load --database URL [--users N] [--courses N] [--progress N]\n");
    return 2;
  }
  auto get = [&](const char* k, int def) { return args.count(k) ? std::stoi(args[k]) : def; };
  const int users = get("--users", 10000), courses = get("--courses", 200), progress = get("--progress", 1000000);
  const int paths = get("--paths", 0), person_courses = get("--person-courses", 0);
  const int report_people = get("--report-course", 0);
  std::int64_t report_course = 0;
  std::string staff_token = crypto::random_token(32);
  std::int64_t first_path = 0;
  const int lessons_per_course = 5;
  crypto::init();
  auto db = db::Database::open(args["--database"], 2);
  db::migrate(*db, db::embedded_migrations());
  auto started = std::chrono::steady_clock::now();
  auto now = util::now_unix();
  auto tag = util::to_lower(crypto::random_token(6));
  std::vector<std::int64_t> user_ids, course_ids, lesson_ids;
  std::string token = crypto::random_token(32);
  db->tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto org = *orgs::store::create(c, {0, "Bench academy", "bench-" + tag, "partner", "IT", ""});
    {
      Batch b(c, "INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at)", 7);
      for (int i = 0; i < users; ++i)
        b.add("bench-" + tag + "-" + std::to_string(i) + "@example.org", "x", "Learner " + std::to_string(i), "en", now,
              now, now);
    }
    for (const auto& r : c.query("SELECT id FROM users WHERE email LIKE ? ORDER BY id", {"bench-" + tag + "-%"}))
      user_ids.push_back(r.i64(0));
    const char* langs[] = {"it", "en", "de", "sv", "fi"};
    for (int i = 0; i < courses; ++i) {
      // Every fifth course is an original; the four after it are its translations.
      std::optional<std::int64_t> original;
      if (i % 5) original = course_ids[static_cast<std::size_t>(i - i % 5)];
      auto id = c.insert(
          "INSERT INTO courses (org_id, translation_of, lang, title, summary, description, outcomes, level, audience, "
          "open_access, published, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?) "
          "RETURNING id",
          {org, original, langs[i % 5], "Course " + std::to_string(i) + " on digital skills",
           "A short course to practise digital skill number " + std::to_string(i) + ".",
           "A **description** of the course.", "Outcome one\nOutcome two", catalog::kLevels[static_cast<std::size_t>(i / 5 % 4)],
           i % 3 ? "all" : "citizen", now - i, now, now});
      course_ids.push_back(id);
      c.exec("UPDATE courses SET group_id = COALESCE(translation_of, id) WHERE id = ?", {id});
      c.exec("INSERT INTO course_competences (course_id, competence) VALUES (?, ?)",
             {id, catalog::kCompetences[static_cast<std::size_t>(i % 21)]});
      auto module = c.insert("INSERT INTO course_modules (course_id, position, title, created_at, updated_at) VALUES "
                             "(?, 1, 'Module', ?, ?) RETURNING id",
                             {id, now, now});
      for (int l = 0; l < lessons_per_course; ++l)
        lesson_ids.push_back(c.insert(
            "INSERT INTO lessons (course_id, module_id, position, kind, title, body, minutes, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'Lesson text', 6, ?, ?) RETURNING id",
            {id, module, l + 1, l == 4 ? "quiz" : l == 0 ? "video" : "text", "Lesson " + std::to_string(l + 1), now, now}));
      catalog::store::refresh_card(c, id);
    }
    // Each person takes progress / (users * lessons_per_course) courses, all lessons touched.
    int per_user = std::max(1, progress / (users * lessons_per_course));
    Batch enrol(c, "INSERT INTO enrolments (user_id, course_id, last_lesson_id, created_at, updated_at)", 5);
    Batch prog(c, "INSERT INTO lesson_progress (user_id, lesson_id, course_id, position_seconds, completed_at, updated_at)", 6);
    long rows = 0;
    for (std::size_t u = 0; u < user_ids.size() && rows < progress; ++u)
      for (int k = 0; k < per_user && rows < progress; ++k) {
        auto ci = (u * 7 + static_cast<std::size_t>(k) * 13) % course_ids.size();
        enrol.add(user_ids[u], course_ids[ci], lesson_ids[ci * lessons_per_course], now, now);
        for (int l = 0; l < lessons_per_course && rows < progress; ++l, ++rows) {
          std::optional<std::int64_t> completed;
          if (l < 3) completed = now;
          prog.add(user_ids[u], lesson_ids[ci * lessons_per_course + static_cast<std::size_t>(l)], course_ids[ci], 30.0 * l,
                   completed, now);
        }
      }
    enrol.flush();
    prog.flush();
    // The first person's own learning: many courses (each with progress), many paths.
    for (int k = 1; k < person_courses && static_cast<std::size_t>(k) < course_ids.size(); ++k) {
      auto ci = (static_cast<std::size_t>(k) * 13) % course_ids.size();
      c.exec("INSERT INTO enrolments (user_id, course_id, last_lesson_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
             "ON CONFLICT (user_id, course_id) DO NOTHING",
             {user_ids.front(), course_ids[ci], lesson_ids[ci * lessons_per_course], now, now});
      for (int l = 0; l < lessons_per_course; ++l) {
        std::optional<std::int64_t> completed;
        if (l < 3) completed = now;
        c.exec("INSERT INTO lesson_progress (user_id, lesson_id, course_id, position_seconds, completed_at, updated_at) "
               "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (user_id, lesson_id) DO NOTHING",
               {user_ids.front(), lesson_ids[ci * lessons_per_course + static_cast<std::size_t>(l)], course_ids[ci],
                completed, now});
      }
    }
    for (int p = 0; p < paths; ++p) {
      // Named values, not temporaries in the list (GCC -O3 warns falsely about those).
      const std::string title = "Path " + std::to_string(p) + " to digital confidence";
      const std::string level = catalog::kLevels[static_cast<std::size_t>(p % 4)];
      db::Params values{org, title, std::string("Four steps of practice."), std::string("A **path** of courses."), level,
                        p % 5 == 0, now, now, now};
      auto id = c.insert("INSERT INTO paths (org_id, lang, title, summary, description, audience, level, qualification, "
                         "published, published_at, created_at, updated_at) VALUES (?, 'en', ?, ?, ?, 'all', ?, ?, 1, ?, ?, ?) "
                         "RETURNING id",
                         values);
      c.exec("UPDATE paths SET group_id = id WHERE id = ?", {id});
      if (!first_path) first_path = id;
      for (int s = 0; s < 4; ++s) {
        const std::string step_title = s == 3 ? "Electives" : "";
        db::Params step_values{id, s + 1, step_title, s == 3 ? 2 : 1, now, now};
        auto step = c.insert("INSERT INTO path_steps (path_id, position, title, need, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             step_values);
        for (int r = 0; r < (s == 3 ? 3 : 1); ++r) {
          auto ci = static_cast<std::size_t>(p * 7 + s * 3 + r) % course_ids.size();
          c.exec("INSERT INTO path_requirements (step_id, path_id, position, kind, course_id, created_at, updated_at) "
                 "VALUES (?, ?, ?, 'course', ?, ?, ?)",
                 {step, id, r + 1, course_ids[ci], now, now});
        }
      }
      c.exec("INSERT INTO path_followers (user_id, path_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
             {user_ids.front(), id, now, now});
    }
    c.exec("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
           {crypto::sha256_hex(token), user_ids.front(), now + 86400, now, now});
    if (report_people > 0) report_course = load_report_course(c, org, user_ids, report_people, tag, staff_token, now);
  });
  // The attempts went in as rows; store how each question went, as the server does for an
  // attempt it records (its background job would do the same at start).
  while (catalog::report::score_stored_attempts(*db, 2000) > 0) {
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "loaded %d users, %d courses, %d progress rows in %.1f s\n", users, courses, progress, seconds);
  // The first person's first course (u = 0, k = 0).
  std::printf("cs_session=%s %lld %lld", token.c_str(), static_cast<long long>(course_ids[0]),
              static_cast<long long>(first_path));
  if (report_people > 0)
    std::printf(" %lld cs_session=%s", static_cast<long long>(report_course), staff_token.c_str());
  std::printf("\n");
  return 0;
}
