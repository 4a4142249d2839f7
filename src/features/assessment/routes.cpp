// "How digital are you?": anonymous or signed in, area by area, answers kept server-side under
// a random token (cookie and resume link), then a result with levels, a radar chart and a
// recommended path through the catalogue and the events.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "features/accounts/api.hpp"
#include "features/assessment/api.hpp"
#include "features/assessment/chart.hpp"
#include "features/assessment/framework.hpp"
#include "features/assessment/pages.hpp"
#include "features/orgs/api.hpp"
#include "util/crypto.hpp"
#include "util/files.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/throttle.hpp"
#include "web/processing.hpp"
#include "web/login_link.hpp"

namespace cityskills::assessment {

namespace {

using http::Response;
using web::Ctx;

constexpr std::string_view kCookie = "cs_assessment";
constexpr std::int64_t kCookieLifetime = 90L * 24 * 3600;
constexpr int kStartsPerHour = 30;  // new attempts per client address

std::string cookie_token(const Ctx& ctx) {
  for (auto part : util::split(ctx.req.header("cookie"), ';')) {
    auto p = util::trim(part);
    if (p.size() > kCookie.size() && p.starts_with(kCookie) && p[kCookie.size()] == '=')
      return std::string(p.substr(kCookie.size() + 1));
  }
  return "";
}

std::string level_text(const Ctx& ctx, int level) {
  if (level == 0) return ctx.t("assessment.level.none");
  return ctx.t("assessment.level.value", {{"level", std::to_string(level)},
                                          {"band", ctx.t("assessment.band." + band_of_level(level))}});
}

std::optional<Framework> chosen_framework(db::Connection& c, const std::string& lang, std::int64_t id = 0) {
  auto all = store::frameworks(c, lang);
  for (const auto& f : all)
    if (id ? f.id == id : f.is_default) return f;
  if (!id && !all.empty()) return all.front();
  return std::nullopt;
}

// What the introduction shows of the frameworks and the default one's bank, the same for
// everyone in a language: kept by the node at most a second (decision note 0029) and dropped
// when a question is saved through this node.
struct IntroData {
  std::vector<Framework> frameworks;
  std::vector<std::string> areas;
  std::size_t questions = 0;
};

Response intro(Ctx& ctx) {
  view::Data d;
  auto c = ctx.db().acquire();
  auto cur = current_attempt(ctx, *c);
  auto cached = ctx.svc.cache.get<IntroData>(intro_cache_key(ctx.locale), [&] {
    IntroData x;
    x.frameworks = store::frameworks(*c, ctx.locale);
    if (x.frameworks.empty()) return x;
    auto b = store::bank(*c, x.frameworks.front(), ctx.locale);
    for (const auto& a : b.areas) x.areas.push_back(a.name);
    x.questions = b.questions.size();
    return x;
  });
  const auto& frameworks = cached->frameworks;
  if (frameworks.empty()) return ctx.error(503, "assessment.no_framework");
  view::List fl;
  for (const auto& f : frameworks) {
    view::Data x;
    x.set("id", std::to_string(f.id));
    x.set("name", f.name);
    x.set("description", f.description);
    x.set("checked", f.is_default);
    fl.push_back(std::move(x));
  }
  d.set("frameworks", std::move(fl));
  d.set("several", frameworks.size() > 1);
  d.set("framework_id", std::to_string(frameworks.front().id));
  view::List areas;
  for (const auto& name : cached->areas) {
    view::Data x;
    x.set("name", name);
    areas.push_back(std::move(x));
  }
  d.set("areas", std::move(areas));
  d.set("minutes", std::to_string(std::max<std::size_t>(5, cached->questions / 4)));
  if (cur && !cur->attempt.finished_at)
    d.set("continue_href", "/assessment/area/" + std::to_string(cur->attempt.current_area));
  if (cur && cur->attempt.finished_at) d.set("result_href", "/assessment/result/" + std::to_string(cur->attempt.id));
  if (ctx.user) {
    d.set("signed_in", true);
    view::List orgs;
    for (const auto& o : orgs::administered(*c, *ctx.user)) {
      view::Data x;
      x.set("name", o.name);
      x.set("href", "/assessment/org/" + o.slug);
      orgs.push_back(std::move(x));
    }
    if (!orgs.empty()) d.set("admin_orgs", std::move(orgs));
    d.set("can_author", !editable(*c, ctx.actor(), ctx.locale).empty());
  }
  return ctx.page(ctx.t("assessment.intro.title"), "assessment/intro", std::move(d));
}

Response start(Ctx& ctx) {
  web::FormInput in(ctx);
  auto id = in.id("framework");
  in.finish();
  if (!id) throw web::Reject{400, "assessment.bad_framework"};
  auto c = ctx.db().acquire();
  auto f = chosen_framework(*c, ctx.locale, *id);
  if (!f) throw web::Reject{400, "assessment.bad_framework"};
  // A second click on "Start" continues the attempt the first one opened.
  if (auto cur = current_attempt(ctx, *c); cur && !cur->attempt.finished_at && cur->attempt.framework_id == f->id)
    return ctx.redirect("/assessment/area/" + std::to_string(cur->attempt.current_area));
  if (!accounts::rate_allow(ctx.db(), "assessment-start:" + web::throttle_key(ctx.req.remote_ip), 3600,
                           kStartsPerHour)) {
    return ctx.too_many("assessment.too_many_starts", 3600);
  }
  auto token = crypto::random_token(32);
  store::create_attempt(*c, f->id, token, ctx.user ? std::optional(ctx.user->id) : std::nullopt, ctx.locale);
  ctx.set_cookie(kCookie, token, kCookieLifetime);
  return ctx.redirect("/assessment/area/1");
}

// Area n of the attempt's bank, or Reject 404.
const Area& area_at(const Bank& b, const Ctx& ctx) {
  auto it = ctx.path_params.find("n");
  auto n = it == ctx.path_params.end() ? std::nullopt : util::parse_id(it->second);
  if (!n || *n < 1 || static_cast<std::size_t>(*n) > b.areas.size()) throw web::Reject{404, "errors.not_found"};
  return b.areas[static_cast<std::size_t>(*n - 1)];
}

view::List options_for(const Ctx& ctx, const Question& q, std::optional<int> chosen) {
  view::List out;
  std::vector<std::pair<int, std::string>> opts;
  if (q.kind == "self")
    for (int v = 0; v <= kSelfMax; ++v) opts.emplace_back(v, ctx.t("assessment.scale." + std::to_string(v)));
  else
    opts = {{1, ctx.t("assessment.tf.true")}, {0, ctx.t("assessment.tf.false")}, {kDontKnow, ctx.t("assessment.tf.dont_know")}};
  for (const auto& [v, label] : opts) {
    view::Data o;
    o.set("value", std::to_string(v));
    o.set("label", label);
    o.set("name", "q" + std::to_string(q.id));
    o.set("input_id", "q" + std::to_string(q.id) + "-" + std::to_string(v));
    o.set("checked", chosen && *chosen == v);
    out.push_back(std::move(o));
  }
  return out;
}

Response area_page(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto cur = current_attempt(ctx, *c);
  if (!cur) {
    ctx.flash("assessment.start_first");
    return ctx.redirect("/assessment");
  }
  if (cur->attempt.finished_at) return ctx.redirect("/assessment/result/" + std::to_string(cur->attempt.id));
  auto f = chosen_framework(*c, ctx.locale, cur->attempt.framework_id);
  if (!f) return ctx.error(404, "errors.not_found");
  auto b = store::bank(*c, *f, ctx.locale);
  const auto& area = area_at(b, ctx);
  auto given = store::answers(*c, cur->attempt.id);
  std::size_t n = 0;
  for (std::size_t i = 0; i < b.areas.size(); ++i)
    if (b.areas[i].code == area.code) n = i + 1;
  view::Data d;
  d.set("area_name", area.name);
  d.set("n", std::to_string(n));
  d.set("total", std::to_string(b.areas.size()));
  d.set("progress", ctx.t("assessment.area.progress", {{"n", std::to_string(n)}, {"total", std::to_string(b.areas.size())}}));
  d.set("answered", i18n::tn(ctx.locale, "assessment.area.answered", static_cast<std::int64_t>(given.size()),
                             {{"total", std::to_string(b.questions.size())}}));
  view::List comps;
  for (const auto& comp : area.competences) {
    view::List qs;
    for (const auto& q : b.questions) {
      if (q.competence_id != comp.id) continue;
      view::Data x;
      x.set("id", std::to_string(q.id));
      x.set("prompt", q.prompt);
      x.set("lang", q.prompt_lang);
      x.set("knowledge", q.kind == "true_false");
      auto it = given.find(q.id);
      x.set("options", options_for(ctx, q, it == given.end() ? std::nullopt : std::optional(it->second)));
      qs.push_back(std::move(x));
    }
    if (qs.empty()) continue;
    view::Data x;
    x.set("code", comp.code);
    x.set("name", comp.name);
    x.set("questions", std::move(qs));
    comps.push_back(std::move(x));
  }
  d.set("competences", std::move(comps));
  d.set("first", n == 1);
  d.set("last", n == b.areas.size());
  d.set("action", "/assessment/area/" + std::to_string(n));
  d.set("resume", ctx.svc.config.public_url + "/assessment/resume?token=" + cur->token);
  return ctx.page(area.name + " · " + ctx.t("assessment.intro.title"), "assessment/area", std::move(d));
}

[[noreturn]] void tampered(const Ctx& ctx, const std::string& what) {
  log::warn("assessment answer rejected", "\"request_id\":\"" + ctx.req.request_id + "\",\"why\":\"" +
                                              util::json_escape(what) + "\"");
  throw web::Reject{400, "assessment.bad_answer"};
}

// The answers in the form, checked against the questions of this area of this attempt.
std::map<std::int64_t, int> posted_answers(const Ctx& ctx, const Bank& b, const Area& area) {
  std::map<std::int64_t, int> out;
  for (const auto& [k, v] : ctx.form) {
    if (k == "_csrf" || k == "nav") continue;
    auto id = k.size() > 1 && k[0] == 'q' ? util::parse_id(std::string_view(k).substr(1)) : std::nullopt;
    if (!id) tampered(ctx, "field " + k);
    const auto* q = b.question(*id);
    if (!q || q->area != area.code) tampered(ctx, "question " + k + " not in this area of this attempt");
    if (out.count(*id)) throw web::Reject{400, "errors.duplicate_parameter"};
    auto value = util::parse_int(v);
    if (!value || !valid_value(q->kind, static_cast<int>(*value))) tampered(ctx, "value of " + k);
    out[*id] = static_cast<int>(*value);
  }
  return out;
}

Response area_submit(Ctx& ctx) {
  auto nav = ctx.field("nav");
  if (nav != "back" && nav != "next" && nav != "finish") throw web::Reject{400, "errors.bad_request"};
  std::optional<Current> cur;
  Bank b;
  {
    auto c = ctx.db().acquire();
    cur = current_attempt(ctx, *c);
    if (!cur) {
      ctx.flash("assessment.start_first");
      return ctx.redirect("/assessment");
    }
    auto f = chosen_framework(*c, ctx.locale, cur->attempt.framework_id);
    if (!f) return ctx.error(404, "errors.not_found");
    b = store::bank(*c, *f, ctx.locale);
  }
  const auto& area = area_at(b, ctx);
  auto values = posted_answers(ctx, b, area);
  std::size_t n = 0;
  for (std::size_t i = 0; i < b.areas.size(); ++i)
    if (b.areas[i].code == area.code) n = i + 1;
  auto result = "/assessment/result/" + std::to_string(cur->attempt.id);
  int next = nav == "back" ? static_cast<int>(std::max<std::size_t>(1, n - 1))
                           : static_cast<int>(std::min(b.areas.size(), n + 1));
  if (store::save_answers(ctx.db(), cur->attempt.id, values, next) == store::Saved::kFinished) {
    // The same answers again (a double click on "See my result") lead to the result; changes
    // to a finished attempt are refused.
    auto c = ctx.db().acquire();
    auto stored = store::answers(*c, cur->attempt.id);
    for (const auto& [id, v] : values)
      if (!stored.count(id) || stored[id] != v) return ctx.error(409, "assessment.already_finished");
    return ctx.redirect(result);
  }
  if (nav == "finish" || (nav == "next" && n == b.areas.size())) {
    store::finish(ctx.db(), cur->attempt.id, b);
    return ctx.redirect(result);
  }
  return ctx.redirect("/assessment/area/" + std::to_string(next));
}

// The token travels in the query string, which the access log leaves out (it logs paths).
Response resume(Ctx& ctx) {
  auto token = ctx.query_value("token").value_or("");
  std::optional<Attempt> a;
  {
    auto c = ctx.db().acquire();
    a = store::attempt_by_token(*c, token);
  }
  if (!a) return ctx.error(404, "assessment.resume_invalid");
  ctx.set_cookie(kCookie, token, kCookieLifetime);
  if (a->finished_at) return ctx.redirect("/assessment/result/" + std::to_string(a->id));
  return ctx.redirect("/assessment/area/" + std::to_string(a->current_area));
}

view::Data result_tables(Ctx& ctx, const Bank& b, const Outcome& o) {
  view::Data d;
  view::List rows, crow;
  std::vector<RadarAxis> axes;
  std::string desc;
  for (const auto& l : o.areas) {
    const auto* a = b.area(l.code);
    std::string name = a ? a->name : l.code;
    view::Data x;
    x.set("code", l.code);
    x.set("name", name);
    x.set("level", l.level ? std::to_string(l.level) : "–");
    x.set("band", l.level ? ctx.t("assessment.band." + band_of_level(l.level)) : ctx.t("assessment.level.none"));
    x.set("answered", std::to_string(l.answered) + " / " + std::to_string(l.total));
    if (l.level) x.set("explain", ctx.t("assessment.explain." + band_of_level(l.level)));
    rows.push_back(x);
    axes.push_back({l.code, l.level});
    desc += (desc.empty() ? "" : "; ") + l.code + ". " + name + ": " + level_text(ctx, l.level);
  }
  for (const auto& l : o.competences) {
    if (l.level == 0) continue;
    std::string name = l.code;
    for (const auto& a : b.areas)
      for (const auto& comp : a.competences)
        if (comp.code == l.code) name = comp.name;
    view::Data x;
    x.set("code", l.code);
    x.set("name", name);
    x.set("level", std::to_string(l.level));
    x.set("band", ctx.t("assessment.band." + band_of_level(l.level)));
    crow.push_back(std::move(x));
  }
  d.set("areas", std::move(rows));
  if (!crow.empty()) {
    d.set("competences", crow);
    d.set("has_competences", true);
  }
  d.set("chart", radar_svg(axes, ctx.t("assessment.result.chart_title"), desc));
  view::List bands;
  for (const auto& band : kBands) {
    view::Data x;
    x.set("name", ctx.t("assessment.band." + band));
    x.set("text", ctx.t("assessment.explain." + band));
    bands.push_back(std::move(x));
  }
  d.set("bands", std::move(bands));
  return d;
}

// A framework with its areas and competences in a language: the same for everyone, kept by the
// node at most a second (decision note 0029), dropped when a question is saved through it.
struct ResultBank { std::optional<Framework> framework; Bank bank; };

Response result(Ctx& ctx) {
  auto id = ctx.path_id("id");
  auto c = ctx.db().acquire();
  auto cur = current_attempt(ctx, *c);
  auto a = cur && cur->attempt.id == id ? std::optional<Attempt>(cur->attempt) : store::attempt(*c, id);
  bool mine = a && ((cur && cur->attempt.id == a->id) || (ctx.user && a->user_id == ctx.user->id));
  if (!mine) return ctx.error(404, "errors.not_found");
  if (!a->finished_at) return ctx.redirect("/assessment/area/" + std::to_string(a->current_area));
  auto rb = ctx.svc.cache.get<ResultBank>(result_cache_key(ctx.locale, a->framework_id), [&] {
    ResultBank x;
    x.framework = chosen_framework(*c, ctx.locale, a->framework_id);
    if (x.framework) x.bank = store::bank(*c, *x.framework, ctx.locale, store::Questions::kNone);
    return x;
  });
  if (!rb->framework) return ctx.error(404, "errors.not_found");
  const auto& b = rb->bank;
  auto o = store::results(*c, a->id, b);
  auto d = result_tables(ctx, b, o);
  add_suggestions(ctx, *c, b, o, d);
  d.set("framework", rb->framework->name);
  d.set("date", i18n::format_date(ctx.locale, *a->finished_at, ctx.zone()));
  if (!ctx.user) {
    d.set("login_href", web::login_link("/assessment/result/" + std::to_string(a->id)));
    if (cur && cur->attempt.id == a->id) d.set("resume", ctx.svc.config.public_url + "/assessment/resume?token=" + cur->token);
  }
  d.set("signed_in", ctx.user.has_value());
  return ctx.page(ctx.t("assessment.result.title"), "assessment/result", std::move(d));
}

std::string movement(const Ctx& ctx, int before, int now) {
  if (before == 0 || now == 0) return "";
  if (now > before) return ctx.t("assessment.history.up", {{"n", std::to_string(now - before)}});
  if (now < before) return ctx.t("assessment.history.down", {{"n", std::to_string(before - now)}});
  return ctx.t("assessment.history.same");
}

Response history(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  current_attempt(ctx, *c);
  auto fid = util::parse_id(ctx.query_value("framework").value_or("0")).value_or(0);
  auto f = chosen_framework(*c, ctx.locale, fid);
  if (!f) return ctx.error(404, "errors.not_found");
  auto b = store::bank(*c, *f, ctx.locale, store::Questions::kNone);
  auto past = store::history(*c, ctx.user->id, f->id);
  view::Data d;
  view::List heads;
  for (const auto& a : b.areas) {
    view::Data x;
    x.set("code", a.code);
    x.set("name", a.name);
    heads.push_back(std::move(x));
  }
  d.set("heads", std::move(heads));
  view::List rows;
  for (std::size_t i = past.size(); i-- > 0;) {
    view::Data row;
    row.set("date", i18n::format_datetime(ctx.locale, *past[i].attempt.finished_at, ctx.zone()));
    row.set("href", "/assessment/result/" + std::to_string(past[i].attempt.id));
    view::List cells;
    for (const auto& a : b.areas) {
      int now = 0, before = 0;
      for (const auto& l : past[i].outcome.areas)
        if (l.code == a.code) now = l.level;
      if (i > 0)
        for (const auto& l : past[i - 1].outcome.areas)
          if (l.code == a.code) before = l.level;
      view::Data cell;
      cell.set("level", level_text(ctx, now));
      cell.set("move", movement(ctx, before, now));
      cells.push_back(std::move(cell));
    }
    row.set("cells", std::move(cells));
    rows.push_back(std::move(row));
  }
  if (!rows.empty()) d.set("rows", std::move(rows));
  d.set("framework", f->name);
  return ctx.page(ctx.t("assessment.history.title"), "assessment/history", std::move(d));
}

}  // namespace

std::optional<Current> current_attempt(Ctx& ctx, db::Connection& c) {
  auto token = cookie_token(ctx);
  if (token.empty()) return std::nullopt;
  auto a = store::attempt_by_token(c, token);
  if (!a) return std::nullopt;
  if (ctx.user && !a->user_id) {
    // The cookie proves the person took this attempt; signing in keeps it for them, and what
    // the finished attempt achieved (a path step) is recorded with the claim or not at all.
    ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& t) {
      if (store::claim(t, a->id, ctx.user->id) && a->finished_at) web::achievement_changed(t, ctx.user->id);
    });
    a->user_id = ctx.user->id;
  }
  if (a->user_id && (!ctx.user || *a->user_id != ctx.user->id)) return std::nullopt;  // someone else's browser session
  return Current{*a, token};
}

