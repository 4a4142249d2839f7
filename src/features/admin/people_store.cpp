#include "features/admin/people_store.hpp"

#include "db/rows.hpp"
#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "util/strings.hpp"

namespace cityskills::admin {
namespace people {

std::optional<Person> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one("SELECT id, email, display_name, lang, COALESCE(country, ''), COALESCE(audience, ''), "
                            "platform_admin, email_verified_at, disabled_at, created_at FROM users WHERE id = ?",
                            {id}),
                      [](const db::Row& r) {
                        using P = Person;
                        return db::read_as<P>(r, &P::id, &P::email, &P::display_name, &P::lang, &P::country,
                                              &P::audience, &P::platform_admin, &P::verified_at, &P::disabled_at,
                                              &P::created_at);
                      });
}

std::vector<Role> roles(db::Connection& c, std::int64_t id) {
  return db::read_all(c.query("SELECT o.id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id "
                              "WHERE m.user_id = ? ORDER BY o.name, m.role",
                              {id}),
                      [](const db::Row& r) { return db::read_as<Role>(r, &Role::org_id, &Role::org_name, &Role::role); });
}

std::optional<ProfileOrg> profile_org(db::Connection& c, std::int64_t id) {
  return db::read_one(
      c.one("SELECT o.id, o.name FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = ?", {id}),
      [](const db::Row& r) { return db::read_as<ProfileOrg>(r, &ProfileOrg::id, &ProfileOrg::name); });
}

Sessions sessions(db::Connection& c, std::int64_t id, std::int64_t now) {
  auto r = c.one("SELECT COUNT(*), MAX(updated_at) FROM sessions WHERE user_id = ? AND expires_at > ?", {id, now});
  return db::read_as<Sessions>(*r, &Sessions::open, &Sessions::last_seen);
}

std::vector<LogEntry> recent_actions(db::Connection& c, std::int64_t id) {
  return db::read_all(
      c.query("SELECT a.created_at, a.action, a.reason, COALESCE(u.display_name, '') FROM privacy_audit a "
              "LEFT JOIN users u ON u.id = a.actor_id WHERE a.subject_id = ? ORDER BY a.id DESC LIMIT 10",
              {id}),
      [](const db::Row& r) {
        using L = LogEntry;
        return db::read_as<L>(r, &L::created_at, &L::action, &L::reason, &L::actor_name);
      });
}

bool unblock(db::Connection& c, std::int64_t actor_id, std::int64_t id, const std::string& reason) {
  if (c.exec("UPDATE users SET disabled_at = NULL, updated_at = ? WHERE id = ? AND disabled_at IS NOT NULL",
             {util::now_unix(), id}) == 0)
    return false;
  audit(c, actor_id, {"user.unblock", "user", id, reason, ""});
  return true;
}

}  // namespace people

BlockOutcome block_person(db::Tx& c, std::int64_t actor_id, std::int64_t person_id, const std::string& reason) {
  bool pg = c.dialect() == db::Dialect::kPostgres;
  // Locked on PostgreSQL so that two administrators blocking each other cannot leave none.
  auto admins = c.query(std::string("SELECT id FROM users WHERE platform_admin = 1 AND disabled_at IS NULL") +
                        (pg ? " FOR UPDATE" : ""));
  auto row = c.one("SELECT platform_admin, disabled_at FROM users WHERE id = ?", {person_id});
  if (!row) return BlockOutcome::kGone;
  if (!row->is_null(1)) return BlockOutcome::kAlready;
  if (row->i64(0) != 0 && admins.size() <= 1) return BlockOutcome::kLastAdmin;
  auto now = util::now_unix();
  c.exec("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", {now, now, person_id});
  accounts::end_sessions(c, person_id);
  audit(c, actor_id, {"user.block", "user", person_id, reason, ""});
  return BlockOutcome::kDone;
}

}  // namespace cityskills::admin
