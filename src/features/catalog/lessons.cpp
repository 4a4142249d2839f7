// The learning catalogue's lessons: the lesson page (video with captions and transcript,
// Markdown text, quizzes), progress that resumes on any device, quiz attempts, captions and
// the lesson's video and poster.
#include <algorithm>
#include <cmath>

#include "features/catalog/common.hpp"
#include "features/catalog/quiz.hpp"
#include "features/catalog/records.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/store_progress.hpp"
#include "features/catalog/vtt.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/login_link.hpp"

namespace cityskills::catalog {
namespace {

using http::Response;
using web::Ctx;

// The course and lesson of a lesson URL, if the visitor may open it. A course that needs
// enrolment sends people to its page first (to sign in or enrol).
struct Access {
  Course course;
  Lesson lesson;
  bool enrolled = false, author = false;
  std::optional<Response> redirect;
  std::optional<store::Outline> outline;  // read with the lesson for the lesson page
};

// With `with_outline`, the lesson comes from the course's outline (read with the reader's
// progress in the same statement) for the lesson page.
Access lesson_access(Ctx& ctx, bool with_outline = false) {
  Access a{visible_course(ctx, ctx.path_id("id")), {}, false, false, std::nullopt, std::nullopt};
  auto lid = ctx.path_id("lid");
  std::optional<Lesson> l;
  {
    auto c = ctx.db().acquire();
    if (with_outline) {
      a.outline = store::outline(*c, a.course.id, ctx.user ? ctx.user->id : 0);
      for (const auto& m : a.outline->modules)
        for (const auto& x : m.lessons)
          if (x.id == lid) l = x;
    } else {
      l = store::lesson(*c, lid);
    }
  }
  if (!l || l->course_id != a.course.id) throw web::Reject{404, "errors.not_found"};
  a.lesson = *l;
  a.enrolled = a.course.enrolled;
  a.author = can_author(ctx, a.course.org_id);
  auto course_url = "/courses/" + std::to_string(a.course.id);
  if (!a.enrolled && !a.author && !a.course.open_access) {
    ctx.flash(ctx.user ? "catalog.enrol_first" : "catalog.sign_in_first");
    a.redirect = ctx.redirect(ctx.user ? course_url : web::login_link(course_url));
  }
  return a;
}

// Progress of people taking an open course without enrolling is kept once they are signed
// in: they are enrolled on their first saved step, so "My learning" lists the course.
void ensure_enrolled(db::Connection& c, Ctx& ctx, const Access& a) {
  if (!a.enrolled) store::enrol(c, ctx.user->id, a.course.id);
}

view::List transcript_cues(const std::string& vtt) {
  view::List out;
  for (const auto& cue : vtt::parse(vtt).cues) {
    view::Data d;
    d.set("start", std::to_string(static_cast<long>(cue.start)));
    d.set("time", vtt::clock(cue.start));
    d.set("text", cue.text);
    out.push_back(std::move(d));
  }
  return out;
}

void video_data(Ctx& ctx, const Access& a, view::Data& d, const std::map<std::int64_t, LessonState>& states);

Response lesson_page(Ctx& ctx, Access& a, view::Data d, int status) {
  {
    auto c = ctx.db().acquire();
    if (!a.outline) a.outline = store::outline(*c, a.course.id, ctx.user ? ctx.user->id : 0);
    // Opening the lesson last opened again changes nothing and records nothing.
    if (ctx.user && a.enrolled && a.course.last_lesson_id != a.lesson.id && store::open_lesson(*c, ctx.user->id, a.lesson))
      records::viewed(*c, ctx.user->id, a.course, a.lesson);
  }
  const auto& modules = a.outline->modules;
  const auto& states = a.outline->states;
  const auto& l = a.lesson;
  d.set("course_id", std::to_string(a.course.id));
  d.set("course_title", a.course.title);
  d.set("course_lang", a.course.lang);
  d.set("lesson_id", std::to_string(l.id));
  d.set("title", l.title);
  d.set("url", lesson_url(a.course.id, l.id));
  d.set("kind", ctx.t("catalog.kind." + l.kind));
  d.set("duration", lesson_duration(ctx, l));
  d.set("is_video", l.kind == "video");
  d.set("is_text", l.kind == "text");
  d.set("is_quiz", l.kind == "quiz");
  d.set("preview", !a.course.published);
  if (!l.body.empty()) d.set("body", view::render_markdown(l.body).html);
  d.set("modules", outline(ctx, a.course, modules, states, l.id));
  auto it = states.find(l.id);
  d.set("done", it != states.end() && it->second.completed);
  d.set("signed_in", ctx.user.has_value());
  d.set("login_next", web::login_link(lesson_url(a.course.id, l.id)));
  // Previous and next lesson across modules.
  std::vector<const Lesson*> flat;
  for (const auto& m : modules)
    for (const auto& x : m.lessons) flat.push_back(&x);
  for (std::size_t i = 0; i < flat.size(); ++i)
    if (flat[i]->id == l.id) {
      if (i > 0) {
        d.set("prev_url", lesson_url(a.course.id, flat[i - 1]->id));
        d.set("prev_title", flat[i - 1]->title);
      }
      if (i + 1 < flat.size()) {
        d.set("next_url", lesson_url(a.course.id, flat[i + 1]->id));
        d.set("next_title", flat[i + 1]->title);
      }
    }
  if (l.kind == "video") video_data(ctx, a, d, states);
  return ctx.page(l.title, "catalog/lesson", d, std::move(status));
}

// Quiz view model: the questions, with the learner's answers and feedback when `shown`.
void quiz_data(Ctx& ctx, const Lesson& l, const std::vector<Question>& qs, const std::map<std::int64_t, quiz::Answer>* shown,
               const quiz::Score* score, view::Data& d) {
  view::List items;
  int n = 0;
  for (const auto& q : qs) {
    view::Data qd;
    qd.set("qid", std::to_string(q.id));
    qd.set("number", std::to_string(++n));
    qd.set("prompt", q.prompt);
    qd.set("kind_" + q.kind, true);
    qd.set("hint", ctx.t("catalog.quiz.hint." + q.kind));
    const quiz::Answer* given = nullptr;
    if (shown) {
      auto it = shown->find(q.id);
      if (it != shown->end()) given = &it->second;
    }
    view::List opts;
    // Ordering items are shown in a fixed shuffle (by id), never in the answer's order.
    std::vector<Option> os = q.options;
    if (q.kind == "ordering") std::sort(os.begin(), os.end(), [](const Option& a, const Option& b) {
      return (a.id * 7919) % 101 < (b.id * 7919) % 101 || ((a.id * 7919) % 101 == (b.id * 7919) % 101 && a.id < b.id);
    });
    for (const auto& o : os) {
      view::Data od;
      od.set("oid", std::to_string(o.id));
      od.set("text", q.kind == "true_false" ? ctx.t("catalog.quiz." + o.text) : o.text);
      bool chosen = given && std::find(given->chosen.begin(), given->chosen.end(), o.id) != given->chosen.end();
      od.set("checked", chosen);
      view::List places;
      int place = 0;
      if (given) {
        auto pit = given->order.find(o.id);
        if (pit != given->order.end()) place = pit->second;
      }
      places.push_back(view::Data("value", std::string()));
      for (std::size_t i = 1; i <= q.options.size(); ++i) {
        view::Data pd;
        pd.set("value", std::to_string(i));
        pd.set("selected", static_cast<int>(i) == place);
        places.push_back(std::move(pd));
      }
      od.set("places", std::move(places));
      if (score && o.correct && q.kind != "short") od.set("right", true);
      opts.push_back(std::move(od));
    }
    qd.set("options", std::move(opts));
    if (given && q.kind == "short") qd.set("text", given->text);
    if (score) {
      for (const auto& r : score->results)
        if (r.question_id == q.id) {
          qd.set("result", r.correct ? ctx.t("catalog.quiz.correct")
                                     : r.credit > 0 ? ctx.t("catalog.quiz.partly") : ctx.t("catalog.quiz.wrong"));
          qd.set("correct", r.correct);
        }
      if (!q.feedback.empty()) qd.set("feedback", q.feedback);
      if (q.kind == "short" && !q.options.empty()) qd.set("expected", q.options.front().text);
      if (q.kind == "ordering") {
        std::string order;
        for (const auto& o : q.options) order += (order.empty() ? "" : " → ") + o.text;
        qd.set("expected", std::move(order));
      }
    }
    items.push_back(std::move(qd));
  }
  d.set("questions", std::move(items));
  d.set("pass_mark", std::to_string(l.pass_mark));
  d.set("pass_text", ctx.t("catalog.quiz.pass_mark", {{"percent", std::to_string(l.pass_mark)}}));
}

void attempts_data(Ctx& ctx, const Lesson& l, const std::vector<Attempt>& attempts, view::Data& d) {
  view::List list;
  int best = -1;
  for (const auto& at : attempts) {
    view::Data ad;
    ad.set("number", std::to_string(at.number));
    ad.set("score", std::to_string(at.score));
    ad.set("passed", at.passed);
    ad.set("date", i18n::format_datetime(ctx.locale, at.created_at, ctx.zone()));
    list.push_back(std::move(ad));
    best = std::max(best, at.score);
  }
  d.set("attempts", std::move(list));
  d.set("has_attempts", !attempts.empty());
  if (best >= 0) d.set("best", ctx.t("catalog.quiz.best", {{"percent", std::to_string(best)}}));
  bool limit = l.max_attempts > 0 && static_cast<int>(attempts.size()) >= l.max_attempts;
  d.set("can_attempt", !limit);
  d.set("attempt_number", std::to_string(attempts.size() + 1));
  if (l.max_attempts > 0)
    d.set("attempts_left", i18n::tn(ctx.locale, "catalog.quiz.attempts_left",
                                    std::max<std::int64_t>(0, l.max_attempts - static_cast<std::int64_t>(attempts.size()))));
}

Response lesson(Ctx& ctx) {
  auto a = lesson_access(ctx, true);
  if (a.redirect) return *a.redirect;
  view::Data d;
  if (a.lesson.kind == "quiz") {
    std::vector<Question> qs;
    std::vector<Attempt> attempts;
    {
      auto c = ctx.db().acquire();
      qs = store::questions(*c, a.lesson.id);
      if (ctx.user) attempts = store::attempts(*c, a.lesson.id, ctx.user->id);
    }
    quiz_data(ctx, a.lesson, qs, nullptr, nullptr, d);
    attempts_data(ctx, a.lesson, attempts, d);
  }
  return lesson_page(ctx, a, d, 200);
}

Response save_progress(Ctx& ctx) {
  if (!ctx.user) return ctx.error(401, "catalog.sign_in_first");
  web::FormInput in(ctx);
  auto text = in.text("position");
  in.finish();
  auto a = lesson_access(ctx);
  if (a.redirect) return ctx.error(403, "catalog.enrol_first");
  char* end = nullptr;
  double pos = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(pos) || pos < 0 || pos > 86400)
    return ctx.error(400, "catalog.progress.invalid");
  {
    auto c = ctx.db().acquire();
    ensure_enrolled(*c, ctx, a);
    std::optional<media::Item> item;
    if (a.lesson.kind == "video" && a.lesson.video_id) item = media::find(*c, *a.lesson.video_id);
    double length = item && item->duration_seconds ? static_cast<double>(*item->duration_seconds) : 0.0;
    ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& t) {
      auto before = store::saved_position(t, ctx.user->id, a.lesson.id);
      store::save_position(t, ctx.user->id, a.lesson, pos);
      // A quarter of the video passed is a learning record; (nearly) the end completes the lesson.
      if (auto quarter = records::quarter_crossed(before, pos, length))
        records::progressed(t, ctx.user->id, a.lesson, quarter);
      if (length > 0 && pos >= 0.9 * length) store::complete_lesson(t, ctx.user->id, a.lesson);
    });
  }
  Response r;
  r.status = 204;
  return r;
}

