// The profile page: the person's name, audience, age band, organisation, country and language,
// the roles they hold; and the country names every feature's menus use.
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "features/accounts/api.hpp"
#include "features/accounts/forms.hpp"
#include "features/accounts/store.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/cache.hpp"
#include "util/strings.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::accounts {
namespace {

// The profile's own fields, read by the session's statement (web::SessionColumn).
constexpr std::string_view kAudienceColumn = "accounts.audience", kAgeBandColumn = "accounts.age_band",
                           kOrgColumn = "accounts.org_id", kCountryColumn = "accounts.country",
                           kCreatedColumn = "accounts.created_at";

using http::Response;
using web::Ctx;

std::vector<std::pair<std::string, std::string>> labelled(const Ctx& ctx, const std::vector<std::string>& values,
                                                          std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> out{{"", ctx.t("common.not_specified")}};
  for (const auto& v : values) out.emplace_back(v, ctx.t(std::string(prefix) + v));
  return out;
}

view::Data profile_data(Ctx& ctx, const Account& a) {
  view::Data d;
  // What other features add to the profile (completed learning paths and qualifications).
  std::string extra;
  for (const auto& html : web::sections("profile", ctx)) extra += html;
  d.set("sections", std::move(extra));
  d.set("email", a.email);
  d.set("display_name", a.display_name);
  d.set("member_since", ctx.t("accounts.profile.member_since", {{"date", i18n::format_date(ctx.locale, a.created_at)}}));
  d.set("audiences", web::options(labelled(ctx, kAudiences, "accounts.audience."), a.audience));
  d.set("age_bands", web::options(labelled(ctx, kAgeBands, "accounts.age_band."), a.age_band));
  auto countries = country_options(ctx.locale);
  countries.insert(countries.begin(), {"", ctx.t("common.not_specified")});
  d.set("countries", web::options(countries, a.country));
  d.set("langs", web::options(web::language_names(), a.lang));
  std::vector<std::pair<std::string, std::string>> orgs{{"", ctx.t("common.not_specified")}};
  const auto all = orgs::all_cached(ctx.svc);
  for (const auto& o : *all) orgs.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(orgs, a.org_id ? std::to_string(*a.org_id) : ""));
  // The person's roles came with the session; the organisations' names from the node's copy.
  std::vector<std::pair<std::string, std::string>> held;
  for (const auto& m : ctx.user->roles)
    for (const auto& o : *all)
      if (o.id == m.org_id) held.emplace_back(o.name, m.role);
  std::sort(held.begin(), held.end());
  view::List roles;
  for (const auto& [org, role] : held) {
    view::Data item;
    item.set("org", org);
    item.set("role", ctx.t("orgs.role." + role));
    roles.push_back(std::move(item));
  }
  if (!roles.empty()) d.set("roles", std::move(roles));
  return d;
}

// The profile's fields as the session read them (profile_columns), without a statement of its own.
Account from_session(const web::User& u) {
  Account a;
  a.id = u.id;
  a.email = u.email;
  a.display_name = u.display_name;
  a.lang = u.lang;
  a.platform_admin = u.platform_admin;
  a.verified = u.verified;
  auto extra = [&](std::string_view name) {
    auto it = u.extra.find(name);
    return it == u.extra.end() || !it->second ? std::string() : *it->second;
  };
  a.audience = extra(kAudienceColumn);
  a.age_band = extra(kAgeBandColumn);
  a.org_id = util::parse_id(extra(kOrgColumn));
  a.country = extra(kCountryColumn);
  a.created_at = util::parse_id(extra(kCreatedColumn)).value_or(0);
  return a;
}

Response profile_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  return ctx.page(ctx.t("accounts.profile.title"), "accounts/profile", profile_data(ctx, from_session(*ctx.user)));
}

Response profile(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ProfileForm>(ctx);
  std::optional<Account> current;
  bool org_exists = false;
  {
    auto c = ctx.db().acquire();
    current = store::find_by_id(*c, ctx.user->id);
    if (auto id = form.org()) org_exists = store::organisation_exists(*c, *id);
  }
  if (!current) return ctx.error(404, "errors.not_found");
  Account a = *current;
  form.apply(a, org_exists);
  auto errors = check(form, org_exists);
  if (!errors.empty()) {
    auto d = profile_data(ctx, a);
    errors.into(d, ctx);
    return ctx.page(ctx.t("accounts.profile.title"), "accounts/profile", std::move(d), 422);
  }
  {
    auto c = ctx.db().acquire();
    store::update_profile(*c, a);
  }
  ctx.remember_locale(a.lang);  // this browser follows the new choice at once
  ctx.flash("accounts.profile.saved");
  return ctx.redirect("/profile");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> country_options(std::string_view locale) {
  icu::Locale display(std::string(locale).c_str());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& code : kCountries) {
    icu::UnicodeString name;
    icu::Locale("", code.c_str()).getDisplayCountry(display, name);
    std::string s;
    name.toUTF8String(s);
    out.emplace_back(code, s);
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> coll(icu::Collator::createInstance(display, status));
  if (U_SUCCESS(status)) {
    std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
      UErrorCode st = U_ZERO_ERROR;
      return coll->compareUTF8(a.second, b.second, st) == UCOL_LESS;
    });
  }
  return out;
}

void register_profile(web::App& app) {
  auto& columns = app.services().session_columns;
  columns.push_back({std::string(kAudienceColumn), "u.audience"});
  columns.push_back({std::string(kAgeBandColumn), "u.age_band"});
  columns.push_back({std::string(kOrgColumn), "CAST(u.org_id AS TEXT)"});
  columns.push_back({std::string(kCountryColumn), "u.country"});
  columns.push_back({std::string(kCreatedColumn), "CAST(u.created_at AS TEXT)"});
  app.route("GET", "/profile", web::Access::kSignedIn, profile_form);
  app.route("POST", "/profile", web::Access::kSignedIn, profile);
}

}  // namespace cityskills::accounts
