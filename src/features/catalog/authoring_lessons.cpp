// The catalogue, author side: lessons (form, order) and their captions typed in the browser.
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

// ---- lessons ----

view::Data lesson_form(Ctx& ctx, const Course& x, const Lesson& l) {
  view::Data d;
  d.set("course_id", std::to_string(x.id));
  d.set("course_title", x.title);
  if (l.id) d.set("id", std::to_string(l.id));
  d.set("module_id", std::to_string(l.module_id));
  d.set("kind", l.kind);
  d.set("kind_label", ctx.t("catalog.kind." + l.kind));
  d.set("is_video", l.kind == "video");
  d.set("is_quiz", l.kind == "quiz");
  d.set("title", l.title);
  d.set("body", l.body);
  d.set("transcript", l.transcript);
  d.set("minutes", std::to_string(l.minutes));
  d.set("allow_download", l.allow_download);
  d.set("pass_mark", std::to_string(l.pass_mark));
  d.set("max_attempts", std::to_string(l.max_attempts));
  std::vector<std::pair<std::string, std::string>> mods;
  {
    auto c = ctx.db().acquire();
    for (const auto& m : store::modules(*c, x.id)) mods.emplace_back(std::to_string(m.id), m.title);
  }
  d.set("modules", web::options(mods, std::to_string(l.module_id)));
  d.set("preview_url", l.id ? "/courses/" + std::to_string(x.id) + "/lessons/" + std::to_string(l.id) : "");
  return d;
}

void lesson_extras(Ctx& ctx, const Lesson& l, view::Data& d) {
  if (!l.id) return;
  auto c = ctx.db().acquire();
  if (l.kind == "quiz") {
    view::List ql;
    int n = 0;
    for (const auto& q : store::questions(*c, l.id)) {
      view::Data qd;
      qd.set("id", std::to_string(q.id));
      qd.set("number", std::to_string(++n));
      qd.set("prompt", q.prompt);
      qd.set("kind", ctx.t("catalog.question_kind." + q.kind));
      ql.push_back(std::move(qd));
    }
    d.set("questions", std::move(ql));
    d.set("has_questions", n > 0);
  }
  if (l.kind == "video") {
    view::List caps;
    for (const auto& lang : store::caption_langs(*c, l.id)) {
      view::Data cd;
      cd.set("lang", lang);
      cd.set("name", std::string(i18n::native_name(lang)));
      caps.push_back(std::move(cd));
    }
    d.set("captions", std::move(caps));
    d.set("caption_langs", web::options(web::language_names(), ctx.locale));
    d.set("video_max", std::to_string(kVideoMax / kMB));
    if (l.video_id)
      if (auto item = media::find(*c, *l.video_id)) {
        view::Data v;
        v.set("name", item->name);
        v.set("size", std::to_string((item->size + kMB / 2) / kMB));
        v.set("state", ctx.t("catalog.author.video_state." + item->status));
        v.set("failed", item->status == "failed");
        if (!item->error.empty()) v.set("error", item->error);
        if (item->duration_seconds) v.set("duration", vtt::clock(static_cast<double>(*item->duration_seconds)));
        d.set("video", std::move(v));
      }
  }
}

Response lesson_page(Ctx& ctx, const Course& x, const Lesson& values, const FormErrors& e, int status) {
  auto d = lesson_form(ctx, x, values);
  lesson_extras(ctx, values, d);
  e.into(d, ctx);
  auto title = values.id ? ctx.t("catalog.author.edit_lesson") : ctx.t("catalog.author.new_lesson");
  return ctx.page(title, "catalog/lesson_form", d, std::move(status));
}

// The lesson form as entered, over `l` (the lesson being edited, or a new one), and its errors.
Lesson read_lesson(Ctx& ctx, FormErrors& e, const LessonForm& form, Lesson l, const Course& x) {
  std::optional<store::ModuleRef> m;
  if (form.module_id) {
    auto c = ctx.db().acquire();
    m = store::module(*c, *form.module_id);
  }
  // A lesson moves only between the modules of its course.
  bool module_ok = m && m->course_id == x.id;
  e = check(form, module_ok);
  form.apply(l);
  if (module_ok) l.module_id = m->id;
  return l;
}

// A new lesson in the module in the address, of the course `x`.
Lesson new_lesson(Ctx& ctx, Course& x) {
  store::ModuleRef m;
  x = module_course(ctx, m);
  Lesson l;
  l.course_id = x.id;
  l.module_id = m.id;
  return l;
}

Response new_lesson_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = new_lesson(ctx, x);
  l.kind = ctx.query_value("kind").value_or("text");
  if (!one_of(l.kind, kLessonKinds)) throw web::Reject{400, "catalog.filter.invalid"};
  return lesson_page(ctx, x, l, {}, 200);
}

Response create_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = new_lesson(ctx, x);
  auto form = web::read_form<LessonForm>(ctx);
  if (!one_of(form.kind, kLessonKinds)) return ctx.error(400, "catalog.filter.invalid");
  l.kind = form.kind;
  FormErrors e;
  l = read_lesson(ctx, e, form, l, x);
  if (!e.empty()) return lesson_page(ctx, x, l, e, 422);
  std::int64_t id = 0;
  {
    auto c = ctx.db().acquire();
    id = store::create_lesson(*c, l);
  }
  ctx.flash("catalog.author.lesson_created");
  return ctx.redirect("/author/lessons/" + std::to_string(id));
}

Response edit_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  return lesson_page(ctx, x, l, {}, 200);
}

Response update_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  auto form = web::read_form<LessonForm>(ctx);
  if (form.kind != l.kind) return ctx.error(400, "errors.unexpected_field");
  FormErrors e;
  auto values = read_lesson(ctx, e, form, l, x);
  if (!e.empty()) return lesson_page(ctx, x, values, e, 422);
  {
    auto c = ctx.db().acquire();
    store::update_lesson(*c, values);
  }
  ctx.flash("common.saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id));
}

Response delete_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  {
    auto c = ctx.db().acquire();
    store::delete_lesson(*c, l.id);
  }
  log::info("lesson deleted", "\"lesson_id\":" + std::to_string(l.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("catalog.author.deleted");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

Response move_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto dir = in.text("direction");
  in.finish();
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (dir != "up" && dir != "down") return ctx.error(400, "errors.bad_request");
  store::move_lesson(ctx.db(), l.id, dir == "up" ? -1 : 1);
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

// ---- captions ----

Response save_caption(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<CaptionForm>(ctx);
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "video") return ctx.error(404, "errors.not_found");
  auto e = check(form);
  if (!e.empty()) {
    auto d = lesson_form(ctx, x, l);
    lesson_extras(ctx, l, d);
    d.set("vtt", form.vtt);
    e.into(d, ctx);
    return ctx.page(ctx.t("catalog.author.edit_lesson"), "catalog/lesson_form", std::move(d), 422);
  }
  {
    auto c = ctx.db().acquire();
    store::set_caption(*c, l.id, form.lang, form.vtt);
  }
  ctx.flash("catalog.author.captions_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#captions");
}

Response delete_caption(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto lang = in.text("lang");
  in.finish();
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  {
    auto c = ctx.db().acquire();
    store::delete_caption(*c, l.id, lang);
  }
  ctx.flash("catalog.author.deleted");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#captions");
}

Response lesson_form_error(Ctx& ctx, const Course& x, const Lesson& l, const std::string& field, int status,
                           const std::string& key, const i18n::Args& args) {
  FormErrors e;
  e.add(field, key, args);
  return lesson_page(ctx, x, l, e, status);
}

}  // namespace cityskills::catalog::authoring