Response complete(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto a = lesson_access(ctx);
  if (a.redirect) return *a.redirect;
  if (a.lesson.kind == "quiz") return ctx.error(409, "catalog.quiz.pass_to_complete");
  {
    auto c = ctx.db().acquire();
    ensure_enrolled(*c, ctx, a);
    ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { store::complete_lesson(t, ctx.user->id, a.lesson); });
  }
  ctx.flash("catalog.lesson_done");
  return ctx.redirect(lesson_url(a.course.id, a.lesson.id));
}

Response submit_quiz(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto a = lesson_access(ctx);
  if (a.redirect) return *a.redirect;
  if (a.lesson.kind != "quiz") return ctx.error(404, "errors.not_found");
  for (const auto& field : {"score", "grade", "passed"})
    if (std::any_of(ctx.form.begin(), ctx.form.end(), [&](const auto& kv) { return kv.first == field; })) {
      log::warn("client-supplied score refused", "\"request_id\":\"" + ctx.req.request_id + "\"");
      return ctx.error(400, "errors.unexpected_field");
    }
  std::vector<Question> qs;
  {
    auto c = ctx.db().acquire();
    qs = store::questions(*c, a.lesson.id);
  }
  auto answers = quiz::parse_form(qs, ctx.form);
  if (!answers) {
    log::warn("quiz answer for a question not in this quiz", "\"request_id\":\"" + ctx.req.request_id + "\"");
    return ctx.error(400, "catalog.quiz.tampered");
  }
  auto number = util::parse_id(ctx.field("attempt"));
  if (!number || *number > 100000) return ctx.error(400, "catalog.quiz.tampered");
  auto s = quiz::score(qs, *answers, a.lesson.pass_mark);
  store::AttemptOutcome outcome;
  {
    auto c = ctx.db().acquire();
    ensure_enrolled(*c, ctx, a);
  }
  outcome = store::record_attempt(ctx.db(), a.lesson, ctx.user->id, static_cast<int>(*number), quiz::to_json(*answers), s);
  if (outcome == store::AttemptOutcome::kLimitReached) return ctx.error(409, "catalog.quiz.no_attempts_left");
  std::vector<Attempt> attempts;
  {
    auto c = ctx.db().acquire();
    attempts = store::attempts(*c, a.lesson.id, ctx.user->id);
  }
  // Show the attempt that was stored under this number (the first one on a resubmission).
  const Attempt* stored = nullptr;
  for (const auto& at : attempts)
    if (at.number == *number) stored = &at;
  if (!stored) return ctx.error(409, "catalog.quiz.stale");
  auto shown = quiz::from_json(stored->answers);
  auto shown_score = quiz::score(qs, shown, a.lesson.pass_mark);
  view::Data d;
  quiz_data(ctx, a.lesson, qs, &shown, &shown_score, d);
  attempts_data(ctx, a.lesson, attempts, d);
  d.set("submitted", true);
  d.set("result_text", ctx.t(shown_score.passed ? "catalog.quiz.passed" : "catalog.quiz.failed",
                             {{"percent", std::to_string(shown_score.percent)}, {"pass", std::to_string(a.lesson.pass_mark)}}));
  d.set("result_passed", shown_score.passed);
  if (outcome == store::AttemptOutcome::kDuplicate) d.set("duplicate", true);
  return lesson_page(ctx, a, d, 200);
}

