// Demo good practices from municipalities of the five countries of the network: the rows of
// demo/practices.json, created in their order by their author and, unless one waits for its
// organisation's moderators, approved by its moderator a little longer ago each.
#include <string>
#include <vector>

#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/practices/api.hpp"
#include "features/practices/store.hpp"
#include "util/json_rows.hpp"

namespace cityskills::practices {

void seed_demo(db::Connection& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM practices LIMIT 1")) return;
  auto user = [&](const std::string& email) { return *accounts::user_id_by_email(c, email); };
  std::vector<std::int64_t> ids;
  int age = 0;
  for (const auto& x : util::json_rows("src/features/practices/demo/practices.json")) {
    using P = Practice;
    P p;
    p.org_id = orgs::by_slug(c, x.text("org"))->id;
    util::read_texts<P>(x, p,
                        {{"lang", &P::lang}, {"title", &P::title}, {"problem", &P::problem}, {"actions", &P::actions},
                         {"results", &P::results}, {"figures", &P::figures, true}, {"lessons", &P::lessons},
                         {"cost_band", &P::cost_band}, {"effort_band", &P::effort_band},
                         {"size_band", &P::size_band}, {"country", &P::country},
                         {"contact_name", &P::contact_name, true}, {"contact_email", &P::contact_email, true}});
    p.areas = x.texts("areas");
    p.themes = x.texts("themes");
    auto id = store::create(c, p, user(x.text("author")));
    if (x.has("moderator")) {
      store::moderate(c, id, user(x.text("moderator")), true, "");
      store::set_published_at(c, id, now - (age++) * 9 * 86400);
    }
    ids.push_back(id);
  }
  // The first (the libraries' facilitators) is done again elsewhere, and discussed.
  auto libraries = ids.front();
  store::add_did_too(c, libraries, user("editor@nordic-dln.example.org"), now);
  store::add_comment(c, libraries, user("team@buergerakademie.example.org"),
                     "Wir machen das in drei Stadtteilbibliotheken nach – danke für die Anleitung!");
}

}  // namespace cityskills::practices
