// Subcommands about people and content: user, framework, export, import and search.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli_common.hpp"
#include "cli_help.hpp"
#include "db/migrate.hpp"
#include "features/accounts/api.hpp"
#include "features/accounts/model.hpp"
#include "features/accounts/passwords.hpp"
#include "features/accounts/store.hpp"
#include "features/assessment/api.hpp"
#include "features/catalog/package.hpp"
#include "features/manifest.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/store.hpp"
#include "features/search/api.hpp"
#include "i18n/i18n.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::cli {
namespace {

std::string read_password(const Args& a) {
  std::string pw;
  if (!a.has("--password-stdin") && isatty(STDIN_FILENO)) std::fputs("New password: ", stderr);
  std::getline(std::cin, pw);
  while (!pw.empty() && (pw.back() == '\r' || pw.back() == '\n')) pw.pop_back();
  return pw;
}

}  // namespace

int cmd_user(const Args& a, const char* argv0) {
  if (help_requested(a) || a.positional.size() < 2) return print_help(kUserHelp), help_requested(a) ? 0 : 2;
  auto cfg = config_from(a, argv0);
  const auto& sub = a.positional[1];
  auto email = util::to_lower(a.get("--email"));
  if (auto e = web::check_email(email)) return fail("--email: " + i18n::t("en", *e));
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  auto c = db->acquire();

  if (sub == "add") {
    auto name = a.get("--name");
    if (auto e = web::check_name(name)) return fail("--name: " + i18n::t("en", *e));
    auto lang = a.get("--lang", "en");
    if (!i18n::supported(lang)) return fail("--lang must be one of it, en, de, sv, fi");
    auto pw = read_password(a);
    if (auto e = accounts::check_password(pw, {email, email.substr(0, email.find('@')), name}))
      return fail("password: " + i18n::t("en", *e, {{"min", std::to_string(accounts::kPasswordMin)},
                                                   {"max", std::to_string(accounts::kPasswordMax)}}));
    accounts::Account acct;
    acct.email = email;
    acct.display_name = name;
    acct.lang = lang;
    acct.platform_admin = a.has("--platform-admin");
    acct.verified = true;
    acct.password_hash = crypto::hash_password(pw);
    auto id = accounts::store::create(*c, acct);
    if (!id) return fail("a user with e-mail " + email + " already exists");
    std::printf("user %lld added: %s\n", static_cast<long long>(*id), email.c_str());
    return 0;
  }
  auto user = accounts::store::find_by_email(*c, email);
  if (!user) return fail("no user with e-mail " + email);
  if (sub == "set-role") {
    auto role = a.get("--role");
    bool revoke = a.has("--revoke");
    if (role == "platform_admin") {
      c->exec("UPDATE users SET platform_admin = ?, updated_at = ? WHERE id = ?", {!revoke, util::now_unix(), user->id});
      std::printf("%s is %s platform admin\n", email.c_str(), revoke ? "no longer" : "now");
      return 0;
    }
    if (std::find(accounts::kRoles.begin(), accounts::kRoles.end(), role) == accounts::kRoles.end())
      return fail("--role must be learner, author, moderator, org_admin or platform_admin");
    auto org = orgs::store::find_by_slug(*c, a.get("--org"));
    if (!org) return fail("no organisation with slug '" + a.get("--org") + "' (use --org SLUG)");
    if (revoke) orgs::store::revoke(*c, user->id, org->id, role);
    else orgs::store::grant(*c, user->id, org->id, role);
    std::printf("%s %s role %s in %s\n", email.c_str(), revoke ? "lost" : "has", role.c_str(), org->name.c_str());
    return 0;
  }
  if (sub == "reset-password") {
    auto pw = read_password(a);
    if (auto e = accounts::check_password(pw, {email, email.substr(0, email.find('@')), user->display_name}))
      return fail("password: " + i18n::t("en", *e, {{"min", std::to_string(accounts::kPasswordMin)},
                                                   {"max", std::to_string(accounts::kPasswordMax)}}));
    features::register_extensions();
    db->tx(db::TxKind::kWrite, [&](db::Tx& t) {
      accounts::store::set_password(t, user->id, crypto::hash_password(pw));
      accounts::store::end_sessions_and_tokens(t, user->id);
    });
    std::printf("password changed for %s; all their sessions ended, their e-mailed links and calendar feed revoked\n",
                email.c_str());
    return 0;
  }
  return fail("unknown user command '" + sub + "' (see 'cityskills user --help')");
}

