// The learning catalogue through the real server: visibility, authoring and its access
// checks across organisations, enrolment, progress that resumes on another device, quizzes
// (scoring, attempts, double submit, tampering, many learners at once), captions.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <chrono>
#include <regex>
#include <thread>

#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/orgs/store.hpp"
#include "media/media.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

struct World {
  std::int64_t org_a = 0, org_b = 0;
  std::string author_a, author_b;
};

World world(TestServer& s) {
  auto orgs = test::city_and_partner(s);
  return {orgs.a, orgs.b, test::make_person(s, "author-a", orgs.a, "author").email,
          test::make_person(s, "author-b", orgs.b, "author").email};
}

struct Built {
  std::int64_t course = 0, module = 0, video = 0, text = 0, quiz = 0;
  std::int64_t q_single = 0, q_multi = 0, q_short = 0, q_order = 0, q_tf = 0;
  std::map<std::string, std::int64_t> opt;  // option text -> id
};

// A course built directly in the database: a video, a text and a quiz of every kind.
Built course(TestServer& s, std::int64_t org, const std::string& lang, const std::string& title, bool published,
             bool open_access = false, int max_attempts = 0, std::optional<std::int64_t> translation_of = {}) {
  Built b;
  auto c = s.db().acquire();
  catalog::Course x;
  x.org_id = org;
  x.lang = lang;
  x.title = title;
  x.summary = "Summary of " + title;
  x.description = "About **this** <script>alert(1)</script> [x](javascript:alert(2))";
  x.outcomes = "First outcome\nSecond outcome";
  x.level = "intermediate";
  x.audience = "citizen";
  x.open_access = open_access;
  x.competences = {"1.2", "4.2"};
  x.translation_of = translation_of;
  b.course = catalog::store::create_course(*c, x, 0);
  b.module = catalog::store::add_module(*c, b.course, "Module one");
  catalog::Lesson l;
  l.course_id = b.course;
  l.module_id = b.module;
  l.kind = "video";
  l.title = "Watch this";
  b.video = catalog::store::create_lesson(*c, l);
  catalog::store::set_caption(*c, b.video, "en",
                              "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nHello and welcome.\n\n"
                              "00:00:04.000 --> 00:00:08.000\n<v Anna>Passwords matter.\n");
  l.kind = "text";
  l.title = "Read this";
  l.body = "Some *text*.";
  b.text = catalog::store::create_lesson(*c, l);
  l.kind = "quiz";
  l.title = "Check yourself";
  l.body = "";
  l.pass_mark = 60;
  l.max_attempts = max_attempts;
  b.quiz = catalog::store::create_lesson(*c, l);
  auto q = [&](const std::string& kind, const std::string& prompt, std::vector<catalog::Option> options) {
    catalog::Question x;
    x.lesson_id = b.quiz;
    x.kind = kind;
    x.prompt = prompt;
    x.feedback = "Because.";
    x.options = std::move(options);
    return catalog::store::save_question(*c, x);
  };
  b.q_single = q("single", "Pick B", {{0, 0, "A", false}, {0, 0, "B", true}, {0, 0, "C", false}});
  b.q_multi = q("multiple", "Pick D and E", {{0, 0, "D", true}, {0, 0, "E", true}, {0, 0, "F", false}});
  b.q_short = q("short", "Say perché", {{0, 0, "perché", true}});
  b.q_order = q("ordering", "Order G H I", {{0, 0, "G", true}, {0, 0, "H", true}, {0, 0, "I", true}});
  b.q_tf = q("true_false", "True?", {{0, 0, "true", true}, {0, 0, "false", false}});
  for (const auto& r : c->query("SELECT o.id, o.text FROM quiz_options o JOIN quiz_questions q ON q.id = o.question_id "
                                "WHERE q.lesson_id = ?",
                                {b.quiz}))
    b.opt[r.str(1)] = r.i64(0);
  if (published) catalog::store::set_published(*c, b.course, true);
  return b;
}

std::string url(const Built& b, std::int64_t lesson) {
  return "/courses/" + std::to_string(b.course) + "/lessons/" + std::to_string(lesson);
}

std::vector<std::pair<std::string, std::string>> right_answers(const Built& b, int attempt) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  return {{"attempt", std::to_string(attempt)},
          {"q" + id(b.q_single), id(b.opt.at("B"))},
          {"q" + id(b.q_multi) + "_" + id(b.opt.at("D")), "1"},
          {"q" + id(b.q_multi) + "_" + id(b.opt.at("E")), "1"},
          {"q" + id(b.q_short), "  PERCHE "},
          {"q" + id(b.q_order) + "_" + id(b.opt.at("G")), "1"},
          {"q" + id(b.q_order) + "_" + id(b.opt.at("H")), "2"},
          {"q" + id(b.q_order) + "_" + id(b.opt.at("I")), "3"},
          {"q" + id(b.q_tf), id(b.opt.at("true"))}};
}

// Gives the video lesson a file straight from the media store.
std::int64_t attach_video(TestServer& s, const Built& b, const std::string& bytes, const std::string& name = "v.mp4") {
  auto r = media::store(s.db(), s.services().config.data_dir, {name, bytes}, media::video_policy(), std::nullopt,
                        std::nullopt);
  EXPECT_TRUE(r.ok()) << r.error_key;
  auto c = s.db().acquire();
  catalog::store::set_video(*c, b.video, r.item->id);
  return r.item->id;
}

