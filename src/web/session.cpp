// The session look-up every request with a session cookie makes: the person, every role they
// hold, what waits for them as a moderator and the features' session columns, in one statement
// (one round trip on PostgreSQL; decision note 0029).
#include <algorithm>

#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"
#include "web/cookies.hpp"

namespace cityskills::web {
namespace {

std::string session_sql(db::Dialect dialect, const std::vector<SessionColumn>& extra) {
  const std::string agg = dialect == db::Dialect::kPostgres ? "string_agg" : "group_concat";
  const std::string moderates = std::string(roles_sql(Can::kModerate));
  // Open forum reports and practices awaiting review in the organisations the person
  // moderates (every organisation for platform admins), counted for moderators only.
  const std::string is_moderator =
      "(u.platform_admin = 1 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role IN " + moderates + "))";
  const std::string moderates_org = "(u.platform_admin = 1 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id "
                                    "AND m.org_id = %ORG% AND m.role IN " + moderates + "))";
  auto in_org = [&](const std::string& org) {
    auto s = moderates_org;
    s.replace(s.find("%ORG%"), 5, org);
    return s;
  };
  std::string sql =
      "SELECT u.id, u.email, u.display_name, u.lang, u.platform_admin, u.email_verified_at, s.updated_at, "
      "(SELECT " + agg + "(CAST(m.org_id AS TEXT) || ':' || m.role, ',') FROM memberships m WHERE m.user_id = u.id), "
      "CASE WHEN " + is_moderator + " THEN (SELECT COUNT(*) FROM forum_reports r JOIN forum_posts p ON p.id = r.post_id "
      "JOIN forum_threads t ON t.id = p.thread_id JOIN forum_categories k ON k.id = t.category_id "
      "WHERE r.resolved_at IS NULL AND " + in_org("k.org_id") + ") END, "
      "CASE WHEN " + is_moderator + " THEN (SELECT COUNT(*) FROM practices p WHERE p.status = 'pending' AND " +
      in_org("p.org_id") + ") END";
  for (const auto& c : extra) sql += ", " + c.sql;
  sql += " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL";
  return sql;
}

// "3:author,3:moderator,7:org_admin" in any order -> memberships by organisation and role.
std::vector<Membership> parse_roles(const std::string& list) {
  std::vector<Membership> out;
  for (auto part : util::split(list, ',')) {
    auto colon = part.find(':');
    if (colon == std::string_view::npos) continue;
    auto org = util::parse_id(part.substr(0, colon));
    if (!org) continue;
    out.push_back(Membership{*org, std::string(part.substr(colon + 1))});
  }
  std::sort(out.begin(), out.end(), [](const Membership& a, const Membership& b) {
    return a.org_id != b.org_id ? a.org_id < b.org_id : a.role < b.role;
  });
  return out;
}

}  // namespace

bool App::load_session(Ctx& ctx, const std::string& token) {
  std::call_once(session_sql_once_, [&] { session_sql_ = session_sql(svc_.db->dialect(), svc_.session_columns); });
  auto hash = crypto::sha256_hex(token);
  auto c = svc_.db->acquire();
  auto row = c->one(session_sql_, {hash, util::now_unix()});
  if (!row) return false;
  User u;
  u.id = row->i64(0);
  u.email = row->str(1);
  u.display_name = row->str(2);
  u.lang = row->str(3);
  u.platform_admin = row->i64(4) != 0;
  u.verified = !row->is_null(5);
  u.roles = parse_roles(row->str(7));
  auto held = [&](Can what) {
    return std::any_of(u.roles.begin(), u.roles.end(), [&](const Membership& m) { return role_allows(m.role, what); });
  };
  u.org_admin = held(Can::kAdminister);
  u.publisher = u.platform_admin || held(Can::kPublish);
  u.moderator = u.platform_admin || held(Can::kModerate);
  u.open_reports = row->opt_i64(8).value_or(0);
  u.pending_practices = row->opt_i64(9).value_or(0);
  for (std::size_t i = 0; i < svc_.session_columns.size(); ++i)
    u.extra[svc_.session_columns[i].name] = row->opt_str(10 + i);
  ctx.session = Session{token, u.id};
  ctx.user = std::move(u);
  // The session's last use, kept to within five minutes (it shows in the person's sessions).
  if (util::now_unix() - row->i64(6) > 300)
    c->exec("UPDATE sessions SET updated_at = ? WHERE id_hash = ?", {util::now_unix(), hash});
  return true;
}

}  // namespace cityskills::web
