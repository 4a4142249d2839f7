// The catalogue, author side: the course list, course form and dashboard, publishing, and
// the modules.
#include "features/catalog/authoring_parts.hpp"

#include <algorithm>
#include <variant>

#include "features/assessment/api.hpp"
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

// ---- courses ----

view::Data course_form(Ctx& ctx, const Course& x) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> org_opts;
  std::vector<std::pair<std::string, std::string>> originals{{"", ctx.t("catalog.author.not_a_translation")}};
  {
    auto c = ctx.db().acquire();
    std::vector<std::int64_t> ids;
    for (const auto& o : orgs::publishable(*c, *ctx.user)) {
      org_opts.emplace_back(std::to_string(o.id), o.name);
      ids.push_back(o.id);
    }
    for (const auto& other : store::of_orgs(*c, ids))
      if (!other.translation_of && other.id != x.id)
        originals.emplace_back(std::to_string(other.id), other.title + " (" + other.lang + ")");
  }
  d.set("orgs", web::options(org_opts, std::to_string(x.org_id)));
  d.set("originals", web::options(originals, x.translation_of ? std::to_string(*x.translation_of) : ""));
  d.set("langs", web::options(web::language_names(), x.lang));
  d.set("levels", web::options(web::labelled(ctx, "common.level.", kLevels), x.level));
  d.set("audiences", web::options(web::labelled(ctx, "catalog.audience.", kAudiences), x.audience));
  view::List areas;
  for (const auto& area : {"1", "2", "3", "4", "5"}) {
    view::Data a;
    a.set("name", assessment::digcomp_name(area, ctx.locale));
    view::List comps;
    for (const auto& code : kCompetences)
      if (code.starts_with(std::string(area) + ".")) {
        view::Data cd;
        cd.set("code", code);
        cd.set("label", competence_label(ctx, code));
        cd.set("checked", one_of(code, x.competences));
        comps.push_back(std::move(cd));
      }
    a.set("competences", std::move(comps));
    areas.push_back(std::move(a));
  }
  d.set("areas", std::move(areas));
  if (x.id) d.set("id", std::to_string(x.id));
  d.set("title", x.title);
  d.set("summary", x.summary);
  d.set("description", x.description);
  d.set("outcomes", x.outcomes);
  d.set("open_access", x.open_access);
  return d;
}

// The course form as entered, over `x` (the course being edited, or a new one), and its errors.
Course read_course(Ctx& ctx, FormErrors& e, Course x) {
  auto form = web::read_form<CourseForm>(ctx);
  std::optional<Course> original;
  if (auto id = util::parse_id(form.translation_of)) {
    auto c = ctx.db().acquire();
    original = store::find(*c, *id);
  }
  // A translation points at an original the author may see, never at itself.
  bool original_allowed = original && original->id != x.id && can_author(ctx, original->org_id);
  e = check(form, can_author(ctx, form.org_id.value_or(0)), original_allowed);
  form.apply(x);
  x.translation_of = std::nullopt;
  if (!form.translation_of.empty() && original_allowed) x.translation_of = original->translation_of.value_or(original->id);
  return x;
}

Response author_list(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  std::vector<Course> courses;
  bool any_org = false;
  {
    auto c = ctx.db().acquire();
    std::vector<std::int64_t> ids;
    for (const auto& o : orgs::publishable(*c, *ctx.user)) ids.push_back(o.id);
    any_org = !ids.empty();
    courses = store::of_orgs(*c, ids);
  }
  if (!any_org) return ctx.error(403, "catalog.author.forbidden");
  view::List list;
  for (const auto& x : courses) {
    view::Data d;
    d.set("id", std::to_string(x.id));
    d.set("title", x.title);
    d.set("lang", x.lang);
    d.set("org", x.org_name);
    d.set("state", ctx.t(x.published ? "catalog.author.published" : "catalog.author.draft"));
    d.set("lessons", i18n::tn(ctx.locale, "catalog.lessons_count", x.lessons));
    list.push_back(std::move(d));
  }
  view::Data d;
  d.set("courses", std::move(list));
  d.set("has_courses", !courses.empty());
  return ctx.page(ctx.t("catalog.author.title"), "catalog/author_list", std::move(d));
}

