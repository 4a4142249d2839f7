// The organisation filter every list page has (orgs/api.hpp), apart from the rest of the API so
// that code needing only the organisations (the fuzz build) links without the web layer.
#include "features/orgs/api.hpp"
#include "features/orgs/cache.hpp"
#include "features/orgs/store.hpp"

namespace cityskills::orgs {

std::optional<std::int64_t> org_filter(db::Connection& c, web::ListParams& p, std::string& slug) {
  slug = p.text("org");
  if (slug.empty()) return std::nullopt;
  auto o = by_slug(c, slug);
  if (!o) p.fail();
  return o->id;
}

view::List org_menu(db::Connection&, const web::Ctx& ctx, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> v;
  for (const auto& o : *all_cached(ctx.svc)) v.emplace_back(o.slug, o.name);
  return web::filter_menu(ctx, std::move(v), selected);
}

namespace {
constexpr const char* kCacheKey = "orgs.all";
}  // namespace

std::shared_ptr<const std::vector<OrgCard>> all_cached(web::Services& svc) {
  return svc.cache.get<std::vector<OrgCard>>(kCacheKey, [&] {
    std::vector<OrgCard> out;
    for (const auto& o : store::list(*svc.db->acquire())) out.push_back({o.id, o.name, o.slug, o.kind, o.country});
    return out;
  });
}

void organisations_changed(web::Services& svc) { svc.cache.drop(kCacheKey); }

}  // namespace cityskills::orgs
