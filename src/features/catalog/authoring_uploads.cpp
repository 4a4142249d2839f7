// The catalogue, author side: uploads of a lesson's video and captions and a course's images.
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

// A video file for the lesson: checked and stored by the media store, then read by ffmpeg
// in the background (duration, poster); the author sees the state and any failure here.
Response upload_video(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  const auto* f = in.file("video");
  in.finish();
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "video") return ctx.error(404, "errors.not_found");
  if (!f) return lesson_form_error(ctx, x, l, "video", 422, "catalog.author.choose_file");
  media::Policy policy{{"mp4", "webm"}, {{media::Kind::kVideo, kVideoMax}}};
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, policy, x.org_id, ctx.user->id);
  if (!stored.ok()) return lesson_form_error(ctx, x, l, "video", stored.status, stored.error_key, stored.args);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    store::set_video(c, l.id, stored.item->id);
    video::queue(c, stored.item->id);
  });
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  log::info("lesson video uploaded", "\"lesson_id\":" + std::to_string(l.id) + ",\"media_id\":" +
                                         std::to_string(stored.item->id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("catalog.author.video_uploaded");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#video");
}

// An image for the course's Markdown (description, text lessons): checked by the media store,
// then offered as a Markdown snippet to paste.
Response upload_image(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  const auto* f = in.file("image");
  in.finish();
  auto x = authored_course(ctx, ctx.path_id("id"));
  auto fail = [&](int status, const std::string& key, const i18n::Args& args) {
    FormErrors e;
    e.add("image", key, args);
    return course_page(ctx, x, x, e, status);
  };
  if (!f) return fail(422, "catalog.author.choose_file", {});
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, media::image_policy(), x.org_id,
                             ctx.user->id);
  if (!stored.ok()) return fail(stored.status, stored.error_key, stored.args);
  {
    auto c = ctx.db().acquire();
    store::add_image(*c, x.id, stored.item->id);
  }
  ctx.flash("catalog.author.image_uploaded");
  return ctx.redirect(course_admin_url(x.id) + "#images");
}

Response set_cover(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<CoverForm>(ctx);
  auto x = authored_course(ctx, ctx.path_id("id"));
  bool own = false;
  if (form.media_id) {
    auto c = ctx.db().acquire();
    own = store::has_image(*c, x.id, *form.media_id);
  }
  // Only an image of this course can be its cover.
  if (!own) throw web::Reject{404, "errors.not_found"};
  if (auto e = check(form); !e.empty()) return course_page(ctx, x, x, e, 422);
  {
    auto c = ctx.db().acquire();
    store::set_cover(*c, x.id, *form.media_id, form.alt);
  }
  ctx.flash("catalog.author.cover_saved");
  return ctx.redirect(course_admin_url(x.id) + "#images");
}

Response remove_cover(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto x = authored_course(ctx, ctx.path_id("id"));
  {
    auto c = ctx.db().acquire();
    store::clear_cover(*c, x.id);
  }
  ctx.flash("catalog.author.cover_removed");
  return ctx.redirect(course_admin_url(x.id) + "#images");
}

// A .vtt file instead of pasted text: the same checks as the text form.
Response upload_caption(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto lang = in.text("lang");
  const auto* f = in.file("captions_file");
  in.finish();
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "video") return ctx.error(404, "errors.not_found");
  if (!i18n::supported(lang)) return lesson_form_error(ctx, x, l, "caption_lang", 422, "validation.choice.invalid");
  if (!f) return lesson_form_error(ctx, x, l, "captions_file", 422, "catalog.author.choose_file");
  auto name = util::to_lower(f->filename);
  if (!name.ends_with(".vtt")) return lesson_form_error(ctx, x, l, "captions_file", 415, "catalog.vtt.extension");
  auto parsed = vtt::parse(f->data);
  if (!parsed.ok)
    return lesson_form_error(ctx, x, l, "captions_file", parsed.error == "catalog.vtt.too_large" ? 413 : 422, parsed.error,
                             {{"line", std::to_string(parsed.error_line)}});
  if (parsed.cues.empty()) return lesson_form_error(ctx, x, l, "captions_file", 422, "catalog.vtt.empty");
  {
    auto c = ctx.db().acquire();
    store::set_caption(*c, l.id, lang, std::string(f->data));
  }
  ctx.flash("catalog.author.captions_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#captions");
}

}  // namespace cityskills::catalog::authoring