// A real two-second video made by ffmpeg (installed by scripts/install-deps.sh).
std::string real_video() {
  auto dir = test::temp_dir("video");
  auto out = dir + "/clip.mp4";
  auto r = catalog::video::run({"ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                                "testsrc2=size=320x180:rate=10:duration=2", "-pix_fmt", "yuv420p", out});
  EXPECT_EQ(r.status, 0) << "ffmpeg must be installed";
  std::ifstream in(out, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Waits for the background job to finish with the lesson's video.
std::string video_state(TestServer& s, const Built& b) {
  for (int i = 0; i < 300; ++i) {
    s.services().jobs->run_pending();
    auto c = s.db().acquire();
    auto r = c->one("SELECT m.status FROM lessons l JOIN media m ON m.id = l.video_id WHERE l.id = ?", {b.video});
    if (r && r->str(0) != "processing") return r->str(0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "processing";
}

Client learner(TestServer& s, const std::string& tag) {
  auto email = test::unique_email(tag);
  s.add_user(email, test::kPassword);
  return s.signed_in(email, test::kPassword);
}

}  // namespace

TEST(Catalog, UnpublishedCoursesAreInvisibleToLearnersAndPublishedOnesCarryJsonLd) {
  TestServer s;
  auto w = world(s);
  auto draft = course(s, w.org_a, "en", "Secret draft", false);
  auto pub = course(s, w.org_a, "en", "Public course", true);
  Client anon = s.client();
  anon.lang = "en";
  auto list = anon.get("/courses");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Public course"), std::string::npos);
  EXPECT_EQ(list.body.find("Secret draft"), std::string::npos);
  EXPECT_EQ(anon.get("/courses/" + std::to_string(draft.course)).status, 404);
  EXPECT_EQ(anon.get(url(draft, draft.text)).status, 404);
  Client other = s.signed_in(w.author_b, test::kPassword);
  EXPECT_EQ(other.get("/courses/" + std::to_string(draft.course)).status, 404);
  // The author of its organisation previews it.
  Client author = s.signed_in(w.author_a, test::kPassword);
  auto preview = author.get("/courses/" + std::to_string(draft.course));
  EXPECT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("not published"), std::string::npos);
  auto page = anon.get("/courses/" + std::to_string(pub.course));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<script type=\"application/ld+json\">"), std::string::npos);
  EXPECT_NE(page.body.find("\"@type\":\"Course\""), std::string::npos);
  EXPECT_NE(page.body.find("\"name\":\"Public course\""), std::string::npos);
  // Hostile Markdown in the description never becomes markup.
  EXPECT_NE(page.body.find("<strong>this</strong>"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.body.find("javascript:alert(2)"), std::string::npos);
  EXPECT_NE(page.body.find("Second outcome"), std::string::npos);
  EXPECT_NE(page.body.find("4.2 Protecting personal data and privacy"), std::string::npos);
  // Bad ids and filters.
  EXPECT_EQ(anon.get("/courses/99999999999999999999").status, 404);
  EXPECT_EQ(anon.get("/courses/-1").status, 404);
  EXPECT_EQ(anon.get("/courses?level=expert").status, 400);
  EXPECT_EQ(anon.get("/courses?area=9").status, 400);
  EXPECT_EQ(anon.get("/courses?org=nowhere").status, 400);
  EXPECT_EQ(anon.get("/courses?format=podcast").status, 400);
}

// The list kit's rules on /courses: a filter or the page given twice is a 400, so is a language
// that is not one of the five; the page number is clamped, and the links to other pages keep
// every filter chosen (and only those).
TEST(Catalog, ListParametersAreReadOnceClampedAndKeptInPageLinks) {
  TestServer s;
  auto w = world(s);
  course(s, w.org_b, "en", "Listed course", true);
  Client en = s.client();
  en.lang = "en";
  for (auto bad : {"/courses?area=1&area=2", "/courses?page=1&page=2", "/courses?lang_filter=xx",
                   "/courses?audience=robots", "/courses?org=partner-b&org=city-a", "/courses?level=1%20OR%201=1"}) {
    auto r = en.get(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("<h1"), std::string::npos) << bad;
  }
  auto low = en.get("/courses?page=-3");
  EXPECT_EQ(low.status, 200);
  EXPECT_NE(low.body.find("Listed course"), std::string::npos);  // the first page
  EXPECT_EQ(low.body.find("page=0"), std::string::npos);
  auto far = en.get("/courses?level=intermediate&org=partner-b&unknown=1&page=99999");
  ASSERT_EQ(far.status, 200);
  EXPECT_EQ(far.body.find("Listed course"), std::string::npos);
  EXPECT_NE(far.body.find("href=\"/courses?level=intermediate&amp;org=partner-b&amp;page=9999\""), std::string::npos);
  // The filter menus offer "any" first and mark what was chosen.
  auto chosen = en.get("/courses?level=intermediate&lang_filter=sv");
  EXPECT_NE(chosen.body.find("<option value=\"intermediate\" selected>"), std::string::npos);
  EXPECT_NE(chosen.body.find("<option value=\"sv\" selected>Svenska</option>"), std::string::npos);
  auto org_menu = chosen.body.find("name=\"org\"");
  ASSERT_NE(org_menu, std::string::npos);
  EXPECT_EQ(chosen.body.compare(chosen.body.find("<option", org_menu), 16, "<option value=\"\""), 0);  // "any" first
}

TEST(Catalog, FiltersAndOneCardPerTranslationInTheReadersLanguage) {
  TestServer s;
  auto w = world(s);
  auto it = course(s, w.org_a, "it", "Corso sulle password", true);
  course(s, w.org_a, "en", "Course on passwords", true, false, 0, it.course);
  course(s, w.org_b, "sv", "Kurs om videomöten", true);
  Client en = s.client();
  en.lang = "en";
  auto page = en.get("/courses");
  EXPECT_NE(page.body.find("Course on passwords"), std::string::npos);
  EXPECT_EQ(page.body.find("Corso sulle password"), std::string::npos);
  EXPECT_NE(page.body.find("Kurs om videomöten"), std::string::npos);  // no English version: the original
  Client itc = s.client();
  itc.lang = "it";
  auto it_page = itc.get("/courses");
  EXPECT_NE(it_page.body.find("Corso sulle password"), std::string::npos);
  EXPECT_EQ(it_page.body.find("Course on passwords"), std::string::npos);
  EXPECT_NE(en.get("/courses?lang_filter=it").body.find("Corso sulle password"), std::string::npos);
  auto by_org = en.get("/courses?org=partner-b");
  EXPECT_NE(by_org.body.find("Kurs om videomöten"), std::string::npos);
  EXPECT_EQ(by_org.body.find("Course on passwords"), std::string::npos);
  EXPECT_EQ(en.get("/courses?area=3").body.find("Course on passwords"), std::string::npos);
  auto filtered = en.get("/courses?area=4&level=intermediate&audience=citizen&format=quiz");
  EXPECT_NE(filtered.body.find("Course on passwords"), std::string::npos) << filtered.status << filtered.body.substr(0, 300);
  EXPECT_EQ(en.get("/courses?audience=business").body.find("Course on passwords"), std::string::npos);
  // The course page links its other languages.
  auto course_page = en.get("/courses/" + std::to_string(it.course));
  EXPECT_NE(course_page.body.find("hreflang=\"en\""), std::string::npos);
}

// The figures a course's card shows are kept on the course row (decision note 0038): every
// change to the course's lessons or competences counts them again, and the pages show them.
TEST(Catalog, ACardsFiguresFollowEveryChangeToTheLessonsAndCompetences) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Counted", true);
  auto figures = [&] {
    auto c = s.db().acquire();
    return *catalog::store::find(*c, b.course);
  };
  auto x = figures();
  EXPECT_EQ(x.lessons, 3);
  const int minutes = x.minutes;
  EXPECT_EQ(x.kinds, (std::vector<std::string>{"quiz", "text", "video"}));
  EXPECT_EQ(x.competences, (std::vector<std::string>{"1.2", "4.2"}));
  {
    auto c = s.db().acquire();
    auto l = *catalog::store::lesson(*c, b.video);
    l.minutes += 10;
    catalog::store::update_lesson(*c, l);
  }
  EXPECT_EQ(figures().minutes, minutes + 10);
  {
    auto c = s.db().acquire();
    catalog::store::delete_lesson(*c, b.text);
  }
  x = figures();
  EXPECT_EQ(x.lessons, 2);
  EXPECT_EQ(x.kinds, (std::vector<std::string>{"quiz", "video"}));
  {
    auto c = s.db().acquire();
    x.competences = {"5.1"};
    catalog::store::update_course(*c, x);
  }
  x = figures();
  EXPECT_EQ(x.competences, std::vector<std::string>{"5.1"});
  auto page = s.client().get("/courses/" + std::to_string(b.course), {{"Accept-Language", "en"}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("2 lessons"), std::string::npos);
  // The card of the list counts the same.
  auto list = s.client().get("/courses?lang=en");
  EXPECT_NE(list.body.find("2 lessons"), std::string::npos);
}

TEST(Catalog, AnAuthorBuildsACourseInTheBrowserButNeverTouchesAnotherOrganisation) {
  TestServer s;
  auto w = world(s);
  Client a = s.signed_in(w.author_a, test::kPassword);
  a.get("/author/courses/new");
  std::vector<std::pair<std::string, std::string>> fields{
      {"org_id", std::to_string(w.org_a)}, {"lang", "en"}, {"title", "Online forms"}, {"summary", "Fill forms online."},
      {"description", "How to fill in **forms**."}, {"outcomes", "Fill a form"}, {"level", "foundation"},
      {"audience", "all"}, {"competence_2.3", "1"}, {"translation_of", ""}};
  // Bad input keeps what was typed and names the field.
  auto bad = fields;
  bad[2].second = "";
  bad.push_back({"open_access", "1"});
  auto r = a.post("/author/courses/new", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("Fill forms online."), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#title\""), std::string::npos);
  // Fields the form does not own are refused.
  auto polluted = fields;
  polluted.push_back({"published", "1"});
  EXPECT_EQ(a.post("/author/courses/new", polluted).status, 400);
  // Another organisation is not a choice.
  auto foreign = fields;
  foreign[0].second = std::to_string(w.org_b);
  EXPECT_EQ(a.post("/author/courses/new", foreign).status, 422);
  r = a.post("/author/courses/new", fields);
  ASSERT_EQ(r.status, 303) << r.body;
  auto admin_url = r.header("location");
  auto id = std::stoll(admin_url.substr(admin_url.rfind('/') + 1));
  auto dash = a.get(admin_url);
  EXPECT_EQ(dash.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dash.body, m, std::regex("/author/modules/(\\d+)/lessons/new")));
  auto module = m[1].str();
  // Publishing an empty course is refused.
  EXPECT_EQ(a.post(admin_url + "/publish", {}).status, 409);
  a.get("/author/modules/" + module + "/lessons/new?kind=text");
  EXPECT_EQ(a.post("/author/modules/" + module + "/lessons/new",
                   {{"kind", "text"}, {"title", "Step one"}, {"body", ""}, {"minutes", "5"}, {"module_id", module}})
                .status,
            422);  // a text lesson needs its text
  r = a.post("/author/modules/" + module + "/lessons/new",
             {{"kind", "text"}, {"title", "Step one"}, {"body", "Open the form."}, {"minutes", "5"}, {"module_id", module}});
  ASSERT_EQ(r.status, 303);
  auto lesson_one = r.header("location");
  r = a.post("/author/modules/" + module + "/lessons/new",
             {{"kind", "quiz"}, {"title", "Quiz"}, {"body", ""}, {"minutes", "3"}, {"module_id", module},
              {"pass_mark", "101"}, {"max_attempts", "2"}});
  EXPECT_EQ(r.status, 422);
  r = a.post("/author/modules/" + module + "/lessons/new",
             {{"kind", "quiz"}, {"title", "Quiz"}, {"body", ""}, {"minutes", "3"}, {"module_id", module},
              {"pass_mark", "50"}, {"max_attempts", "2"}});
  ASSERT_EQ(r.status, 303);
  auto quiz_url = r.header("location");
  a.get(quiz_url + "/questions/new");
  EXPECT_EQ(a.post(quiz_url + "/questions/new",
                   {{"kind", "single"}, {"prompt", "Two right?"}, {"options", "* A\n* B"}, {"feedback", ""}, {"truth", "true"}})
                .status,
            422);
  EXPECT_EQ(a.post(quiz_url + "/questions/new",
                   {{"kind", "single"}, {"prompt", "Which?"}, {"options", "* Right\nWrong"}, {"feedback", "So."}, {"truth", "true"}})
                .status,
            303);
  // Reorder: the quiz moves above the text lesson.
  auto quiz_id = quiz_url.substr(quiz_url.rfind('/') + 1);
  a.get(admin_url);
  EXPECT_EQ(a.post("/author/lessons/" + quiz_id + "/move", {{"direction", "up"}}).status, 303);
  {
    auto c = s.db().acquire();
    auto mods = catalog::store::modules(*c, id);
    ASSERT_EQ(mods.front().lessons.size(), 2u);
    EXPECT_EQ(std::to_string(mods.front().lessons.front().id), quiz_id);
  }
  EXPECT_EQ(a.post("/author/lessons/" + quiz_id + "/move", {{"direction", "sideways"}}).status, 400);
  EXPECT_EQ(a.post(admin_url + "/publish", {}).status, 303);
  Client anon = s.client();
  EXPECT_EQ(anon.get("/courses/" + std::to_string(id)).status, 200);
  // The author of organisation B can neither see nor change any of it.
  Client b = s.signed_in(w.author_b, test::kPassword);
  b.get("/author/courses");
  EXPECT_EQ(b.get(admin_url).status, 404);
  EXPECT_EQ(b.post(admin_url, fields).status, 404);
  EXPECT_EQ(b.post(admin_url + "/unpublish", {}).status, 404);
  EXPECT_EQ(b.get(lesson_one).status, 404);
  EXPECT_EQ(b.post(lesson_one + "/delete", {}).status, 404);
  EXPECT_EQ(b.post("/author/modules/" + module + "/lessons/new",
                   {{"kind", "text"}, {"title", "Injected"}, {"body", "x"}, {"minutes", "5"}, {"module_id", module}})
                .status,
            404);
  EXPECT_EQ(b.get(quiz_url + "/questions/new").status, 404);
  // A learner without any role has no authoring pages at all: refused by the route, the
  // same answer whatever the course (so it tells nothing about whether one exists).
  Client l = learner(s, "nobody");
  EXPECT_EQ(l.get("/author/courses").status, 403);
  EXPECT_EQ(l.get(admin_url).status, 403);
  EXPECT_EQ(l.get("/author/courses/999999").status, 403);
  // Unpublishing hides it again.
  a.get(admin_url);
  EXPECT_EQ(a.post(admin_url + "/unpublish", {}).status, 303);
  EXPECT_EQ(anon.get("/courses/" + std::to_string(id)).status, 404);
  // Without the CSRF token nothing changes.
  EXPECT_EQ(a.post(admin_url + "/publish", {}, false).status, 403);
}

TEST(Catalog, EnrolmentProgressAndResumeOnAnotherDevice) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Resumable", true);
  attach_video(s, b, test::files::mp4(60, 4096));
  auto email = test::unique_email("learner");
  s.add_user(email, test::kPassword);
  Client phone = s.signed_in(email, test::kPassword);
  // Not enrolled: lessons send to the course page; progress is refused.
  EXPECT_EQ(phone.get(url(b, b.video)).status, 303);
  phone.get("/courses/" + std::to_string(b.course));
  EXPECT_EQ(phone.post(url(b, b.video) + "/progress", {{"position", "12"}}).status, 403);
  EXPECT_EQ(phone.post("/courses/" + std::to_string(b.course) + "/enrol", {}).status, 303);
  auto lesson = phone.get(url(b, b.video));
  EXPECT_EQ(lesson.status, 200);
  EXPECT_NE(lesson.body.find("Hello and welcome."), std::string::npos);  // transcript from the captions
  EXPECT_NE(lesson.body.find("Passwords matter."), std::string::npos);   // cue tags stripped
  EXPECT_EQ(phone.post(url(b, b.video) + "/progress", {{"position", "42.5"}}).status, 204);
  for (const auto& bad : {"", "abc", "-3", "1e400", "nan", "12s", "99999999"})
    EXPECT_EQ(phone.post(url(b, b.video) + "/progress", {{"position", bad}}).status, 400) << bad;
  EXPECT_EQ(phone.post(url(b, b.video) + "/progress", {{"position", "1"}, {"position", "2"}}).status, 400);
  // Another device: a new sign-in finds the same place.
  Client laptop = s.signed_in(email, test::kPassword);
  auto again = laptop.get(url(b, b.video));
  EXPECT_NE(again.body.find("data-resume=\"42\""), std::string::npos);
  EXPECT_NE(again.body.find("0:42"), std::string::npos);
  auto course_page = laptop.get("/courses/" + std::to_string(b.course));
  EXPECT_NE(course_page.body.find("href=\"" + url(b, b.video) + "\""), std::string::npos);
  // Completing lessons moves the progress bar; the quiz completes only by passing.
  laptop.get(url(b, b.text));
  EXPECT_EQ(laptop.post(url(b, b.text) + "/complete", {}).status, 303);
  laptop.get(url(b, b.video));
  EXPECT_EQ(laptop.post(url(b, b.video) + "/complete", {}).status, 303);
  EXPECT_EQ(laptop.post(url(b, b.quiz) + "/complete", {}).status, 409);
  auto my = laptop.get("/my/learning");
  EXPECT_NE(my.body.find("Resumable"), std::string::npos);
  EXPECT_NE(my.body.find("66% done"), std::string::npos);
  laptop.get(url(b, b.quiz));
  EXPECT_EQ(laptop.post(url(b, b.quiz) + "/quiz", right_answers(b, 1)).status, 200);
  my = laptop.get("/my/learning");
  EXPECT_NE(my.body.find("completed on"), std::string::npos);
  // Anonymous visitors are asked to sign in.
  Client anon = s.client();
  EXPECT_EQ(anon.get(url(b, b.text)).status, 303);
  EXPECT_EQ(anon.get("/my/learning").status, 303);
}

TEST(Catalog, OpenCoursesCanBeTakenWithoutEnrolling) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Open course", true, true);
  Client anon = s.client();
  auto page = anon.get(url(b, b.text));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<em>text</em>"), std::string::npos);
  auto captions = anon.get(url(b, b.video) + "/captions/en.vtt");
  EXPECT_EQ(captions.status, 200);
  EXPECT_EQ(captions.header("content-type"), "text/vtt; charset=utf-8");
  EXPECT_TRUE(captions.body.starts_with("WEBVTT"));
  EXPECT_EQ(anon.get(url(b, b.video) + "/captions/de.vtt").status, 404);
  EXPECT_NE(anon.get(url(b, b.video) + "/captions/..%2Fx.vtt").status, 200);
  // A signed-in person's first step enrols them, so the course shows in "My learning".
  Client l = learner(s, "open");
  l.get(url(b, b.text));
  EXPECT_EQ(l.post(url(b, b.text) + "/complete", {}).status, 303);
  EXPECT_NE(l.get("/my/learning").body.find("Open course"), std::string::npos);
}

TEST(Catalog, QuizScoringAttemptsAndTampering) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Quiz course", true, false, 3);
  Client l = learner(s, "quiz");
  l.get("/courses/" + std::to_string(b.course));
  l.post("/courses/" + std::to_string(b.course) + "/enrol", {});
  auto page = l.get(url(b, b.quiz));
  EXPECT_NE(page.body.find("name=\"attempt\" value=\"1\""), std::string::npos);
  EXPECT_NE(page.body.find("3 attempts left"), std::string::npos);
  // The form names its fields after the questions and options the server expects.
  auto fid = [](std::int64_t v) { return std::to_string(v); };
  EXPECT_NE(page.body.find("name=\"q" + fid(b.q_single) + "\" id=\"o" + fid(b.opt.at("B")) + "\" value=\"" + fid(b.opt.at("B"))),
            std::string::npos);
  EXPECT_NE(page.body.find("name=\"q" + fid(b.q_multi) + "_" + fid(b.opt.at("D")) + "\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"q" + fid(b.q_order) + "_" + fid(b.opt.at("H")) + "\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"q" + fid(b.q_short) + "\""), std::string::npos);
  // A wrong attempt: only the true/false answer right -> 20%.
  auto id = [](std::int64_t v) { return std::to_string(v); };
  auto r = l.post(url(b, b.quiz) + "/quiz", {{"attempt", "1"}, {"q" + id(b.q_single), id(b.opt.at("A"))},
                                             {"q" + id(b.q_tf), id(b.opt.at("true"))}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("you scored 20%"), std::string::npos);
  EXPECT_NE(r.body.find("Because."), std::string::npos);  // feedback per question
  // The same form sent again (double click, back button) records nothing new.
  r = l.post(url(b, b.quiz) + "/quiz", {{"attempt", "1"}, {"q" + id(b.q_single), id(b.opt.at("B"))}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("already been recorded"), std::string::npos);
  EXPECT_NE(r.body.find("you scored 20%"), std::string::npos);
  // Tampering: a question of another quiz, an option of another question, a client score.
  auto other = course(s, w.org_a, "en", "Other", true);
  EXPECT_EQ(l.post(url(b, b.quiz) + "/quiz", {{"attempt", "2"}, {"q" + id(other.q_single), id(other.opt.at("B"))}}).status,
            400);
  EXPECT_EQ(l.post(url(b, b.quiz) + "/quiz", {{"attempt", "2"}, {"q" + id(b.q_single), id(b.opt.at("D"))}}).status, 400);
  EXPECT_EQ(l.post(url(b, b.quiz) + "/quiz", {{"attempt", "2"}, {"score", "100"}}).status, 400);
  EXPECT_EQ(l.post(url(b, b.quiz) + "/quiz", {{"attempt", "2"}, {"q12abc", "1"}}).status, 400);
  EXPECT_EQ(l.post(url(b, b.quiz) + "/quiz", {{"attempt", "x"}}).status, 400);
  // The right answers: 100%, passed; the best score counts.
  r = l.post(url(b, b.quiz) + "/quiz", right_answers(b, 2));
  EXPECT_NE(r.body.find("Passed: you scored 100%"), std::string::npos);
  r = l.post(url(b, b.quiz) + "/quiz", {{"attempt", "3"}});
  EXPECT_NE(r.body.find("you scored 0%"), std::string::npos);
  EXPECT_NE(r.body.find("Your best score: 100%"), std::string::npos);
  EXPECT_EQ(l.post(url(b, b.quiz) + "/quiz", {{"attempt", "4"}}).status, 409);  // limit of 3
  auto c = s.db().acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM quiz_attempts WHERE lesson_id = ?", {b.quiz})->i64(0), 3);
  EXPECT_EQ(c->one("SELECT MAX(score) FROM quiz_attempts WHERE lesson_id = ?", {b.quiz})->i64(0), 100);
  EXPECT_TRUE(c->one("SELECT 1 FROM lesson_progress WHERE lesson_id = ? AND completed_at IS NOT NULL", {b.quiz}));
}

TEST(Catalog, ManyLearnersSubmittingAtOnceLoseNoAttempt) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Busy quiz", true, true);
  constexpr int kLearners = 24;
  std::vector<Client> clients;
  for (int i = 0; i < kLearners; ++i) {
    clients.push_back(learner(s, "crowd"));
    clients.back().get(url(b, b.quiz));
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kLearners; ++i)
    threads.emplace_back([&, i] {
      // Each learner double-clicks: two identical submissions.
      for (int k = 0; k < 2; ++k) {
        Client same = clients[static_cast<std::size_t>(i)];
        if (same.post(url(b, b.quiz) + "/quiz", right_answers(b, 1)).status == 200) ++ok;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 2 * kLearners);
  auto c = s.db().acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM quiz_attempts WHERE lesson_id = ?", {b.quiz})->i64(0), kLearners);
  EXPECT_EQ(c->one("SELECT COUNT(DISTINCT user_id) FROM quiz_attempts WHERE lesson_id = ? AND score = 100", {b.quiz})->i64(0),
            kLearners);
}

TEST(Catalog, CaptionsAreCheckedBeforeTheyAreSaved) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Captioned", false);
  Client a = s.signed_in(w.author_a, test::kPassword);
  auto page = "/author/lessons/" + std::to_string(b.video);
  a.get(page);
  auto r = a.post(page + "/captions", {{"lang", "it"}, {"vtt", "Hello\n\n00:01 --> 00:02\nx"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("first line must be WEBVTT"), std::string::npos);
  EXPECT_NE(r.body.find("Hello"), std::string::npos);  // what was pasted is kept
  r = a.post(page + "/captions", {{"lang", "it"}, {"vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nBackwards\n"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("Line 3"), std::string::npos);
  EXPECT_EQ(a.post(page + "/captions", {{"lang", "xx"}, {"vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nCiao\n"}}).status, 422);
  EXPECT_EQ(a.post(page + "/captions", {{"lang", "it"}, {"vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nCiao\n"}}).status, 303);
  auto c = s.db().acquire();
  EXPECT_EQ(catalog::store::caption_langs(*c, b.video), (std::vector<std::string>{"en", "it"}));
}

TEST(Catalog, AuthorsUploadVideosThatAreProcessedInTheBackgroundAndServedWithRanges) {
  TestServer s;
  auto w = world(s);
  auto b = course(s, w.org_a, "en", "Video course", true, true);
  Client a = s.signed_in(w.author_a, test::kPassword);
  auto page = "/author/lessons/" + std::to_string(b.video);
  a.get(page);
  // Wrong type, disguised type, empty, missing: clear errors, nothing stored.
  auto r = a.post_multipart(page + "/video", {}, {{"video", "clip.exe", "application/octet-stream", "MZ\x90\x00"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_NE(r.body.find("mp4"), std::string::npos);
  EXPECT_EQ(a.post_multipart(page + "/video", {}, {{"video", "clip.mp4", "video/mp4", "<html>not a video</html>"}}).status,
            415);
  EXPECT_EQ(a.post_multipart(page + "/video", {}, {{"video", "clip.mp4", "video/mp4", ""}}).status, 422);
  EXPECT_EQ(a.post_multipart(page + "/video", {}, {}).status, 422);
  EXPECT_EQ(a.post_multipart(page + "/video", {}, {{"other", "clip.mp4", "video/mp4", test::files::mp4(5)}}).status, 400);
  // Without the CSRF part nothing is stored.
  EXPECT_EQ(a.post_multipart(page + "/video", {}, {{"video", "clip.mp4", "video/mp4", real_video()}}, false).status, 403);
  {
    auto c = s.db().acquire();
    EXPECT_FALSE(catalog::store::lesson(*c, b.video)->video_id);
  }
  // A file that only looks like an MP4 fails in processing, and the author sees why.
  r = a.post_multipart(page + "/video", {}, {{"video", "fake.mp4", "video/mp4", test::files::mp4(5)}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(video_state(s, b), "failed");
  auto failed = a.get(page);
  EXPECT_NE(failed.body.find("Processing failed"), std::string::npos);
  EXPECT_NE(failed.body.find("no video stream"), std::string::npos);
  Client anon = s.client();
  EXPECT_NE(anon.get(url(b, b.video)).body.find("could not be processed"), std::string::npos);
  EXPECT_EQ(anon.get(url(b, b.video) + "/video").status, 404);
  // A real video: duration and poster read by ffmpeg.
  auto bytes = real_video();
  r = a.post_multipart(page + "/video", {}, {{"video", "clip.mp4", "video/mp4", bytes}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(video_state(s, b), "ready");
  auto ready = a.get(page);
  EXPECT_NE(ready.body.find("0:02"), std::string::npos);
  EXPECT_NE(ready.body.find("ready"), std::string::npos);
  auto lesson = anon.get(url(b, b.video));
  EXPECT_NE(lesson.body.find("<video"), std::string::npos);
  EXPECT_NE(lesson.body.find("<track kind=\"captions\""), std::string::npos);
  EXPECT_NE(lesson.body.find("poster=\""), std::string::npos);
  EXPECT_EQ(anon.get(url(b, b.video) + "/poster").header("content-type"), "image/jpeg");
  // Range requests, as players make them.
  auto full = anon.get(url(b, b.video) + "/video");
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.body.size(), bytes.size());
  auto part = anon.get(url(b, b.video) + "/video", {{"Range", "bytes=100-199"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, bytes.substr(100, 100));
  EXPECT_EQ(part.header("content-range"), "bytes 100-199/" + std::to_string(bytes.size()));
  EXPECT_EQ(anon.get(url(b, b.video) + "/video", {{"Range", "bytes=999999999-"}}).status, 416);
  // Downloads only when the author allows them.
  EXPECT_EQ(anon.get(url(b, b.video) + "/video?download=1").status, 404);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE lessons SET allow_download = 1 WHERE id = ?", {b.video});
  }
  auto dl = anon.get(url(b, b.video) + "/video?download=1");
  EXPECT_EQ(dl.status, 200);
  EXPECT_NE(dl.header("content-disposition").find("attachment"), std::string::npos);
  // Another organisation's author cannot upload to this lesson.
  Client other = s.signed_in(w.author_b, test::kPassword);
  other.get("/author/courses");
  EXPECT_EQ(other.post_multipart(page + "/video", {}, {{"video", "clip.mp4", "video/mp4", bytes}}).status, 404);
  // Caption files: the extension and the content are checked.
  EXPECT_EQ(a.post_multipart(page + "/captions/upload", {{"lang", "de"}},
                             {{"captions_file", "subs.srt", "text/plain", "1\n00:00:01,000 --> 00:00:02,000\nHallo\n"}})
                .status,
            415);
  EXPECT_EQ(a.post_multipart(page + "/captions/upload", {{"lang", "de"}},
                             {{"captions_file", "subs.vtt", "text/vtt", "WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n"}})
                .status,
            422);
  EXPECT_EQ(a.post_multipart(page + "/captions/upload", {{"lang", "de"}},
                             {{"captions_file", "subs.vtt", "text/vtt", "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHallo\n"}})
                .status,
            303);
  EXPECT_EQ(anon.get(url(b, b.video) + "/captions/de.vtt").status, 200);
}

TEST(Catalog, CourseImagesAreUploadedCheckedAndShownOnlyWithTheirCourse) {
  TestServer s;
  auto w = world(s);
  auto pub = course(s, w.org_a, "en", "With images", true);
  auto draft = course(s, w.org_a, "en", "Draft with images", false);
  Client a = s.signed_in(w.author_a, test::kPassword);
  auto admin = "/author/courses/" + std::to_string(pub.course);
  a.get(admin);
  EXPECT_EQ(a.post_multipart(admin + "/images", {}, {{"image", "huge.png", "image/png", test::files::png(20000, 20000)}}).status,
            422);
  EXPECT_EQ(a.post_multipart(admin + "/images", {}, {{"image", "page.html", "text/html", "<script>x</script>"}}).status, 415);
  auto r = a.post_multipart(admin + "/images", {}, {{"image", "chart.png", "image/png", test::files::png(40, 30)}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto page = a.get(admin);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("!\\[describe the image\\]\\((/courses/\\d+/images/(\\d+))\\)")));
  auto image_url = m[1].str();
  auto media_id = m[2].str();
  Client anon = s.client();
  auto img = anon.get(image_url);
  EXPECT_EQ(img.status, 200);
  EXPECT_EQ(img.header("content-type"), "image/png");
  // The same image under another course, or an unpublished course's image, is not served.
  EXPECT_EQ(anon.get("/courses/" + std::to_string(draft.course) + "/images/" + media_id).status, 404);
  Client a2 = s.signed_in(w.author_a, test::kPassword);
  auto draft_admin = "/author/courses/" + std::to_string(draft.course);
  a2.get(draft_admin);
  ASSERT_EQ(a2.post_multipart(draft_admin + "/images", {}, {{"image", "d.png", "image/png", test::files::png(8, 8)}}).status, 303);
  auto draft_page = a2.get(draft_admin).body;
  ASSERT_TRUE(std::regex_search(draft_page, m, std::regex("(/courses/\\d+/images/\\d+)")));
  EXPECT_EQ(anon.get(m[1].str()).status, 404);
  EXPECT_EQ(a2.get(m[1].str()).status, 200);
  // Another organisation's author cannot add images to this course.
  Client b = s.signed_in(w.author_b, test::kPassword);
  b.get("/author/courses");
  EXPECT_EQ(b.post_multipart(admin + "/images", {}, {{"image", "x.png", "image/png", test::files::png(8, 8)}}).status, 404);
}

// An author makes one of the course's images its cover, described for people who cannot see
// it: the catalogue's card shows it (decorative there, beside the title) and the course page
// shows it with the description. An empty or overlong description is refused with the text kept.
TEST(Catalog, AnAuthorChoosesACoverThatCardsAndTheCoursePageShow) {
  TestServer s;
  auto w = world(s);
  auto pub = course(s, w.org_a, "en", "With a cover", true);
  auto other = course(s, w.org_a, "en", "Another course", true);
  Client a = s.signed_in(w.author_a, test::kPassword);
  auto admin = "/author/courses/" + std::to_string(pub.course);
  a.get(admin);
  ASSERT_EQ(a.post_multipart(admin + "/images", {}, {{"image", "town.png", "image/png", test::files::png(64, 36)}}).status, 303);
  std::smatch m;
  auto page = a.get(admin).body;
  ASSERT_TRUE(std::regex_search(page, m, std::regex("/courses/\\d+/images/(\\d+)")));
  auto mid = m[1].str();
  EXPECT_EQ(a.post(admin + "/cover", {{"media_id", mid}, {"alt", "  "}}).status, 422);
  auto long_alt = std::string(301, 'a');
  auto refused = a.post(admin + "/cover", {{"media_id", mid}, {"alt", long_alt}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("cover_alt_" + mid + "-error"), std::string::npos);
  EXPECT_NE(refused.body.find(long_alt), std::string::npos) << "the text entered is kept";
  // Another course's image, or none, is not a cover for this course.
  auto other_admin = "/author/courses/" + std::to_string(other.course);
  EXPECT_EQ(a.post(other_admin + "/cover", {{"media_id", mid}, {"alt", "A town"}}).status, 404);
  EXPECT_EQ(a.post(admin + "/cover", {{"media_id", "x"}, {"alt", "A town"}}).status, 404);
  ASSERT_EQ(a.post(admin + "/cover", {{"media_id", mid}, {"alt", "Rooftops of a small town at dusk"}}).status, 303);
  auto url = "/courses/" + std::to_string(pub.course) + "/images/" + mid;
  Client anon = s.client();
  auto list = anon.get("/courses");
  EXPECT_NE(list.body.find("<img src=\"" + url + "\" alt=\"\""), std::string::npos) << list.body;
  auto shown = anon.get("/courses/" + std::to_string(pub.course));
  EXPECT_NE(shown.body.find("alt=\"Rooftops of a small town at dusk\""), std::string::npos);
  EXPECT_EQ(anon.get(url).status, 200);
  // Another organisation's author cannot change it.
  Client b = s.signed_in(w.author_b, test::kPassword);
  b.get("/author/courses");
  EXPECT_EQ(b.post(admin + "/cover/remove", {}).status, 404);
  EXPECT_EQ(a.post(admin + "/cover/remove", {}).status, 303);
  EXPECT_EQ(anon.get("/courses/" + std::to_string(pub.course)).body.find("Rooftops of a small town"), std::string::npos);
}
}  // namespace cityskills
