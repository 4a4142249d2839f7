// The privacy notice administrators write (/admin/privacy/notice): per language, in Markdown,
// saved as a draft or published as a new version. Every published version stays readable with
// its date (/privacy/versions); a person accepts the version in force at sign-up and, after a
// newer one is published, acknowledges it at the next sign-in (/privacy/acknowledge) before
// going on. Both are recorded (privacy_acceptances) and part of the person's data export.
#include "features/admin/api.hpp"
#include "features/consent/api.hpp"
#include "features/consent/forms.hpp"
#include "features/consent/pages.hpp"
#include "features/consent/store.hpp"
#include "http/url.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::consent {

NoticeVersion current_notice(db::Connection& c, std::string_view lang) {
  auto n = store::newest_notice(c, lang);
  if (!n) n = store::newest_notice(c, "");
  if (!n) return {};
  return NoticeVersion{n->id, n->version, n->lang, n->published_at};
}

void record_notice_acceptance(db::Tx& c, std::int64_t user_id, std::int64_t notice_id, std::string_view how,
                              std::int64_t now) {
  store::add_acceptance(c, user_id, notice_id, how, now);
}

bool notice_to_acknowledge(db::Connection& c, std::int64_t user_id, std::string_view lang) {
  auto current = current_notice(c, lang);
  if (current.id == 0) return false;
  auto accepted = store::newest_accepted(c, user_id);
  return !accepted || *accepted < current.id;
}

std::string acknowledge_path(std::string_view next) {
  return next.empty() ? "/privacy/acknowledge" : "/privacy/acknowledge?next=" + http::percent_encode(next);
}

namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

std::string language_name(std::string_view lang) { return std::string(i18n::native_name(lang)); }

// A version's title line: "Version 3 (Italiano), published 6 December 2026".
std::string version_line(const Ctx& ctx, const store::Notice& n) {
  return ctx.t("privacy.notice.version_line", {{"version", std::to_string(n.version)},
                                               {"language", language_name(n.lang)},
                                               {"date", i18n::format_date(ctx.locale, n.published_at, ctx.zone())}});
}

void set_notice(view::Data& d, const Ctx& ctx, const store::Notice& n) {
  d.set("notice_id", std::to_string(n.id));
  d.set("notice_html", view::render_markdown(n.body).html);
  d.set("notice_lang", n.lang);
  d.set("notice_version", version_line(ctx, n));
}

// ---- public pages ------------------------------------------------------------------------

Response versions_page(Ctx& ctx) {
  std::vector<store::Notice> versions;
  {
    auto c = ctx.db().acquire();
    versions = store::notice_versions(*c, ctx.locale);
    if (versions.empty())
      if (auto n = store::newest_notice(*c, "")) versions = store::notice_versions(*c, n->lang);
  }
  view::List rows;
  for (const auto& n : versions) {
    view::Data r;
    r.set("href", "/privacy/versions/" + std::to_string(n.id));
    r.set("label", version_line(ctx, n));
    rows.push_back(std::move(r));
  }
  view::Data d;
  d.set("versions", rows);
  d.set("none", rows.empty());
  return ctx.page(ctx.t("privacy.versions.title"), "consent/notice_versions", std::move(d));
}

Response version_page(Ctx& ctx) {
  auto id = ctx.path_id("id");
  std::optional<store::Notice> n;
  NoticeVersion current;
  {
    auto c = ctx.db().acquire();
    n = store::notice(*c, id);
    if (n) current = current_notice(*c, n->lang);
  }
  if (!n) throw web::Reject{404, "errors.not_found"};
  view::Data d;
  set_notice(d, ctx, *n);
  d.set("superseded", current.id != n->id);
  return ctx.page(ctx.t("privacy.versions.one_title", {{"version", std::to_string(n->version)}}),
                  "consent/notice_version", d);
}

// ---- acknowledging a new version at sign-in ----------------------------------------------