Response new_course_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  x.lang = ctx.locale;
  auto d = course_form(ctx, x);
  return ctx.page(ctx.t("catalog.author.new_course"), "catalog/course_form", std::move(d));
}

Response create_course(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  FormErrors e;
  auto x = read_course(ctx, e, Course{});
  if (!e.empty()) {
    auto d = course_form(ctx, x);
    e.into(d, ctx);
    return ctx.page(ctx.t("catalog.author.new_course"), "catalog/course_form", std::move(d), 422);
  }
  std::int64_t id = 0;
  {
    auto c = ctx.db().acquire();
    id = store::create_course(*c, x, ctx.user->id);
    store::add_module(*c, id, ctx.t("catalog.author.first_module"));
  }
  ctx.flash("catalog.author.created");
  return ctx.redirect(course_admin_url(id));
}

void structure_into(Ctx& ctx, const Course& x, view::Data& d) {
  std::vector<Module> modules;
  {
    auto c = ctx.db().acquire();
    modules = store::modules(*c, x.id);
  }
  view::List ml;
  for (const auto& m : modules) {
    view::Data md;
    md.set("id", std::to_string(m.id));
    md.set("title", m.title);
    view::List ls;
    for (std::size_t i = 0; i < m.lessons.size(); ++i) {
      const auto& l = m.lessons[i];
      view::Data ld;
      ld.set("id", std::to_string(l.id));
      ld.set("title", l.title);
      ld.set("kind", ctx.t("catalog.kind." + l.kind));
      ld.set("first", i == 0);
      ld.set("last", i + 1 == m.lessons.size());
      ls.push_back(std::move(ld));
    }
    md.set("lessons", std::move(ls));
    md.set("empty", m.lessons.empty());
    ml.push_back(std::move(md));
  }
  d.set("modules", std::move(ml));
  view::List kinds;
  for (const auto& k : kLessonKinds) {
    view::Data kd;
    kd.set("value", k);
    kd.set("label", ctx.t("catalog.kind." + k));
    kinds.push_back(std::move(kd));
  }
  d.set("kinds", std::move(kinds));
}

// The course's images, each offered as the cover with the words that describe it (those just
// entered when they were refused).
void images_into(Ctx& ctx, const Course& x, view::Data& d, const FormErrors& e) {
  view::List list;
  auto c = ctx.db().acquire();
  auto cover = store::cover(*c, x.id);
  d.set("has_cover", cover.has_value());
  d.set("cover_alt_max", std::to_string(kCoverAltMax));
  for (auto id : store::images(*c, x.id))
    if (auto item = media::find(*c, id)) {
      view::Data i;
      auto url = "/courses/" + std::to_string(x.id) + "/images/" + std::to_string(id);
      i.set("url", url);
      i.set("media_id", std::to_string(id));
      bool is_cover = cover && cover->media_id == id;
      i.set("is_cover", is_cover);
      auto field = "cover_alt_" + std::to_string(id);
      if (e.has(field)) {
        i.set("alt_error", ctx.t(e.key(field), e.args(field)));
        i.set("alt", std::string(ctx.field("alt")));
      } else if (is_cover) {
        i.set("alt", cover->alt);
      }
      i.set("name", item->name);
      i.set("markdown", "![" + ctx.t("catalog.author.image_alt_placeholder") + "](" + url + ")");
      list.push_back(std::move(i));
    }
  d.set("images", std::move(list));
}