Response captions(Ctx& ctx) {
  auto a = lesson_access(ctx);
  if (a.redirect) return ctx.error(403, "catalog.enrol_first");
  auto file = ctx.path_params["file"];
  if (file.size() != 6 || !file.ends_with(".vtt")) return ctx.error(404, "errors.not_found");
  std::optional<std::string> vtt;
  {
    auto c = ctx.db().acquire();
    vtt = store::caption(*c, a.lesson.id, file.substr(0, 2));
  }
  if (!vtt) return ctx.error(404, "errors.not_found");
  auto r = Response::text(200, *vtt, "text/vtt; charset=utf-8");
  r.set("cache-control", "private, max-age=300");
  return r;
}

// The player's sources, or why there is no video to play.
void media_data(Ctx& ctx, const Access& a, view::Data& d) {
  std::optional<media::Item> item;
  if (a.lesson.video_id) {
    auto c = ctx.db().acquire();
    item = media::find(*c, *a.lesson.video_id);
  }
  if (!item) return d.set("video_missing", true);
  if (item->status == "failed") {
    d.set("video_failed", true);
    if (a.author) d.set("video_error", item->error);
    return;
  }
  auto base = lesson_url(a.course.id, a.lesson.id);
  d.set("video_url", base + "/video");
  d.set("video_type", item->mime);
  if (item->poster_id) d.set("poster_url", base + "/poster");
  if (a.lesson.allow_download) d.set("download", true);
  if (item->status == "processing" && a.author) d.set("video_processing", true);
}

