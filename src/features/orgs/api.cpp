#include "features/orgs/api.hpp"

#include "features/orgs/branding.hpp"
#include "features/orgs/certificates.hpp"
#include "features/orgs/store.hpp"
#include "i18n/i18n.hpp"

namespace cityskills::orgs {
namespace {

// Whether the person holds, in the organisation, a role that allows `what` (web/roles.hpp).
bool has_role_for(db::Connection& c, std::int64_t user_id, std::int64_t org_id, web::Can what) {
  static const std::string sql[] = {
      "SELECT 1 FROM memberships WHERE user_id = ? AND org_id = ? AND role IN " + std::string(web::roles_sql(web::Can::kPublish)),
      "SELECT 1 FROM memberships WHERE user_id = ? AND org_id = ? AND role IN " + std::string(web::roles_sql(web::Can::kModerate)),
      "SELECT 1 FROM memberships WHERE user_id = ? AND org_id = ? AND role IN " + std::string(web::roles_sql(web::Can::kAdminister))};
  return c.one(sql[static_cast<int>(what)], {user_id, org_id}).has_value();
}

}  // namespace

std::vector<OrgRef> all(db::Connection& c) {
  std::vector<OrgRef> out;
  for (const auto& o : store::list(c)) out.push_back({o.id, o.name, o.slug});
  return out;
}

std::optional<OrgRef> by_slug(db::Connection& c, std::string_view slug) {
  auto o = store::find_by_slug(c, slug);
  if (!o) return std::nullopt;
  return OrgRef{o->id, o->name, o->slug};
}

std::vector<OrgRef> publishable(db::Connection& c, const web::User& user) {
  if (user.platform_admin) return all(c);
  std::vector<OrgRef> out;
  static const std::string sql =
      "SELECT DISTINCT o.id, o.name, o.slug FROM organisations o JOIN memberships m ON m.org_id = o.id "
      "WHERE m.user_id = ? AND m.role IN " + std::string(web::roles_sql(web::Can::kPublish)) + " ORDER BY o.name";
  for (const auto& r : c.query(sql, {user.id}))
    out.push_back({r.i64(0), r.str(1), r.str(2)});
  return out;
}

bool can_publish(db::Connection& c, const web::User& user, std::int64_t org_id) {
  if (user.platform_admin) return c.one("SELECT 1 FROM organisations WHERE id = ?", {org_id}).has_value();
  return has_role_for(c, user.id, org_id, web::Can::kPublish);
}

bool can_moderate(db::Connection& c, const web::User& user, std::int64_t org_id) {
  if (user.platform_admin) return true;
  return has_role_for(c, user.id, org_id, web::Can::kModerate);
}

bool can_admin(db::Connection& c, const web::User& user, std::int64_t org_id) {
  if (user.platform_admin) return true;
  return has_role_for(c, user.id, org_id, web::Can::kAdminister);
}

std::vector<OrgRef> administered(db::Connection& c, const web::User& user) {
  if (user.platform_admin) return all(c);
  std::vector<OrgRef> out;
  static const std::string sql =
      "SELECT DISTINCT o.id, o.name, o.slug FROM organisations o JOIN memberships m ON m.org_id = o.id "
      "WHERE m.user_id = ? AND m.role IN " + std::string(web::roles_sql(web::Can::kAdminister)) + " ORDER BY o.name";
  for (const auto& r : c.query(sql, {user.id})) out.push_back({r.i64(0), r.str(1), r.str(2)});
  return out;
}

std::optional<Branding> branding(db::Connection& c, std::int64_t org_id, std::string_view lang) {
  auto o = store::find(c, org_id);
  if (!o) return std::nullopt;
  auto cert = store::certificates(c, org_id);
  Branding b{o->name, o->website, cert.logo_id, cert.signatory_name, ""};
  if (b.signatory_name.empty()) return b;
  // The award's language, else the default one, else any given (the map is ordered: stable).
  for (auto l : {lang, i18n::kDefaultLocale})
    if (auto it = cert.roles.find(std::string(l)); it != cert.roles.end()) {
      b.signatory_role = it->second;
      return b;
    }
  if (!cert.roles.empty()) b.signatory_role = cert.roles.begin()->second;
  return b;
}

std::string logo_path(std::int64_t org_id, std::int64_t media_id) {
  return "/organisations/" + std::to_string(org_id) + "/logos/" + std::to_string(media_id);
}

std::vector<std::int64_t> member_ids(db::Connection& c, std::int64_t org_id) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query("SELECT id FROM users WHERE org_id = ? UNION SELECT user_id FROM memberships WHERE org_id = ?",
                               {org_id, org_id}))
    out.push_back(r.i64(0));
  return out;
}

}  // namespace cityskills::orgs
