// A webinar's recording as learning content: the organiser uploads the video (and captions) and
// publishes it as a video lesson in a course of their organisation; the lesson links back to the
// event, and the event's page links to the lesson.
#include <algorithm>

#include "features/catalog/authoring_parts.hpp"
#include "features/catalog/policy.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/catalog/vtt.hpp"
#include "features/events/api.hpp"
#include "features/events/policy.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/form_input.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"
#include "web/upload_route.hpp"

namespace cityskills::catalog {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr std::size_t kCaptionsMax = 2 * 1024 * 1024;

struct RecordingForm {
  std::optional<std::int64_t> course_id, minutes;
  std::string title, captions_lang;
  const web::UploadedFile* video = nullptr;
  const web::UploadedFile* captions = nullptr;
  void read(web::FormInput& in) {
    course_id = in.id("course_id");
    title = in.trimmed("title");
    minutes = in.integer("minutes");
    captions_lang = in.text("captions_lang");
    video = in.file("video");
    captions = in.file("captions");
  }
};

// The event, when the signed-in person may manage it (publishes in its organisation).
events::EventRef managed_event(Ctx& ctx, db::Connection& c) {
  auto found = events::events_by_id(c, {ctx.path_id("id")});
  if (found.empty()) throw web::Reject{404, "errors.not_found"};
  if (!events::policy::may_manage(ctx.actor(), found.front().org_id)) throw web::Reject{404, "errors.not_found"};
  return found.front();
}

std::vector<Course> own_courses(Ctx& ctx, db::Connection& c) {
  std::vector<std::int64_t> ids;
  for (const auto& o : orgs::publishable(c, *ctx.user)) ids.push_back(o.id);
  return store::of_orgs(c, ids);
}

Response form_page(Ctx& ctx, db::Connection& c, const events::EventRef& e, const RecordingForm& values,
                   const FormErrors& errors, int status) {
  view::Data d;
  d.set("event_id", std::to_string(e.id));
  d.set("event_title", e.title);
  d.set("event_lang", e.lang);
  std::vector<std::pair<std::string, std::string>> courses;
  for (const auto& x : own_courses(ctx, c)) courses.emplace_back(std::to_string(x.id), x.title + " (" + x.lang + ")");
  d.set("courses", web::options(courses, values.course_id ? std::to_string(*values.course_id) : ""));
  d.set("has_courses", !courses.empty());
  d.set("title", values.title);
  d.set("minutes", values.minutes ? std::to_string(*values.minutes) : "");
  d.set("langs", web::options(web::language_names(), values.captions_lang));
  errors.into(d, ctx);
  return ctx.page(ctx.t("catalog.recording.title"), "catalog/recording_form", d, std::move(status));
}

Response form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto e = managed_event(ctx, *c);
  RecordingForm values;
  values.title = ctx.t("catalog.recording.default_title", {{"title", e.title}});
  values.minutes = std::clamp<std::int64_t>((e.ends_at - e.starts_at + 59) / 60, 1, kMinutesMax);
  values.captions_lang = e.lang;
  return form_page(ctx, *c, e, values, {}, 200);
}

Response publish(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto e = managed_event(ctx, *c);
  auto form = web::read_form<RecordingForm>(ctx);
  FormErrors errors;
  std::optional<Course> course;
  if (form.course_id) course = store::find(*c, *form.course_id);
  if (!course || !policy::may_author(ctx.actor(), course->org_id)) errors.add("course_id", "catalog.recording.choose_course");
  if (auto problem = web::check_name(form.title, kTitleMax)) errors.add("title", *problem);
  web::check_int_range(errors, "minutes", form.minutes, 1, kMinutesMax);
  if (!form.video) errors.add("video", "catalog.author.choose_file");
  std::string vtt_text;
  if (form.captions) {
    web::check_choice(errors, "captions_lang", form.captions_lang, i18n::kLocales);
    auto parsed = vtt::parse(form.captions->data);
    if (!util::to_lower(form.captions->filename).ends_with(".vtt")) errors.add("captions", "catalog.vtt.extension");
    else if (form.captions->data.size() > kCaptionsMax || !parsed.ok)
      errors.add("captions", parsed.ok ? "catalog.vtt.too_large" : parsed.error, {{"line", std::to_string(parsed.error_line)}});
    else if (parsed.cues.empty()) errors.add("captions", "catalog.vtt.empty");
    else vtt_text = std::string(form.captions->data);
  }
  if (!errors.empty()) return form_page(ctx, *c, e, form, errors, 422);
  media::Policy policy{{"mp4", "webm"}, {{media::Kind::kVideo, kVideoMaxBytes}}};
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {form.video->filename, form.video->data}, policy,
                             course->org_id, ctx.user->id);
  if (!stored.ok()) {
    errors.add("video", stored.error_key, stored.args);
    return form_page(ctx, *c, e, form, errors, stored.status);
  }
  auto lesson_id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) {
    auto modules = store::modules(tx, course->id);
    auto module = modules.empty() ? store::add_module(tx, course->id, i18n::t(course->lang, "catalog.recording.module"))
                                  : modules.back().id;
    Lesson l;
    l.course_id = course->id;
    l.module_id = module;
    l.kind = "video";
    l.title = form.title;
    l.minutes = static_cast<int>(*form.minutes);
    // The lesson names the event it comes from, in the course's language, with a link back.
    l.body = i18n::t(course->lang, "catalog.recording.body",
                     {{"title", "[" + e.title + "](/events/" + std::to_string(e.id) + ")"},
                      {"date", i18n::format_date(course->lang, e.starts_at, e.time_zone)}});
    l.id = store::create_lesson(tx, l);
    store::set_video(tx, l.id, stored.item->id);
    video::queue(tx, stored.item->id);
    if (!vtt_text.empty()) store::set_caption(tx, l.id, form.captions_lang, vtt_text);
    events::set_recording(tx, e.id, "/courses/" + std::to_string(course->id) + "/lessons/" + std::to_string(l.id));
    return l.id;
  });
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  log::info("recording published as a lesson", "\"event_id\":" + std::to_string(e.id) + ",\"lesson_id\":" +
                                                    std::to_string(lesson_id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("catalog.recording.published");
  return ctx.redirect("/author/lessons/" + std::to_string(lesson_id));
}

}  // namespace

void register_recordings(web::App& app) {
  auto upload = web::upload_route(kVideoMaxBytes + kCaptionsMax + 64 * 1024);
  // Checked from the headers, before a byte of the video is read.
  upload.before_body = [](Ctx& ctx) {
    auto c = ctx.db().acquire();
    managed_event(ctx, *c);
  };
  app.route("GET", "/events/{id}/recording-lesson", web::Access::kPublisher, form);
  app.route("POST", "/events/{id}/recording-lesson", web::Access::kPublisher, publish, upload);
}

}  // namespace cityskills::catalog