void video_data(Ctx& ctx, const Access& a, view::Data& d, const std::map<std::int64_t, LessonState>& states) {
  std::vector<std::string> langs;
  std::optional<std::string> transcript_vtt;
  {
    auto c = ctx.db().acquire();
    langs = store::caption_langs(*c, a.lesson.id);
    // The transcript follows the reader's language, else the course's, else any.
    for (const auto& want : {ctx.locale, a.course.lang})
      if (!transcript_vtt && one_of(want, langs)) transcript_vtt = store::caption(*c, a.lesson.id, want);
    if (!transcript_vtt && !langs.empty()) transcript_vtt = store::caption(*c, a.lesson.id, langs.front());
  }
  view::List tracks;
  for (const auto& lang : langs) {
    view::Data t;
    t.set("src", lesson_url(a.course.id, a.lesson.id) + "/captions/" + lang + ".vtt");
    t.set("lang", lang);
    t.set("label", std::string(i18n::native_name(lang)));
    t.set("default", lang == ctx.locale || (lang == a.course.lang && !one_of(ctx.locale, langs)));
    tracks.push_back(std::move(t));
  }
  d.set("tracks", std::move(tracks));
  if (transcript_vtt) {
    d.set("cues", transcript_cues(*transcript_vtt));
    d.set("has_cues", true);
  }
  else if (!a.lesson.transcript.empty()) d.set("transcript_text", view::render_markdown(a.lesson.transcript).html);
  auto it = states.find(a.lesson.id);
  double resume = it == states.end() ? 0 : it->second.position;
  d.set("resume", std::to_string(static_cast<long>(resume)));
  if (resume >= 1) d.set("resume_text", ctx.t("catalog.video.resume", {{"time", vtt::clock(resume)}}));
  d.set("progress_url", lesson_url(a.course.id, a.lesson.id) + "/progress");
  d.set("save_progress", ctx.user.has_value());
  media_data(ctx, a, d);
}

