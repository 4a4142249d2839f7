// Ideas: proposals addressed to an organisation, supported once per person, discussed in
// comments, and moved through statuses by the organisation with a public explanation.
#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/ideas/api.hpp"
#include "features/ideas/forms.hpp"
#include "features/ideas/policy.hpp"
#include "features/ideas/store.hpp"
#include "features/orgs/api.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/extensions.hpp"
#include "web/processing.hpp"
#include "web/list_cards.hpp"
#include "web/login_link.hpp"

namespace cityskills::ideas {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kPerPage = 20;
constexpr int kIdeasPerDay = 5;
constexpr int kCommentsPer10Min = 10;

view::Data card(const Ctx& ctx, const Idea& i) {
  view::Data d;
  d.set("id", std::to_string(i.id));
  d.set("title", i.title);
  d.set("org", i.org_name);
  d.set("author", i.author_name.empty() ? ctx.t("rights.deleted_user") : i.author_name);
  d.set("status", ctx.t("ideas.status." + i.status));
  d.set("status_code", i.status);
  d.set("supports", i18n::tn(ctx.locale, "ideas.supports", i.supports));
  d.set("comments", i18n::tn(ctx.locale, "ideas.comments_count", i.comments));
  d.set("date", i18n::format_date(ctx.locale, i.created_at, ctx.zone()));
  d.set("lang", i.lang);
  d.set("excerpt", view::markdown_plain_text(i.body, 200));
  return d;
}

Response list(Ctx& ctx) {
  web::ListParams q(ctx, "/ideas", "ideas.filter.invalid");
  store::Filter f;
  f.status = q.choice("status", kStatuses);
  auto sort = q.choice("sort", {"newest", "support"});
  if (sort.empty()) sort = "newest";
  f.by_support = sort == "support";
  auto c = ctx.db().acquire();
  std::string org_slug;
  f.org_id = orgs::org_filter(*c, q, org_slug);
  auto items = store::list(*c, f, kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  d.set("ideas", web::page_cards(q, d, items, kPerPage, [&](const Idea& i) { return card(ctx, i); }));
  d.set("statuses", web::filter_menu(ctx, "ideas.status.", kStatuses, f.status));
  d.set("sorts", web::options({{"newest", ctx.t("ideas.sort.newest")}, {"support", ctx.t("ideas.sort.support")}}, sort));
  d.set("orgs", orgs::org_menu(*c, ctx, org_slug));
  return ctx.page(ctx.t("ideas.list.title"), "ideas/list", std::move(d));
}

Response show_page(Ctx& ctx, std::int64_t id, const std::string& comment, const FormErrors& errors, int status) {
  std::optional<Idea> idea;
  std::vector<Comment> comments;
  std::vector<StatusChange> changes;
  bool supported = false, moderator = false;
  {
    auto c = ctx.db().acquire();
    idea = store::find(*c, id);
    if (!idea) return ctx.error(404, "errors.not_found");
    comments = store::comments(*c, id);
    changes = store::history(*c, id);
    if (ctx.user) {
      supported = store::supports(*c, id, ctx.user->id);
      moderator = policy::may_moderate(ctx.actor(), idea->org_id);
    }
  }
  auto d = card(ctx, *idea);
  d.set("body", view::render_markdown(idea->body).html);
  if (!idea->status_note.empty()) d.set("status_note", idea->status_note);
  d.set("signed_in", ctx.user.has_value());
  d.set("supported", supported);
  d.set("moderator", moderator);
  d.set("login_next", web::login_link("/ideas/" + std::to_string(id)));
  view::List cl;
  for (const auto& cm : comments) {
    view::Data x;
    x.set("author", cm.author_name.empty() ? ctx.t("rights.deleted_user") : cm.author_name);
    x.set("date", i18n::format_datetime(ctx.locale, cm.created_at, ctx.zone()));
    x.set("body", view::render_markdown(cm.body).html);
    cl.push_back(std::move(x));
  }
  d.set("comment_list", std::move(cl));
  view::List hl;
  for (const auto& h : changes) {
    view::Data x;
    x.set("status", ctx.t("ideas.status." + h.status));
    x.set("note", h.note);
    x.set("actor", h.actor_name);
    x.set("date", i18n::format_date(ctx.locale, h.created_at, ctx.zone()));
    hl.push_back(std::move(x));
  }
  if (!hl.empty()) d.set("history", std::move(hl));
  std::vector<std::pair<std::string, std::string>> statuses;
  for (const auto& s : kStatuses) statuses.emplace_back(s, ctx.t("ideas.status." + s));
  d.set("status_options", web::options(statuses, idea->status));
  d.set("comment", comment);
  errors.into(d, ctx);
  return ctx.page(idea->title, "ideas/show", d, std::move(status));
}

Response show(Ctx& ctx) { return show_page(ctx, ctx.path_id("id"), "", {}, 200); }

std::vector<orgs::OrgRef> all_orgs(Ctx& ctx) {
  auto c = ctx.db().acquire();
  return orgs::all(*c);
}

Response form_page(Ctx& ctx, const Idea& i, const FormErrors& errors, int status) {
  auto d = values(i, all_orgs(ctx));
  errors.into(d, ctx);
  return ctx.page(ctx.t("ideas.new.title"), "ideas/form", d, std::move(status));
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Idea i;
  i.lang = ctx.locale;
  return form_page(ctx, i, {}, 200);
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<IdeaForm>(ctx);
  Idea i;
  form.apply(i);
  std::vector<std::int64_t> org_ids;
  for (const auto& o : all_orgs(ctx)) org_ids.push_back(o.id);
  if (auto errors = check(form, org_ids); !errors.empty()) return form_page(ctx, i, errors, 422);
  std::int64_t id = 0;
  {
    auto c = ctx.db().acquire();
    if (!accounts::rate_allow(ctx.db(), "idea:" + std::to_string(ctx.user->id), 86400, kIdeasPerDay)) {
      return ctx.too_many("ideas.too_many", 3600);
    }
    id = store::create(*c, i, ctx.user->id);
  }
  ctx.flash("ideas.created");
  return ctx.redirect("/ideas/" + std::to_string(id));
}

Response support(Ctx& ctx, bool on) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput(ctx).finish();
  auto id = ctx.path_id("id");
  {
    auto c = ctx.db().acquire();
    if (!store::find(*c, id)) return ctx.error(404, "errors.not_found");
  }
  store::support(ctx.db(), id, ctx.user->id, on);
  ctx.flash(on ? "ideas.supported" : "ideas.unsupported");
  return ctx.redirect("/ideas/" + std::to_string(id));
}

Response do_support(Ctx& ctx) { return support(ctx, true); }
Response do_unsupport(Ctx& ctx) { return support(ctx, false); }

Response comment(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<CommentForm>(ctx);
  auto id = ctx.path_id("id");
  if (auto errors = check(form); !errors.empty()) return show_page(ctx, id, form.comment, errors, 422);
  auto c = ctx.db().acquire();
  if (!store::find(*c, id)) return ctx.error(404, "errors.not_found");
  if (!accounts::rate_allow(ctx.db(), "idea-comment:" + std::to_string(ctx.user->id), 600, kCommentsPer10Min)) {
    return ctx.too_many("ideas.too_many_comments", 600);
  }
  store::add_comment(*c, id, ctx.user->id, form.comment);
  ctx.flash("ideas.commented");
  return ctx.redirect("/ideas/" + std::to_string(id) + "#comments");
}

Response set_status(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<StatusForm>(ctx);
  auto id = ctx.path_id("id");
  std::optional<Idea> idea;
  bool moderator = false;
  {
    auto c = ctx.db().acquire();
    idea = store::find(*c, id);
    if (idea) moderator = policy::may_moderate(ctx.actor(), idea->org_id);
  }
  if (!idea) return ctx.error(404, "errors.not_found");
  if (!moderator) return ctx.error(403, "ideas.forbidden");
  if (auto errors = check(form); !errors.empty()) return show_page(ctx, id, "", errors, 422);
  {
    auto c = ctx.db().acquire();
    store::set_status(*c, id, ctx.user->id, form.status, form.note);
  }
  log::info("idea status changed", "\"idea_id\":" + std::to_string(id) + ",\"actor\":" + std::to_string(ctx.user->id) +
                                       ",\"status\":\"" + form.status + "\"");
  ctx.flash("ideas.status_changed");
  return ctx.redirect("/ideas/" + std::to_string(id));
}

}  // namespace

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_content_data("ideas", "ideas", {"staff", "organisation", "public"},
                            {"ideas", "idea_supports", "idea_comments", "idea_status_log"});
  app.route("GET", "/ideas", web::Access::kAnyone, list, web::shared_page());
  app.route("GET", "/ideas/new", web::Access::kSignedIn, new_form);
  app.route("POST", "/ideas/new", web::Access::kSignedIn, create);
  app.route("GET", "/ideas/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("POST", "/ideas/{id}/support", web::Access::kSignedIn, do_support);
  app.route("POST", "/ideas/{id}/unsupport", web::Access::kSignedIn, do_unsupport);
  app.route("POST", "/ideas/{id}/comments", web::Access::kSignedIn, comment);
  app.route("POST", "/ideas/{id}/status", web::Access::kModerator, set_status);
}