// The language whose notice a signed-in person acknowledges: their saved language, the same one
// sign-in checked (accounts), whatever language the pages are shown in.
std::string account_language(const Ctx& ctx) {
  return ctx.user && i18n::supported(ctx.user->lang) ? ctx.user->lang : ctx.locale;
}

Response acknowledge_page(Ctx& ctx, const std::string& next, const FormErrors& errors, int status) {
  std::optional<store::Notice> n;
  {
    auto c = ctx.db().acquire();
    auto lang = account_language(ctx);
    auto current = current_notice(*c, lang);
    if (current.id == 0 || !notice_to_acknowledge(*c, ctx.user->id, lang)) n.reset();
    else n = store::notice(*c, current.id);
  }
  if (!n) return ctx.redirect(next.empty() ? "/" : next);
  view::Data d;
  set_notice(d, ctx, *n);
  d.set("next", next);
  errors.into(d, ctx);
  return ctx.page(ctx.t("privacy.ack.title"), "consent/acknowledge", d, std::move(status));
}

Response acknowledge_show(Ctx& ctx) {
  return acknowledge_page(ctx, web::safe_next(ctx.query_value("next").value_or("")), {}, 200);
}

Response acknowledge(Ctx& ctx) {
  auto form = web::read_form<AcknowledgeForm>(ctx);
  auto next = web::safe_next(form.next);
  enum class Outcome { kRecorded, kNothing, kChanged };
  auto outcome = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto lang = account_language(ctx);
    auto current = current_notice(c, lang);
    if (current.id == 0 || !notice_to_acknowledge(c, ctx.user->id, lang)) return Outcome::kNothing;
    if (form.notice_id != current.id) return Outcome::kChanged;
    store::add_acceptance(c, ctx.user->id, current.id, "acknowledged", util::now_unix());
    return Outcome::kRecorded;
  });
  if (outcome == Outcome::kChanged) {
    // A newer version was published while the page was open: that one is shown now.
    FormErrors e;
    e.add("acknowledge", "privacy.ack.changed");
    return acknowledge_page(ctx, next, e, 409);
  }
  if (outcome == Outcome::kRecorded) {
    log::info("privacy notice acknowledged", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                                 std::to_string(ctx.user->id));
    ctx.flash("privacy.ack.done");
  }
  return ctx.redirect(next.empty() ? "/" : next);
}

// ---- administrators ----------------------------------------------------------------------

std::string admin_lang(const Ctx& ctx) {
  auto lang = ctx.query_value("language").value_or(ctx.locale);
  return i18n::supported(lang) ? lang : ctx.locale;
}

// The editor for one language: the form as entered when shown again, else the draft, else the
// version in force; the languages with their state; the versions published.
Response admin_page(Ctx& ctx, const std::string& lang, const NoticeForm* entered, const FormErrors& errors, int status,
                    bool draft_kept = false) {
  view::Data d;
  view::List langs, versions;
  std::string body;
  {
    auto c = ctx.db().acquire();
    for (auto l : i18n::kLocales) {
      view::Data o;
      o.set("code", std::string(l));
      o.set("name", language_name(l));
      o.set("current", l == lang);
      o.set("selected", l == (entered ? entered->lang : lang));
      auto newest = store::newest_notice(*c, l);
      std::string state = newest ? ctx.t("privacy.notice.state_published", {{"version", std::to_string(newest->version)}})
                                 : ctx.t("privacy.notice.state_none");
      if (store::notice_draft(*c, l)) state += " · " + ctx.t("privacy.notice.state_draft");
      o.set("state", std::move(state));
      langs.push_back(std::move(o));
    }
    for (const auto& n : store::notice_versions(*c, lang)) {
      view::Data r;
      r.set("href", "/privacy/versions/" + std::to_string(n.id));
      r.set("label", version_line(ctx, n));
      versions.push_back(std::move(r));
    }
    if (entered) {
      body = entered->body;
    } else if (auto draft = store::notice_draft(*c, lang)) {
      body = *draft;
      d.set("from_draft", true);
    } else if (auto newest = store::newest_notice(*c, lang)) {
      body = newest->body;
    }
  }
  d.set("lang_name", language_name(lang));
  d.set("languages", std::move(langs));
  d.set("versions", versions);
  d.set("has_versions", !versions.empty());
  d.set("body", std::move(body));
  d.set("max", std::to_string(kNoticeMax));
  d.set("draft_kept", draft_kept);
  errors.into(d, ctx);
  return ctx.page(ctx.t("privacy.notice.admin_title"), "consent/admin_notice", d, std::move(status));
}