// The lesson's video (or its poster), with Range requests, to those who may see the lesson.
Response serve_media(Ctx& ctx, bool poster) {
  auto a = lesson_access(ctx);
  if (a.redirect) return ctx.error(403, "catalog.enrol_first");
  std::optional<media::Item> item;
  {
    auto c = ctx.db().acquire();
    if (a.lesson.video_id) item = media::find(*c, *a.lesson.video_id);
    if (item && poster) item = item->poster_id ? media::find(*c, *item->poster_id) : std::nullopt;
  }
  if (!item || item->status == "failed") return ctx.error(404, "errors.not_found");
  bool download = ctx.query_value("download").has_value();
  if (download && (poster || !a.lesson.allow_download)) return ctx.error(404, "errors.not_found");
  auto r = media::respond(*item, ctx.svc.config.data_dir, ctx.req, download);
  r.set("cache-control", "private, max-age=3600");
  return r;
}
Response video_file(Ctx& ctx) { return serve_media(ctx, false); }
Response poster_file(Ctx& ctx) { return serve_media(ctx, true); }

}  // namespace

void register_lessons(web::App& app) {
  app.route("GET", "/courses/{id}/lessons/{lid}", web::Access::kAnyone, lesson, web::shared_page());
  app.route("POST", "/courses/{id}/lessons/{lid}/progress", web::Access::kAnyone, save_progress);
  app.route("POST", "/courses/{id}/lessons/{lid}/complete", web::Access::kSignedIn, complete);
  app.route("POST", "/courses/{id}/lessons/{lid}/quiz", web::Access::kSignedIn, submit_quiz);
  app.route("GET", "/courses/{id}/lessons/{lid}/captions/{file}", web::Access::kAnyone, captions);
  app.route("GET", "/courses/{id}/lessons/{lid}/video", web::Access::kAnyone, video_file);
  app.route("GET", "/courses/{id}/lessons/{lid}/poster", web::Access::kAnyone, poster_file);
}

}  // namespace cityskills::catalog
