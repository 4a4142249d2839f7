// The catalogue, author side: a quiz lesson's questions.
#include "features/catalog/authoring_parts.hpp"

#include <algorithm>
#include <variant>

#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
#include "features/catalog/forms.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/catalog/vtt.hpp"
#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "features/orgs/api.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::catalog::authoring {

using http::Response;
using web::Ctx;
using web::FormErrors;

// ---- quiz questions ----

// The options textarea: one per line; "*" in front marks a right answer (single, multiple).
std::string options_text(const Question& q) {
  std::string out;
  for (const auto& o : q.options) {
    if (q.kind == "true_false") continue;
    out += (o.correct && (q.kind == "single" || q.kind == "multiple") ? "* " : "") + o.text + "\n";
  }
  return out;
}

view::Data question_form(Ctx& ctx, const Lesson& l, const Question& q, const std::string& options) {
  view::Data d;
  d.set("lesson_id", std::to_string(l.id));
  d.set("lesson_title", l.title);
  if (q.id) d.set("id", std::to_string(q.id));
  d.set("kinds", web::options(web::labelled(ctx, "catalog.question_kind.", kQuestionKinds), q.kind));
  d.set("prompt", q.prompt);
  d.set("feedback", q.feedback);
  d.set("options_text", options);
  bool truth = q.kind == "true_false" && !q.options.empty() && q.options.front().correct;
  d.set("truths", web::options({{"true", ctx.t("catalog.quiz.true")}, {"false", ctx.t("catalog.quiz.false")}},
                               truth ? "true" : "false"));
  return d;
}

Response question_page(Ctx& ctx, const Lesson& l, const Question& q, const std::string& options, const FormErrors& e,
                       int status) {
  auto d = question_form(ctx, l, q, options);
  e.into(d, ctx);
  return ctx.page(ctx.t(q.id ? "catalog.author.edit_question" : "catalog.author.new_question"), "catalog/question_form",
                  d, status);
}

namespace {

// A new question of the quiz lesson in the address; any other lesson is not found.
Question new_question(Ctx& ctx, Lesson& l) {
  Course x;
  l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "quiz") throw web::Reject{404, "errors.not_found"};
  Question q;
  q.lesson_id = l.id;
  return q;
}

// Saves `q` as the form gives it (new when it has no id yet); the form again with the errors
// otherwise.
Response save_question(Ctx& ctx, const Lesson& l, Question q, const QuestionForm& form) {
  form.apply(q);
  auto e = check(form);
  if (!e.empty()) return question_page(ctx, l, q, form.options, e, 422);
  {
    auto c = ctx.db().acquire();
    store::save_question(*c, q);
  }
  ctx.flash("catalog.author.question_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
}

}  // namespace

Response new_question_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Lesson l;
  auto q = new_question(ctx, l);
  return question_page(ctx, l, q, "", {}, 200);
}

Response create_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Lesson l;
  auto q = new_question(ctx, l);
  return save_question(ctx, l, q, web::read_form<QuestionForm>(ctx));
}

Question authored_question(Ctx& ctx, Lesson& l) {
  std::optional<Question> q;
  {
    auto c = ctx.db().acquire();
    q = store::question(*c, ctx.path_id("qid"));
  }
  if (!q) throw web::Reject{404, "errors.not_found"};
  Course x;
  l = authored_lesson(ctx, q->lesson_id, x);
  return *q;
}

Response edit_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Lesson l;
  auto q = authored_question(ctx, l);
  return question_page(ctx, l, q, options_text(q), {}, 200);
}

Response update_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Lesson l;
  auto q = authored_question(ctx, l);
  return save_question(ctx, l, q, web::read_form<QuestionForm>(ctx));
}

Response delete_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  Lesson l;
  auto q = authored_question(ctx, l);
  {
    auto c = ctx.db().acquire();
    store::delete_question(*c, q.id);
  }
  ctx.flash("catalog.author.deleted");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
}

}  // namespace cityskills::catalog::authoring