Response course_page(Ctx& ctx, const Course& x, const Course& values, const FormErrors& e, int status) {
  auto d = course_form(ctx, values);
  structure_into(ctx, x, d);
  images_into(ctx, x, d, e);
  d.set("published", x.published);
  d.set("view_url", "/courses/" + std::to_string(x.id));
  e.into(d, ctx);
  return ctx.page(ctx.t("catalog.author.edit_course") + ": " + x.title, "catalog/author_course", d, std::move(status));
}

Response course_dashboard(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = authored_course(ctx, ctx.path_id("id"));
  return course_page(ctx, x, x, {}, 200);
}

Response update_course(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = authored_course(ctx, ctx.path_id("id"));
  FormErrors e;
  auto values = read_course(ctx, e, x);
  if (!e.empty()) return course_page(ctx, x, values, e, 422);
  {
    auto c = ctx.db().acquire();
    store::update_course(*c, values);
  }
  ctx.flash("common.saved");
  return ctx.redirect(course_admin_url(x.id));
}

Response publish(Ctx& ctx, bool on) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto x = authored_course(ctx, ctx.path_id("id"));
  if (on && x.lessons == 0) {
    FormErrors e;
    e.add("publish", "catalog.author.publish_empty");
    return course_page(ctx, x, x, e, 409);
  }
  {
    auto c = ctx.db().acquire();
    store::set_published(*c, x.id, on);
  }
  log::info(on ? "course published" : "course unpublished",
            "\"course_id\":" + std::to_string(x.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash(on ? "catalog.author.published_now" : "catalog.author.unpublished_now");
  return ctx.redirect(course_admin_url(x.id));
}
Response do_publish(Ctx& ctx) { return publish(ctx, true); }
Response do_unpublish(Ctx& ctx) { return publish(ctx, false); }

// ---- modules ----

// The module title typed in `field`, the form's one field.
std::string read_module_title(Ctx& ctx, std::string_view field) {
  web::FormInput in(ctx);
  auto title = in.trimmed(field);
  in.finish();
  return title;
}

// The module title typed; a bad one re-renders the course page with the error.
std::variant<std::string, Response> module_title(Ctx& ctx, const Course& x, std::string title) {
  if (auto err = web::check_name(title, kTitleMax)) {
    FormErrors e;
    e.add("module_title", *err);
    return course_page(ctx, x, x, e, 422);
  }
  return title;
}

Response add_module(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto typed = read_module_title(ctx, "module_title");
  auto x = authored_course(ctx, ctx.path_id("id"));
  auto title = module_title(ctx, x, typed);
  if (auto* r = std::get_if<Response>(&title)) return *r;
  {
    auto c = ctx.db().acquire();
    store::add_module(*c, x.id, std::get<std::string>(title));
  }
  ctx.flash("common.saved");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

Course module_course(Ctx& ctx, store::ModuleRef& m) {
  std::optional<store::ModuleRef> found;
  {
    auto c = ctx.db().acquire();
    found = store::module(*c, ctx.path_id("mid"));
  }
  if (!found) throw web::Reject{404, "errors.not_found"};
  m = *found;
  return authored_course(ctx, m.course_id);
}

Response rename_module(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto typed = read_module_title(ctx, "title");
  store::ModuleRef m;
  auto x = module_course(ctx, m);
  auto title = module_title(ctx, x, typed);
  if (auto* r = std::get_if<Response>(&title)) return *r;
  {
    auto c = ctx.db().acquire();
    store::rename_module(*c, m.id, std::get<std::string>(title));
  }
  ctx.flash("common.saved");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

Response delete_module(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  store::ModuleRef m;
  auto x = module_course(ctx, m);
  bool deleted = false;
  {
    auto c = ctx.db().acquire();
    deleted = store::delete_module(*c, m.id);
  }
  if (!deleted) {
    FormErrors e;
    e.add("module_title", "catalog.author.module_not_empty");
    return course_page(ctx, x, x, e, 409);
  }
  ctx.flash("catalog.author.deleted");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

}  // namespace cityskills::catalog::authoring