void seed_demo(db::Connection& c, std::int64_t) {
  if (store::any(c)) return;
  auto city = orgs::by_slug(c, "valverde")->id;
  auto user = [&](const char* email) { return *accounts::user_id_by_email(c, email); };
  auto anna = user("citizen@example.org"), admin = user("admin@valverde.example.org");
  Idea i;
  i.org_id = city;
  i.lang = "it";
  i.title = "Wi-Fi gratuito nelle biblioteche di quartiere";
  i.body = "Molte persone anziane vengono in biblioteca per usare internet. Un **Wi-Fi gratuito** con un facilitatore "
           "il sabato mattina aiuterebbe tanti.";
  auto wifi = store::create(c, i, anna);
  store::set_status(c, wifi, admin, "accepted",
                    "Il Comune attiverà il Wi-Fi in tre biblioteche entro marzo; i facilitatori arriveranno con il "
                    "servizio civile digitale.");
  store::add_support(c, wifi, admin);
  store::add_comment(c, wifi, admin, "Grazie per la proposta! Partiamo dalla biblioteca di Borgo Nuovo.");
  i.title = "Corsi serali sulla firma digitale per i commercianti";
  i.body = "Chi ha un negozio non può seguire i corsi di mattina. Proponiamo due serate al mese.";
  auto evening = store::create(c, i, anna);
  (void)evening;
  i.lang = "en";
  i.title = "Open data on public transport punctuality";
  i.body = "Publishing bus punctuality as open data would let schools and businesses build useful tools.";
  auto data = store::create(c, i, anna);
  store::set_status(c, data, admin, "in_progress", "The transport company is preparing the first monthly dataset.");
  // An idea in each partner country's language, addressed to that country's organisation.
  auto jonas = user("team@buergerakademie.example.org"), astrid = user("editor@nordic-dln.example.org");
  i.org_id = orgs::by_slug(c, "buergerakademie")->id;
  i.lang = "de";
  i.title = "Leihgeräte in der Stadtbibliothek";
  i.body = "Wer kein eigenes Tablet hat, kann die Kurse kaum nutzen. Die Bibliothek könnte **Tablets für zwei Wochen** "
           "verleihen, mit einer kurzen Einführung bei der Ausgabe.";
  auto tablets = store::create(c, i, jonas);
  store::set_status(c, tablets, jonas, "accepted",
                    "Die Stadtbibliothek verleiht ab dem Frühjahr zehn Tablets; Kosten und Versicherung trägt der Förderverein.");
  i.org_id = orgs::by_slug(c, "nordic-dln")->id;
  i.lang = "sv";
  i.title = "Klarspråksgranskning av kommunens e-tjänster";
  i.body = "Låt en grupp invånare läsa igenom texterna i de tio mest använda e-tjänsterna och föreslå enklare ord.";
  auto plain = store::create(c, i, astrid);
  store::add_support(c, plain, jonas);
  i.org_id = orgs::by_slug(c, "koivula")->id;
  i.lang = "fi";
  i.title = "Digitukipiste terveysasemalle";
  i.body = "Moni tarvitsee apua ajanvarauksessa ja reseptien uusimisessa juuri terveysasemalla. "
           "Digitukihenkilö aulassa kahtena aamuna viikossa auttaisi.";
  auto health = store::create(c, i, astrid);
  store::add_support(c, health, anna);
}

}  // namespace cityskills::ideas
