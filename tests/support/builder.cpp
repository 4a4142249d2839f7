#include "support/builder.hpp"
#include "support/quiz_course.hpp"

#include "features/catalog/store.hpp"
#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "util/strings.hpp"

namespace cityskills::test {
namespace {

// What the builder writes, it writes as the test server's node would: the node's shared page
// copies go, as after a change made through its pages (decision note 0037).
struct Writes {
  TestServer& s;
  ~Writes() { s.services().pages.drop_all(); }
};

}  // namespace

std::int64_t make_org(TestServer& s, const std::string& slug, const std::string& name, const std::string& kind,
                      const std::string& country) {
  Writes writes{s};
  auto c = s.db().acquire();
  return *orgs::store::create(*c, {0, name.empty() ? "Org " + slug : name, slug, kind, country, ""});
}

TwoOrgs city_and_partner(TestServer& s) {
  return {make_org(s, "city-a", "City A", "city", "IT"), make_org(s, "partner-b", "Partner B", "partner", "SE")};
}

void grant(TestServer& s, std::int64_t user, std::int64_t org_id, const std::string& role) {
  Writes writes{s};
  auto c = s.db().acquire();
  orgs::store::grant(*c, user, org_id, role);
}

Person make_person(TestServer& s, const std::string& tag, std::int64_t org_id, const std::string& role,
                   const std::string& name) {
  Writes writes{s};
  Person p{0, unique_email(tag)};
  p.id = s.add_user(p.email, kPassword);
  auto c = s.db().acquire();
  if (!name.empty()) c->exec("UPDATE users SET display_name = ? WHERE id = ?", {name, p.id});
  if (org_id) orgs::store::grant(*c, p.id, org_id, role);
  return p;
}

Member make_member(TestServer& s, std::int64_t org_id, const std::string& role, const std::string& name) {
  auto p = make_person(s, role, org_id, role, name);
  return {s.signed_in(p.email, kPassword), p.id};
}

events::Event event_of(std::int64_t org_id, const std::string& title, std::int64_t starts_in) {
  events::Event e;
  e.org_id = org_id;
  e.kind = "webinar";
  e.title = title;
  e.summary = "A summary";
  e.description = "Agenda";
  e.lang = "en";
  e.theme = "safety";
  e.audience = "everyone";
  e.age_group = "all";
  e.starts_at = util::now_unix() + starts_in;
  e.ends_at = e.starts_at + 3600;
  e.time_zone = "Europe/Rome";
  e.online = true;
  e.join_url = "https://meet.example.org/room";
  e.capacity = 20;
  return e;
}

std::int64_t add_event(TestServer& s, const events::Event& e) {
  Writes writes{s};
  auto c = s.db().acquire();
  return events::store::create(*c, e, 0);
}

catalog::Course course_of(std::int64_t org_id, const std::string& title, const std::string& lang) {
  catalog::Course x;
  x.org_id = org_id;
  x.lang = lang;
  x.title = title;
  x.summary = "Summary of " + title;
  x.level = "intermediate";
  x.audience = "citizen";
  return x;
}

std::int64_t add_course(TestServer& s, const catalog::Course& x, bool published) {
  Writes writes{s};
  auto c = s.db().acquire();
  auto id = catalog::store::create_course(*c, x, 0);
  if (published) catalog::store::set_published(*c, id, true);
  return id;
}

QuizCourse add_quiz_course(TestServer& s, const catalog::Course& x, const std::string& prompt, bool answer) {
  Writes writes{s};
  auto c = s.db().acquire();
  QuizCourse out;
  out.course = catalog::store::create_course(*c, x, 0);
  catalog::Lesson l;
  l.course_id = out.course;
  l.module_id = catalog::store::add_module(*c, out.course, "M");
  l.kind = "text";
  l.title = "Read";
  l.body = "Text";
  auto text = catalog::store::create_lesson(*c, l);
  l.kind = "quiz";
  l.title = "Check";
  l.body = "";
  l.pass_mark = 50;
  auto quiz = catalog::store::create_lesson(*c, l);
  catalog::Question q;
  q.lesson_id = quiz;
  q.kind = "true_false";
  q.prompt = prompt;
  q.options = {{0, 0, "true", answer}, {0, 0, "false", !answer}};
  out.question = *catalog::store::question(*c, catalog::store::save_question(*c, q));
  out.right = out.question.options[answer ? 0 : 1].id;
  out.wrong = out.question.options[answer ? 1 : 0].id;
  catalog::store::set_published(*c, out.course, true);
  out.text = *catalog::store::lesson(*c, text);
  out.quiz = *catalog::store::lesson(*c, quiz);
  return out;
}

std::string QuizCourse::answers(bool right_answer) const {
  return "{\"" + std::to_string(question.id) + "\":{\"chosen\":[" + std::to_string(right_answer ? right : wrong) +
         "]}}";
}

}  // namespace cityskills::test