Response admin_show(Ctx& ctx) { return admin_page(ctx, admin_lang(ctx), nullptr, {}, 200); }

// Whether `body` can be kept as a draft although it cannot be published (valid text within the
// limit, in a language offered).
bool keepable(const NoticeForm& form) {
  FormErrors e;
  return i18n::supported(form.lang) && !util::trim(form.body).empty() &&
         web::check_text(e, "body", form.body, kNoticeMax, "privacy.notice.too_long", false);
}

Response admin_save(Ctx& ctx) {
  auto form = web::read_form<NoticeForm>(ctx);
  auto errors = check(form);
  auto lang = i18n::supported(form.lang) ? form.lang : ctx.locale;
  auto user = ctx.user->id;
  auto now = util::now_unix();
  if (errors.empty() && form.publishing()) {
    auto c = ctx.db().acquire();
    if (auto newest = store::newest_notice(*c, lang); newest && newest->body == form.body)
      errors.add("body", "privacy.notice.unchanged");
  }
  if (!errors.empty()) {
    bool kept = form.publishing() && keepable(form);
    if (kept)
      ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) { store::save_notice_draft(c, form.lang, form.body, user, now); });
    log::warn("privacy notice refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                            std::to_string(user) + ",\"draft_kept\":" + (kept ? "true" : "false"));
    return admin_page(ctx, lang, &form, errors, 422, kept);
  }
  if (!form.publishing()) {
    ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) { store::save_notice_draft(c, lang, form.body, user, now); });
    ctx.flash("privacy.notice.draft_saved");
    return ctx.redirect("/admin/privacy/notice?language=" + lang);
  }
  auto n = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto published = store::publish_notice(c, lang, form.body, user, now);
    admin::audit(c, user, {"privacy.notice.publish", "setting", published.id, "",
                           "lang=" + lang + " version=" + std::to_string(published.version)});
    return published;
  });
  log::info("privacy notice published", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                            std::to_string(user) + ",\"lang\":\"" + lang + "\",\"version\":" +
                                            std::to_string(n.version));
  ctx.flash("privacy.notice.published");
  return ctx.redirect("/admin/privacy/notice?language=" + lang);
}

}  // namespace

void notice_for_privacy_page(web::Ctx& ctx, view::Data& d) {
  std::optional<store::Notice> n;
  {
    auto c = ctx.db().acquire();
    auto current = current_notice(*c, ctx.locale);
    if (current.id) n = store::notice(*c, current.id);
  }
  if (!n) return;
  set_notice(d, ctx, *n);
  d.set("updated", i18n::format_date(ctx.locale, n->published_at, ctx.zone()));
}

void register_notice(web::App& app) {
  app.route("GET", "/privacy/versions", web::Access::kAnyone, versions_page, web::shared_page());
  app.route("GET", "/privacy/versions/{id}", web::Access::kAnyone, version_page, web::shared_page());
  app.route("GET", "/privacy/acknowledge", web::Access::kSignedIn, acknowledge_show);
  app.route("POST", "/privacy/acknowledge", web::Access::kSignedIn, acknowledge);
  app.route("GET", "/admin/privacy/notice", web::Access::kPlatformAdmin, admin_show);
  web::RouteOptions editor;
  editor.body_limit = 512 * 1024;  // kNoticeMax characters, percent-encoded
  app.route("POST", "/admin/privacy/notice", web::Access::kPlatformAdmin, admin_save, editor);
}

}  // namespace cityskills::consent
