// The organisation filter every list page has (orgs/api.hpp), apart from the rest of the API so
// that code needing only the organisations (the fuzz build) links without the web layer.
#include "features/orgs/api.hpp"

namespace cityskills::orgs {

std::optional<std::int64_t> org_filter(db::Connection& c, web::ListParams& p, std::string& slug) {
  slug = p.text("org");
  if (slug.empty()) return std::nullopt;
  auto o = by_slug(c, slug);
  if (!o) p.fail();
  return o->id;
}

view::List org_menu(db::Connection& c, const web::Ctx& ctx, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> v;
  for (const auto& o : all(c)) v.emplace_back(o.slug, o.name);
  return web::filter_menu(ctx, std::move(v), selected);
}

}  // namespace cityskills::orgs