// What this feature keeps about people, for the records of processing (GDPR art. 30).
static void declare_processing() {
  web::declare_personal_data({"assessment", "self_tests",
                              "processing.assessment.self_tests.purpose", "processing.assessment.self_tests.data",
                              web::LegalBasis::kPublicTask, "processing.retention.self_tests", "self_tests",
                              {"staff", "organisation"},
                              {"assessment_attempts"}});
  web::declare_content_data("assessment", "question_bank", {"staff"}, {"assessment_questions"});
}

void register_routes(web::App& app) {
  declare_processing();
  app.route("GET", "/assessment", web::Access::kAnyone, intro, web::shared_page());
  app.route("POST", "/assessment/start", web::Access::kAnyone, start);
  app.route("GET", "/assessment/area/{n}", web::Access::kAnyone, area_page);
  app.route("POST", "/assessment/area/{n}", web::Access::kAnyone, area_submit);
  app.route("GET", "/assessment/resume", web::Access::kAnyone, resume);
  app.route("GET", "/assessment/result/{id}", web::Access::kAnyone, result);
  app.route("GET", "/assessment/history", web::Access::kSignedIn, history);
  app.route("GET", "/assessment/org/{slug}", web::Access::kOrgAdmin, org_figures);
  app.route("GET", "/assessment/org/{slug}/skills.csv", web::Access::kOrgAdmin, org_figures_csv);
  app.route("GET", "/assessment/manage", web::Access::kPublisher, manage_list);
  app.route("GET", "/assessment/manage/{fid}", web::Access::kPublisher, manage_framework);
  app.route("GET", "/assessment/manage/{fid}/questions/{qid}", web::Access::kPublisher, question_form);
  app.route("POST", "/assessment/manage/{fid}/questions/{qid}", web::Access::kPublisher, question_save);
}

void seed_demo(db::Tx& c, std::int64_t) {
  auto f = builtin_digcomp();
  if (!c.one("SELECT 1 FROM frameworks WHERE code = ?", {f.code})) load_framework(c, f, std::nullopt, false);
}

int load_framework_file(db::Database& db, const std::string& path, bool make_default, std::optional<std::int64_t> org_id) {
  auto text = util::read_file(path);
  if (!text) {
    std::fprintf(stderr, "cityskills: cannot read %s\n", path.c_str());
    return 2;
  }
  auto parsed = parse_framework(*text);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "cityskills: %s: %s\n", path.c_str(), err->c_str());
    return 2;
  }
  const auto& f = std::get<FrameworkFile>(parsed);
  auto rep = db.tx(db::TxKind::kWrite, [&](db::Tx& c) { return load_framework(c, f, org_id, make_default); });
  std::printf("framework %s %s: %d areas, %d competences, %d questions\n", f.code.c_str(),
              rep.created ? "loaded" : "updated", rep.areas, rep.competences, rep.questions);
  return 0;
}

}  // namespace cityskills::assessment
