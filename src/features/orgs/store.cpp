#include "features/orgs/store.hpp"

#include "db/rows.hpp"
#include "features/orgs/members_report.hpp"
#include "features/orgs/platform_users.hpp"
#include "features/orgs/certificates.hpp"

#include <algorithm>
#include <map>

#include "util/strings.hpp"

namespace cityskills::orgs::store {
namespace {
constexpr const char* kSelect = "SELECT id, name, slug, kind, country, website FROM organisations ";
Organisation to_org(const db::Row& r) {
  return Organisation{r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)};
}

// The members a query selects (id, e-mail, name, created, 1 when they chose the organisation
// in their profile), in its order, with their roles in the organisation.
std::vector<ReportMember> members_with_roles(db::Connection& c, std::int64_t org_id, const std::string& sql,
                                             const db::Params& params) {
  std::vector<ReportMember> out;
  std::map<std::int64_t, std::size_t> at;
  for (const auto& r : c.query(sql, params)) {
    at[r.i64(0)] = out.size();
    out.push_back(ReportMember{r.i64(0), r.str(1), r.str(2), {}, r.i64(4) != 0, r.i64(3)});
  }
  if (out.empty()) return out;
  auto [lo, hi] = std::minmax_element(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  for (const auto& r : c.query("SELECT user_id, role FROM memberships WHERE org_id = ? AND user_id BETWEEN ? AND ? "
                               "ORDER BY user_id, role",
                               {org_id, lo->user_id, hi->user_id}))
    if (auto it = at.find(r.i64(0)); it != at.end()) out[it->second].roles.push_back(r.str(1));
  return out;
}
}  // namespace

std::vector<Organisation> list(db::Connection& c) {
  return db::read_all(c.query(std::string(kSelect) + "ORDER BY name"), to_org);
}

std::optional<Organisation> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelect) + "WHERE id = ?", {id}), to_org);
}

std::optional<Organisation> find_by_slug(db::Connection& c, std::string_view slug) {
  return db::read_one(c.one(std::string(kSelect) + "WHERE slug = ?", {slug}), to_org);
}

std::optional<std::int64_t> create(db::Connection& c, const Organisation& o) {
  auto now = util::now_unix();
  return db::id_of(
      c.one("INSERT INTO organisations (name, slug, kind, country, website, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id",
            {o.name, o.slug, o.kind, o.country, db::null_if_empty(o.website), now, now}));
}

bool update(db::Connection& c, const Organisation& o) {
  try {
    c.exec(
        "UPDATE organisations SET name = ?, slug = ?, kind = ?, country = ?, website = ?, updated_at = ? WHERE id = ?",
        {o.name, o.slug, o.kind, o.country, db::null_if_empty(o.website), util::now_unix(), o.id});
    return true;
  } catch (const db::Error& e) {
    if (e.kind() == db::Error::Kind::kUniqueViolation) return false;
    throw;
  }
}

std::vector<Member> members(db::Connection& c, std::int64_t org_id) {
  std::vector<Member> out;
  for (const auto& r : c.query(
           "SELECT u.id, u.email, u.display_name, m.role FROM memberships m JOIN users u ON u.id = m.user_id "
           "WHERE m.org_id = ? ORDER BY u.display_name, u.id, m.role",
           {org_id}))
    out.push_back(Member{r.i64(0), r.str(1), r.str(2), r.str(3)});
  return out;
}

std::vector<ReportMember> report_members(db::Connection& c, std::int64_t org_id) {
  return members_with_roles(
      c, org_id,
      "SELECT u.id, u.email, u.display_name, u.created_at, CASE WHEN u.org_id = ? THEN 1 ELSE 0 END FROM users u "
      "WHERE u.org_id = ? OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.org_id = ?) "
      "ORDER BY u.display_name, u.id",
      {org_id, org_id, org_id});
}

std::vector<ReportMember> members_page(db::Connection& c, std::int64_t org_id, std::int64_t after_id, int limit) {
  // Each way of belonging gives at most `limit` ids after the cursor, from its index; their
  // union, in order, holds the page.
  return members_with_roles(
      c, org_id,
      "SELECT u.id, u.email, u.display_name, u.created_at, CASE WHEN u.org_id = ? THEN 1 ELSE 0 END FROM users u "
      "WHERE u.id IN (SELECT id FROM (SELECT id FROM users WHERE org_id = ? AND id > ? ORDER BY id LIMIT ?) AS p "
      "UNION SELECT user_id FROM (SELECT DISTINCT user_id FROM memberships WHERE org_id = ? AND user_id > ? "
      "ORDER BY user_id LIMIT ?) AS r) ORDER BY u.id LIMIT ?",
      {org_id, org_id, after_id, limit, org_id, after_id, limit, limit});
}

