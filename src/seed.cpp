#include "seed.hpp"

#include <cstdio>

#include "features/accounts/store.hpp"
#include "features/admin/api.hpp"
#include "features/manifest.hpp"
#include "features/orgs/store.hpp"
#include "features/search/api.hpp"
#include "media/illustration.hpp"
#include "media/media.hpp"
#include "util/crypto.hpp"
#include "util/embedded.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::seed {
namespace {

std::int64_t org(db::Connection& c, const orgs::Organisation& o) {
  if (auto existing = orgs::store::find_by_slug(c, o.slug)) return existing->id;
  return *orgs::store::create(c, o);
}

std::int64_t user(db::Connection& c, const std::string& email, const std::string& name, const std::string& lang,
                  const std::string& audience, std::optional<std::int64_t> org_id, bool admin,
                  const std::string& password_hash) {
  if (auto existing = accounts::store::find_by_email(c, email)) return existing->id;
  accounts::Account a;
  a.email = email;
  a.display_name = name;
  a.lang = lang;
  a.audience = audience;
  a.org_id = org_id;
  a.platform_admin = admin;
  a.verified = true;
  a.password_hash = password_hash;
  a.country = "IT";
  return *accounts::store::create(c, a);
}

// The demo city's crest (an SVG in the source tree) drawn as PNG into the site's logo slot,
// unless the administrators chose a logo.
bool crest_logo(db::Database& db, const std::string& data_dir) {
  {
    auto c = db.acquire();
    if (admin::site_settings(*c).logo_id) return false;
  }
  auto svg = embedded::find("src/features/orgs/demo/valverde-crest.svg");
  if (!svg) return false;
  // Four times the header's 3rem, so it stays sharp on dense screens.
  auto png = media::illustration::svg_png(*svg, 192, media::illustration::cache_dir(data_dir, "demo-images"));
  if (!png) {
    log::warn("demo crest not drawn: ffmpeg missing or without SVG support", "");
    return false;
  }
  auto stored = media::store(db, data_dir, {"valverde-crest.png", *png}, media::image_policy(), std::nullopt, std::nullopt);
  if (!stored.ok()) return false;
  return db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    return admin::set_logo_unless_set(c, stored.item->id, "Comune di Valverde");
  });
}

}  // namespace

void demo(db::Database& db, const std::string& data_dir, bool quiet) {
  const std::string password = "cityskills-demo-2026";
  const std::string hash = crypto::hash_password(password);
  db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto city = org(c, {0, "Comune di Valverde", "valverde", "city", "IT", "https://valverde.example.org"});
    auto partner = org(c, {0, "Nordic Digital Learning Network", "nordic-dln", "partner", "SE", ""});
    auto academy = org(c, {0, "Bürgerakademie Digital", "buergerakademie", "association", "DE", ""});
    org(c, {0, "Kaupunki Koivula", "koivula", "city", "FI", ""});
    auto admin = user(c, "admin@valverde.example.org", "Giulia Ferri", "it", "public_staff", city, true, hash);
    auto author = user(c, "author@valverde.example.org", "Marco Bellini", "it", "public_staff", city, false, hash);
    auto nordic = user(c, "editor@nordic-dln.example.org", "Astrid Lindqvist", "sv", "business", partner, false, hash);
    user(c, "citizen@example.org", "Anna Rossi", "it", "citizen", std::nullopt, false, hash);
    auto de = user(c, "team@buergerakademie.example.org", "Jonas Weber", "de", "business", academy, false, hash);
    orgs::store::grant(c, admin, city, "org_admin");
    orgs::store::grant(c, author, city, "author");
    orgs::store::grant(c, nordic, partner, "org_admin");
    orgs::store::grant(c, nordic, partner, "author");
    orgs::store::grant(c, de, academy, "moderator");
  });
  // Every feature's demo content, in the manifest's order (features/manifest.cpp).
  features::SeedContext ctx{data_dir, {}};
  features::seed_demo(db, ctx);
  if (crest_logo(db, data_dir)) ctx.summary.push_back("The city's crest is in the logo slot.");
  // Demo rows written straight to the tables (supports, counters) are found too.
  auto documents = search_page::rebuild(db);
  if (!quiet) {
    for (const auto& line : ctx.summary) std::printf("%s\n", line.c_str());
    std::printf("Search index: %lld documents.\n", static_cast<long long>(documents));
    std::printf(
        "Demo data loaded. Sign in with any of these (password: %s):\n"
        "  admin@valverde.example.org        platform admin, admin of Comune di Valverde\n"
        "  author@valverde.example.org       author at Comune di Valverde\n"
        "  editor@nordic-dln.example.org     admin and author at Nordic Digital Learning Network\n"
        "  team@buergerakademie.example.org  moderator at Bürgerakademie Digital\n"
        "  citizen@example.org               a citizen\n",
        password.c_str());
  }
}

}  // namespace cityskills::seed
