// Good practices: structured case studies submitted for an organisation, public after its
// moderators approve them, marked "we did this too" once per person and discussed.
#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/assessment/api.hpp"
#include "features/orgs/api.hpp"
#include "features/practices/api.hpp"
#include "features/practices/common.hpp"
#include "features/practices/forms.hpp"
#include "features/practices/policy.hpp"
#include "features/practices/store.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"
#include "web/extensions.hpp"
#include "web/upload_route.hpp"
#include "web/processing.hpp"
#include "web/list_cards.hpp"
#include "web/login_link.hpp"

namespace cityskills::practices {
void register_submission(web::App& app);

namespace detail {

bool one_of(const std::string& v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

media::Policy attachment_policy() {
  auto p = media::combine({media::document_policy(), media::image_policy()});
  p.user_quota_bytes = kUserQuota;
  return p;
}

std::string allowed_types() {
  std::string out;
  for (const auto& e : attachment_policy().extensions) out += (out.empty() ? "" : ", ") + e;
  return out;
}

std::string country_name(const web::Ctx& ctx, const std::string& code) {
  for (const auto& [c, name] : accounts::country_options(ctx.locale))
    if (c == code) return name;
  return code;
}


// DigComp areas by the framework's own names (not copies in the translations).
Named area_names(const web::Ctx& ctx, const std::vector<std::string>& codes) {
  Named out;
  for (const auto& code : codes) out.emplace_back(code, assessment::digcomp_name(code, ctx.locale));
  return out;
}

}  // namespace detail

namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;
using namespace detail;

constexpr int kPerPage = 20;
constexpr int kCommentsPer10Min = 10;
constexpr std::size_t kMaxAttachments = 5;


view::List labels(const Named& named) {
  view::List out;
  for (const auto& [code, label] : named) out.push_back(view::Data(view::Object{{"label", label}}));
  return out;
}

view::Data card(const Ctx& ctx, const Practice& p) {
  view::Data d;
  d.set("id", std::to_string(p.id));
  d.set("title", p.title);
  d.set("org", p.org_name);
  d.set("lang", p.lang);
  d.set("country", country_name(ctx, p.country));
  d.set("size_band", ctx.t("practices.size." + p.size_band));
  d.set("cost_band", ctx.t("practices.cost." + p.cost_band));
  d.set("effort_band", ctx.t("practices.effort." + p.effort_band));
  d.set("areas", labels(area_names(ctx, p.areas)));
  d.set("themes", labels(web::labelled(ctx, "practices.theme.", p.themes)));
  d.set("did_too", i18n::tn(ctx.locale, "practices.did_too_count", p.did_too));
  d.set("excerpt", view::markdown_plain_text(p.problem, 220));
  return d;
}

Response list(Ctx& ctx) {
  web::ListParams q(ctx, "/practices", "practices.filter.invalid");
  store::Filter f;
  f.area = q.choice("area", kAreas);
  f.theme = q.choice("theme", kThemes);
  f.cost_band = q.choice("cost", kCostBands);
  f.effort_band = q.choice("effort", kEffortBands);
  f.size_band = q.choice("size", kSizeBands);
  std::vector<std::string> countries;
  for (const auto& [code, name] : accounts::country_options(ctx.locale)) countries.push_back(code);
  f.country = q.choice("country", countries);
  f.lang = q.language();
  auto c = ctx.db().acquire();
  std::string org_slug;
  f.org_id = orgs::org_filter(*c, q, org_slug);
  auto items = store::published(*c, f, kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  d.set("practices", web::page_cards(q, d, items, kPerPage, [&](const Practice& p) { return card(ctx, p); }));
  d.set("areas", web::filter_menu(ctx, area_names(ctx, kAreas), f.area));
  d.set("themes", web::filter_menu(ctx, "practices.theme.", kThemes, f.theme));
  d.set("costs", web::filter_menu(ctx, "practices.cost.", kCostBands, f.cost_band));
  d.set("efforts", web::filter_menu(ctx, "practices.effort.", kEffortBands, f.effort_band));
  d.set("sizes", web::filter_menu(ctx, "practices.size.", kSizeBands, f.size_band));
  std::vector<std::pair<std::string, std::string>> used;
  for (const auto& code : store::countries(*c)) used.emplace_back(code, country_name(ctx, code));
  d.set("countries", web::filter_menu(ctx, std::move(used), f.country));
  d.set("languages", web::language_menu(ctx, f.lang));
  d.set("orgs", orgs::org_menu(*c, ctx, org_slug));
  if (ctx.user) d.set("signed_in", true);
  return ctx.page(ctx.t("practices.list.title"), "practices/list", std::move(d));
}

// Loads a practice the visitor may see: published, or their own, or one they moderate.
// Anything else is indistinguishable from a practice that does not exist.
std::optional<Practice> visible(Ctx& ctx, db::Connection& c, std::int64_t id, bool& moderator) {
  auto p = store::find(c, id);
  moderator = false;
  if (!p) return std::nullopt;
  moderator = policy::may_moderate(ctx.actor(), p->org_id);
  if (!policy::may_view(ctx.actor(), p->org_id, p->status, p->author_id)) return std::nullopt;
  return p;
}

view::List rendered_figures(const std::string& figures) {
  view::List out;
  for (auto line : util::split(figures, '\n')) {
    auto t = util::trim(line);
    if (!t.empty()) out.push_back(view::Data(view::Object{{"figure", std::string(t)}}));
  }
  return out;
}

Response show_page(Ctx& ctx, std::int64_t id, const std::string& comment, const FormErrors& errors, int status) {
  bool moderator = false, marked = false;
  std::optional<Practice> p;
  std::vector<Comment> comments;
  std::vector<Decision> decisions;
  std::vector<Attachment> files;
  {
    auto c = ctx.db().acquire();
    p = visible(ctx, *c, id, moderator);
    if (!p) return ctx.error(404, "errors.not_found");
    comments = store::comments(*c, id);
    decisions = store::decisions(*c, id);
    files = store::attachments(*c, id);
    if (ctx.user) marked = store::did_too(*c, id, ctx.user->id);
  }
  auto d = card(ctx, *p);
  bool published = p->status == "published";
  bool own = policy::is_author(ctx.actor(), p->author_id);
  for (auto [key, text] : {std::pair{"problem", &p->problem}, std::pair{"actions", &p->actions},
                           std::pair{"results", &p->results}, std::pair{"lessons", &p->lessons}})
    d.set(key, view::render_markdown(*text).html);
  auto figures = rendered_figures(p->figures);
  d.set("has_figures", !figures.empty());
  d.set("figures", std::move(figures));
  d.set("author", p->author_name);
  d.set("date", i18n::format_date(ctx.locale, published ? p->published_at : p->created_at, ctx.zone()));
  if (!p->contact_name.empty()) d.set("contact_name", p->contact_name);
  if (!p->contact_email.empty()) d.set("contact_email", p->contact_email);
  d.set("published", published);
  if (p->status == "pending") d.set("pending", true);
  if (p->status == "rejected") d.set("rejected", true);
  if (!p->moderation_note.empty() && (moderator || own)) d.set("moderation_note", p->moderation_note);
  view::List fl;
  for (const auto& f : files) {
    view::Data x;
    x.set("href", "/practices/" + std::to_string(id) + "/files/" + std::to_string(f.media_id));
    x.set("name", f.name);
    x.set("size", ctx.t("practices.file_size", {{"kb", std::to_string((f.size + 1023) / 1024)}}));
    fl.push_back(std::move(x));
  }
  d.set("has_files", !fl.empty());
  d.set("files", std::move(fl));
  d.set("signed_in", ctx.user.has_value());
  d.set("can_attach", (moderator || own) && files.size() < kMaxAttachments);
  d.set("allowed_types", allowed_types());
  d.set("marked", marked);
  d.set("moderator", moderator);
  d.set("login_next", web::login_link("/practices/" + std::to_string(id)));
  view::List cl;
  for (const auto& cm : comments) {
    view::Data x;
    x.set("author", cm.author_name);
    x.set("date", i18n::format_datetime(ctx.locale, cm.created_at, ctx.zone()));
    x.set("body", view::render_markdown(cm.body).html);
    cl.push_back(std::move(x));
  }
  d.set("comment_list", std::move(cl));
  if (moderator || own) {
    view::List dl;
    for (const auto& x : decisions) {
      view::Data e;
      e.set("action", ctx.t("practices.action." + x.action));
      e.set("reason", x.reason);
      e.set("actor", x.actor_name);
      e.set("date", i18n::format_date(ctx.locale, x.created_at, ctx.zone()));
      dl.push_back(std::move(e));
    }
    d.set("decisions", std::move(dl));
    d.set("show_decisions", true);
  }
  d.set("comment", comment);
  errors.into(d, ctx);
  return ctx.page(p->title, "practices/show", d, std::move(status));
}

Response show(Ctx& ctx) { return show_page(ctx, ctx.path_id("id"), "", {}, 200); }

Response moderation(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  view::List items;
  {
    auto c = ctx.db().acquire();
    for (const auto& p : store::pending(*c)) {
      if (!policy::may_moderate(ctx.actor(), p.org_id)) continue;
      auto x = card(ctx, p);
      x.set("author", p.author_name);
      x.set("date", i18n::format_date(ctx.locale, p.created_at, ctx.zone()));
      items.push_back(std::move(x));
    }
  }
  view::Data d;
  d.set("practices", std::move(items));
  return ctx.page(ctx.t("practices.moderation.title"), "practices/moderation", std::move(d));
}

Response moderate(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<DecisionForm>(ctx);
  auto id = ctx.path_id("id");
  bool moderator = false;
  {
    auto c = ctx.db().acquire();
    auto p = visible(ctx, *c, id, moderator);
    if (!p) return ctx.error(404, "errors.not_found");
  }
  if (!moderator) return ctx.error(403, "practices.forbidden");
  if (auto errors = check(form); !errors.empty()) return show_page(ctx, id, "", errors, 422);
  {
    auto c = ctx.db().acquire();
    store::moderate(*c, id, ctx.user->id, form.approve(), form.reason);
  }
  log::info("practice moderated", "\"practice_id\":" + std::to_string(id) + ",\"actor\":" + std::to_string(ctx.user->id) +
                                      ",\"decision\":\"" + form.decision + "\",\"reason\":\"" +
                                      util::json_escape(form.reason) + "\"");
  ctx.flash(form.approve() ? "practices.approved" : "practices.rejected");
  return ctx.redirect("/practices/" + std::to_string(id));
}

// Marks and comments are for published practices only.
std::optional<Response> require_published(Ctx& ctx, std::int64_t id) {
  bool moderator = false;
  auto c = ctx.db().acquire();
  auto p = visible(ctx, *c, id, moderator);
  if (!p) return ctx.error(404, "errors.not_found");
  if (p->status != "published") return ctx.error(409, "practices.not_published");
  return std::nullopt;
}

Response mark(Ctx& ctx, bool on) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  if (auto r = require_published(ctx, id)) return *r;
  store::mark_did_too(ctx.db(), id, ctx.user->id, on);
  ctx.flash(on ? "practices.marked" : "practices.unmarked");
  return ctx.redirect("/practices/" + std::to_string(id));
}

Response do_mark(Ctx& ctx) { return mark(ctx, true); }
Response do_unmark(Ctx& ctx) { return mark(ctx, false); }

Response comment(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<CommentForm>(ctx);
  auto id = ctx.path_id("id");
  if (auto r = require_published(ctx, id)) return *r;
  const auto& body = form.comment;
  if (auto errors = check(form); !errors.empty()) return show_page(ctx, id, body, errors, 422);
  auto c = ctx.db().acquire();
  if (!accounts::rate_allow(ctx.db(), "practice-comment:" + std::to_string(ctx.user->id), 600, kCommentsPer10Min)) {
    return ctx.too_many("practices.too_many_comments", 600);
  }
  store::add_comment(*c, id, ctx.user->id, body);
  ctx.flash("practices.commented");
  return ctx.redirect("/practices/" + std::to_string(id) + "#comments");
}

// The author and the organisation's moderators may add files, up to kMaxAttachments.
Response attach(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto* f = in.file("attachment");
  in.finish();
  auto id = ctx.path_id("id");
  std::optional<Practice> p;
  std::size_t count = 0;
  bool moderator = false;
  {
    auto c = ctx.db().acquire();
    p = visible(ctx, *c, id, moderator);
    if (p) count = store::attachments(*c, id).size();
  }
  if (!p) return ctx.error(404, "errors.not_found");
  if (!policy::may_attach(ctx.actor(), p->org_id, p->author_id)) return ctx.error(403, "practices.forbidden");
  FormErrors errors;
  if (count >= kMaxAttachments) errors.add("attachment", "practices.too_many_files", {{"max", std::to_string(kMaxAttachments)}});
  else if (!f) errors.add("attachment", "practices.validation.file_required");
  if (!errors.empty()) return show_page(ctx, id, "", errors, count >= kMaxAttachments ? 409 : 422);
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, attachment_policy(), p->org_id,
                             ctx.user->id);
  if (!stored.ok()) {
    errors.add("attachment", stored.error_key, stored.args);
    return show_page(ctx, id, "", errors, stored.status);
  }
  {
    auto c = ctx.db().acquire();
    store::attach(*c, id, stored.item->id);
  }
  ctx.flash("practices.attached");
  return ctx.redirect("/practices/" + std::to_string(id));
}

Response file(Ctx& ctx) {
  auto id = ctx.path_id("id"), media_id = ctx.path_id("media_id");
  bool moderator = false;
  auto c = ctx.db().acquire();
  if (!visible(ctx, *c, id, moderator)) return ctx.error(404, "errors.not_found");
  bool attached = false;
  for (const auto& a : store::attachments(*c, id)) attached = attached || a.media_id == media_id;
  auto item = attached ? media::find(*c, media_id) : std::nullopt;
  if (!item) return ctx.error(404, "errors.not_found");
  return media::respond(*item, ctx.svc.config.data_dir, ctx.req);
}

}  // namespace

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_content_data("practices", "practices", {"staff", "organisation", "public"},
                            {"practices", "practice_did_too", "practice_comments", "practice_moderation_log"});
  auto upload = web::upload_route(kUploadLimit);
  app.route("GET", "/practices", web::Access::kAnyone, list, web::shared_page());
  register_submission(app);
  app.route("GET", "/practices/moderation", web::Access::kModerator, moderation);
  app.route("GET", "/practices/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("POST", "/practices/{id}/moderate", web::Access::kModerator, moderate);
  app.route("POST", "/practices/{id}/did-too", web::Access::kSignedIn, do_mark);
  app.route("POST", "/practices/{id}/did-too/undo", web::Access::kSignedIn, do_unmark);
  app.route("POST", "/practices/{id}/comments", web::Access::kSignedIn, comment);
  app.route("POST", "/practices/{id}/attachments", web::Access::kSignedIn, attach, upload);
  app.route("GET", "/practices/{id}/files/{media_id}", web::Access::kAnyone, file);
}

}  // namespace cityskills::practices
