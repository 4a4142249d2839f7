// The catalogue, author side: a quiz lesson's questions.
#include "features/catalog/authoring_parts.hpp"

#include <algorithm>
#include <variant>

#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
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

Question read_question(Ctx& ctx, FormErrors& e, Question q, std::string& options) {
  web::allow_fields(ctx, {"kind", "prompt", "feedback", "options", "truth"});
  q.kind = ctx.field("kind");
  q.prompt = std::string(util::trim(ctx.field("prompt")));
  q.feedback = std::string(util::trim(ctx.field("feedback")));
  options = ctx.field("options");
  if (!one_of(q.kind, kQuestionKinds)) e.add("kind", "validation.choice.invalid");
  web::check_text(e, "prompt", q.prompt, kPromptMax, kTooLong);
  web::check_text(e, "feedback", q.feedback, kFeedbackMax, kTooLong, false);
  q.options.clear();
  if (q.kind == "true_false") {
    auto truth = ctx.field("truth");
    if (truth != "true" && truth != "false") e.add("truth", "validation.choice.invalid");
    q.options = {{0, 1, "true", truth == "true"}, {0, 2, "false", truth == "false"}};
    return q;
  }
  if (!util::valid_utf8(options)) {
    e.add("options", "validation.text.required");
    return q;
  }
  for (auto line : util::split(options, '\n')) {
    auto t = util::trim(line);
    if (t.empty()) continue;
    bool correct = q.kind == "short" || q.kind == "ordering";
    if ((q.kind == "single" || q.kind == "multiple") && t.starts_with("*")) {
      correct = true;
      t = util::trim(t.substr(1));
    }
    if (util::utf8_length(t) > kOptionMax) {
      e.add("options", "catalog.validation.option_too_long", {{"max", std::to_string(kOptionMax)}});
      return q;
    }
    q.options.push_back({0, static_cast<int>(q.options.size()) + 1, std::string(t), correct});
  }
  if (auto bad = options_problem(q)) e.add("options", *bad, {{"max", std::to_string(kMaxOptions)}});
  return q;
}

Response question_page(Ctx& ctx, const Lesson& l, const Question& q, const std::string& options, const FormErrors& e,
                       int status) {
  auto d = question_form(ctx, l, q, options);
  e.into(d, ctx);
  return ctx.page(ctx.t(q.id ? "catalog.author.edit_question" : "catalog.author.new_question"), "catalog/question_form",
                  d, status);
}

Response new_question_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "quiz") return ctx.error(404, "errors.not_found");
  Question q;
  q.lesson_id = l.id;
  return question_page(ctx, l, q, "", {}, 200);
}

Response create_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "quiz") return ctx.error(404, "errors.not_found");
  FormErrors e;
  std::string options;
  Question q;
  q.lesson_id = l.id;
  q = read_question(ctx, e, q, options);
  if (!e.empty()) return question_page(ctx, l, q, options, e, 422);
  {
    auto c = ctx.db().acquire();
    store::save_question(*c, q);
  }
  ctx.flash("catalog.author.question_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
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
  FormErrors e;
  std::string options;
  auto values = read_question(ctx, e, q, options);
  if (!e.empty()) return question_page(ctx, l, values, options, e, 422);
  {
    auto c = ctx.db().acquire();
    store::save_question(*c, values);
  }
  ctx.flash("catalog.author.question_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
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