int cmd_framework(const Args& a, const char* argv0) {
  if (help_requested(a) || a.positional.size() != 3 || a.positional[1] != "load")
    return print_help(kFrameworkHelp), help_requested(a) ? 0 : 2;
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  assessment::install_builtin(*db);
  std::optional<std::int64_t> org_id;
  if (a.has("--org")) {
    auto c = db->acquire();
    auto org = orgs::by_slug(*c, a.get("--org"));
    if (!org) return fail("no organisation with slug '" + a.get("--org") + "'");
    org_id = org->id;
  }
  return assessment::load_framework_file(*db, a.positional[2], a.has("--default"), org_id);
}

int cmd_export(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kExportHelp), 0;
  if (a.positional.size() != 4 || a.positional[1] != "course")
    return fail("usage: cityskills export course ID FILE (see 'cityskills export --help')");
  auto id = util::parse_id(a.positional[2]);
  if (!id) return fail("the course ID must be a positive whole number, got '" + a.positional[2] + "'");
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  auto r = catalog::package::export_course(*db, cfg.data_dir, *id, a.positional[3], print_step);
  if (!r.ok()) return fail("export: " + r.error);
  std::printf("course %lld exported to %s: %d lesson(s), %d video(s), %d caption file(s), %d image(s)\n",
              static_cast<long long>(*id), a.positional[3].c_str(), r.lessons, r.videos, r.captions, r.images);
  return 0;
}

int cmd_import(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kImportHelp), 0;
  if (a.positional.size() != 3 || a.positional[1] != "course")
    return fail("usage: cityskills import course FILE --org SLUG (see 'cityskills import --help')");
  if (a.get("--org").empty()) return fail("import needs --org SLUG: the organisation that will own the course");
  catalog::package::ImportOptions options;
  if (a.has("--translation-of")) {
    options.translation_of = util::parse_id(a.get("--translation-of"));
    if (!options.translation_of) return fail("--translation-of must be a course ID, got '" + a.get("--translation-of") + "'");
  }
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  std::optional<orgs::OrgRef> org;
  {
    auto c = db->acquire();
    org = orgs::by_slug(*c, a.get("--org"));
  }
  if (!org) return fail("no organisation with slug '" + a.get("--org") + "'");
  auto r = catalog::package::import_course(*db, cfg.data_dir, a.positional[2], org->id, print_step, options);
  if (!r.ok()) {
    std::fprintf(stderr, "cityskills: import refused, nothing was kept:\n");
    for (const auto& e : r.errors) std::fprintf(stderr, "  - %s\n", e.c_str());
    return 1;
  }
  for (const auto& note : r.notes) std::printf("note: %s\n", note.c_str());
  std::printf("course %lld imported as an unpublished draft; review and publish it at %s/author/courses/%lld\n",
              static_cast<long long>(r.course_id), cfg.public_url.c_str(), static_cast<long long>(r.course_id));
  return 0;
}

int cmd_search(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kSearchHelp), 0;
  if (a.positional.size() != 2 || a.positional[1] != "reindex")
    return fail("usage: cityskills search reindex (see 'cityskills search --help')");
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  auto n = search_page::rebuild(*db);
  std::printf("search index rebuilt: %lld document(s)\n", static_cast<long long>(n));
  return 0;
}

}  // namespace cityskills::cli