bool has_role(db::Connection& c, std::int64_t user_id, std::int64_t org_id, std::string_view role) {
  return c.one("SELECT 1 FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?", {user_id, org_id, role})
      .has_value();
}

std::vector<std::int64_t> administered(db::Connection& c, std::int64_t user_id) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query("SELECT org_id FROM memberships WHERE user_id = ? AND role = 'org_admin'", {user_id}))
    out.push_back(r.i64(0));
  return out;
}

void grant(db::Connection& c, std::int64_t user_id, std::int64_t org_id, std::string_view role) {
  auto now = util::now_unix();
  // Granting twice is harmless: the unique constraint keeps one row.
  c.exec(
      "INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (user_id, org_id, role) DO NOTHING",
      {user_id, org_id, role, now, now});
}

void revoke(db::Connection& c, std::int64_t user_id, std::int64_t org_id, std::string_view role) {
  c.exec("DELETE FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?", {user_id, org_id, role});
}

Certificates certificates(db::Connection& c, std::int64_t org_id) {
  Certificates out;
  auto r = c.one("SELECT logo_id, signatory_name FROM organisations WHERE id = ?", {org_id});
  if (!r) return out;
  out.logo_id = r->opt_i64(0);
  out.signatory_name = r->str(1);
  for (const auto& row : c.query("SELECT lang, role FROM organisation_signatory_roles WHERE org_id = ?", {org_id}))
    out.roles[row.str(0)] = row.str(1);
  return out;
}

void set_logo(db::Connection& c, std::int64_t org_id, std::optional<std::int64_t> media_id) {
  auto now = util::now_unix();
  if (media_id)
    c.exec("INSERT INTO organisation_logos (org_id, media_id, created_at) VALUES (?, ?, ?) "
           "ON CONFLICT (org_id, media_id) DO NOTHING",
           {org_id, *media_id, now});
  c.exec("UPDATE organisations SET logo_id = ?, updated_at = ? WHERE id = ?",
         {media_id ? db::Param(*media_id) : db::Param(nullptr), now, org_id});
}

void set_signatory(db::Tx& c, std::int64_t org_id, const std::string& name,
                   const std::map<std::string, std::string>& roles) {
  auto now = util::now_unix();
  c.exec("UPDATE organisations SET signatory_name = ?, updated_at = ? WHERE id = ?", {name, now, org_id});
  c.exec("DELETE FROM organisation_signatory_roles WHERE org_id = ?", {org_id});
  for (const auto& [lang, role] : roles)
    if (!role.empty())
      c.exec("INSERT INTO organisation_signatory_roles (org_id, lang, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
             {org_id, lang, role, now, now});
}

bool had_logo(db::Connection& c, std::int64_t org_id, std::int64_t media_id) {
  return c.one("SELECT 1 FROM organisation_logos WHERE org_id = ? AND media_id = ?", {org_id, media_id}).has_value();
}

std::vector<Account> accounts_matching(db::Connection& c, const std::string& q, std::int64_t limit, std::int64_t offset) {
  std::string like = "%" + util::to_lower(q) + "%";
  return db::read_all(
      c.query("SELECT id, email, display_name, platform_admin, CASE WHEN email_verified_at IS NULL THEN 0 ELSE 1 END "
              "FROM users WHERE lower(email) LIKE ? OR lower(display_name) LIKE ? ORDER BY id LIMIT ? OFFSET ?",
              {like, like, limit, offset}),
      [](const db::Row& r) {
        using A = Account;
        return db::read_as<A>(r, &A::id, &A::email, &A::display_name, &A::platform_admin, &A::verified);
      });
}

void set_platform_admin(db::Connection& c, std::int64_t user_id, bool on) {
  c.exec("UPDATE users SET platform_admin = ?, updated_at = ? WHERE id = ?", {on, util::now_unix(), user_id});
}

}  // namespace cityskills::orgs::store
