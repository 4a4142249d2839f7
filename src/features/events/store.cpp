#include "features/events/store.hpp"

#include "db/retry.hpp"
#include "db/rows.hpp"

#include "features/credentials/api.hpp"
#include "features/events/api.hpp"
#include "search/search.hpp"
#include "view/markdown.hpp"

#include <set>

#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "web/learning.hpp"

namespace cityskills::events::store {
namespace {

constexpr const char* kColumns =
    "SELECT e.id, e.org_id, o.name, e.kind, e.title, e.summary, e.description, e.lang, e.theme, e.audience, "
    "e.age_group, e.starts_at, e.ends_at, e.time_zone, e.online, e.join_url, e.venue, e.address, e.speakers, "
    "e.capacity, e.status, e.cancel_reason, e.uid, e.sequence, e.recording_url, e.reminder_hours, "
    "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'), "
    "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')";
constexpr const char* kFrom = " FROM events e JOIN organisations o ON o.id = e.org_id ";
const std::string kSelect = std::string(kColumns) + kFrom;

Event to_event(const db::Row& r) {
  using E = Event;
  return db::read_as<E>(r, &E::id, &E::org_id, &E::org_name, &E::kind, &E::title, &E::summary, &E::description,
                        &E::lang, &E::theme, &E::audience, &E::age_group, &E::starts_at, &E::ends_at, &E::time_zone,
                        &E::online, &E::join_url, &E::venue, &E::address, &E::speakers, &E::capacity, &E::status,
                        &E::cancel_reason, &E::uid, &E::sequence, &E::recording_url, &E::reminder_hours, &E::confirmed,
                        &E::waitlisted);
}

std::vector<Event> to_events(const db::Rows& rows) { return db::read_all(rows, to_event); }

// Locks the event row for the rest of the transaction. On SQLite the write transaction
// (BEGIN IMMEDIATE) already serialises writers.
std::optional<db::Row> lock_event(db::Connection& c, std::int64_t id) {
  return c.one(c.dialect() == db::Dialect::kPostgres
                   ? "SELECT capacity, status, ends_at FROM events WHERE id = ? FOR UPDATE"
                   : "SELECT capacity, status, ends_at FROM events WHERE id = ?",
               {id});
}

std::int64_t waitlist_position(db::Connection& c, std::int64_t event_id, std::int64_t seq) {
  return c.one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted' AND queue_seq <= ?",
               {event_id, seq})
      ->i64(0);
}

}  // namespace

std::vector<Event> list(db::Connection& c, const Filter& f, std::int64_t now, int limit, int offset) {
  db::ListQuery q(kSelect);
  q.where("e.status <> 'draft'")
      .where(f.past ? "e.ends_at < ?" : "e.ends_at >= ?", {now})
      .equals("e.kind", f.kind)
      .equals("e.theme", f.theme)
      .equals("e.audience", f.audience)
      .equals("e.age_group", f.age_group)
      .equals("e.lang", f.lang);
  if (f.mode == "online") q.where("e.online = 1");
  if (f.mode == "in_person") q.where("e.online = 0");
  q.equals("e.org_id", f.org_id);
  if (f.after && !f.past)  // a keyset cursor: the events after (starts_at, id)
    q.where("(e.starts_at > ? OR (e.starts_at = ? AND e.id > ?))", {f.after->first, f.after->first, f.after->second});
  q.order_by(f.past ? "e.starts_at DESC, e.id" : "e.starts_at, e.id").page(limit, offset);
  return to_events(q.run(c));
}

std::vector<Event> between(db::Connection& c, std::int64_t from, std::int64_t to) {
  return to_events(c.query(std::string(kSelect) +
                               "WHERE e.status <> 'draft' AND e.starts_at < ? AND e.ends_at >= ? ORDER BY e.starts_at, e.id",
                           {to, from}));
}

std::optional<Event> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelect) + "WHERE e.id = ?", {id}), to_event);
}

std::optional<Event> find_for(db::Connection& c, std::int64_t id, std::int64_t user_id, std::optional<Registration>& mine) {
  auto r = c.one(std::string(kColumns) +
                     ", rg.status, rg.attended, CASE WHEN rg.status = 'waitlisted' THEN (SELECT COUNT(*) FROM registrations w "
                     "WHERE w.event_id = e.id AND w.status = 'waitlisted' AND w.queue_seq <= rg.queue_seq) END" +
                     kFrom + "LEFT JOIN registrations rg ON rg.event_id = e.id AND rg.user_id = ? AND rg.status <> 'cancelled' "
                     "WHERE e.id = ?",
                 {user_id, id});
  mine.reset();
  if (!r) return std::nullopt;
  if (!r->is_null(28)) mine = Registration{r->str(28), r->opt_i64(30).value_or(0), r->opt_i64(29).value_or(0) == 1};
  return to_event(*r);
}

std::vector<Event> for_org(db::Connection& c, std::int64_t org_id) {
  return to_events(c.query(std::string(kSelect) + "WHERE e.org_id = ? ORDER BY e.starts_at DESC, e.id", {org_id}));
}

std::int64_t create(db::Connection& c, const Event& e, std::int64_t created_by) {
  auto now = util::now_unix();
  bool draft = e.status == "draft";
  auto id = c.insert(
      "INSERT INTO events (org_id, kind, title, summary, description, lang, theme, audience, age_group, starts_at, "
      "ends_at, time_zone, online, join_url, venue, address, speakers, capacity, reminder_hours, status, published_at, uid, "
      "sequence, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "0, ?, ?, ?) RETURNING id",
      {e.org_id, e.kind, e.title, e.summary, e.description, e.lang, e.theme, e.audience, e.age_group, e.starts_at,
       e.ends_at, e.time_zone, e.online, db::null_if_empty(e.join_url), db::null_if_empty(e.venue),
       db::null_if_empty(e.address), db::null_if_empty(e.speakers), e.capacity, e.reminder_hours,
       draft ? "draft" : "published", draft ? std::nullopt : std::optional<std::int64_t>(now),
       crypto::random_token(18) + "@cityskills", created_by ? std::optional<std::int64_t>(created_by) : std::nullopt,
       now, now});
  index(c, id);
  return id;
}

void update(db::Connection& c, const Event& e) {
  c.exec(
      "UPDATE events SET kind = ?, title = ?, summary = ?, description = ?, lang = ?, theme = ?, audience = ?, "
      "age_group = ?, starts_at = ?, ends_at = ?, time_zone = ?, online = ?, join_url = ?, venue = ?, address = ?, "
      "speakers = ?, capacity = ?, reminder_hours = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?",
      {e.kind, e.title, e.summary, e.description, e.lang, e.theme, e.audience, e.age_group, e.starts_at, e.ends_at,
       e.time_zone, e.online, db::null_if_empty(e.join_url), db::null_if_empty(e.venue), db::null_if_empty(e.address),
       db::null_if_empty(e.speakers), e.capacity, e.reminder_hours, util::now_unix(), e.id});
  index(c, e.id);
}

bool publish(db::Connection& c, std::int64_t id) {
  auto now = util::now_unix();
  if (c.exec("UPDATE events SET status = 'published', published_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
             {now, now, id}) == 0)
    return false;
  index(c, id);
  return true;
}

void index(db::Connection& c, std::int64_t id) {
  auto e = find(c, id);
  if (!e || e->status != "published") {  // a cancelled event is no longer offered
    search::remove(c, "event", id);
    return;
  }
  auto body = e->summary + "\n" + view::markdown_plain_text(e->description, search::kMaxBodyChars, true) + "\n" +
              e->speakers + "\n" + e->venue;
  search::put(c, {.kind = "event", .ref_id = e->id, .lang = e->lang, .org_id = e->org_id, .title = e->title,
                  .body = body, .url = "/events/" + std::to_string(e->id), .shown_at = e->starts_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM events WHERE status = 'published' ORDER BY id")) index(c, r.i64(0));
}

std::vector<std::pair<std::string, std::string>> cancel_event(db::Connection& c, std::int64_t id,
                                                              const std::string& reason) {
  c.exec("UPDATE events SET status = 'cancelled', cancel_reason = ?, sequence = sequence + 1, updated_at = ? "
         "WHERE id = ? AND status <> 'cancelled'",
         {reason, util::now_unix(), id});
  index(c, id);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : c.query(
           "SELECT u.email, u.lang FROM registrations r JOIN users u ON u.id = r.user_id "
           "WHERE r.event_id = ? AND r.status IN ('confirmed', 'waitlisted') ORDER BY r.queue_seq",
           {id}))
    out.emplace_back(r.str(0), r.str(1));
  return out;
}

RegisterResult register_user(db::Database& db, std::int64_t event_id, std::int64_t user_id, const Notify& notify) {
  return db::retry_busy([&] {
    return db.tx(db::TxKind::kWrite, [&](db::Connection& c) -> RegisterResult {
      auto ev = lock_event(c, event_id);
      if (!ev || ev->str(1) != "published" || ev->i64(2) < util::now_unix()) return {Outcome::kClosed, "", 0};
      auto existing = c.one("SELECT status, queue_seq FROM registrations WHERE event_id = ? AND user_id = ?",
                            {event_id, user_id});
      if (existing && existing->str(0) != "cancelled") {
        auto pos = existing->str(0) == "waitlisted" ? waitlist_position(c, event_id, existing->i64(1)) : 0;
        return {Outcome::kAlready, existing->str(0), pos};
      }
      auto confirmed = c.one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'",
                             {event_id})->i64(0);
      auto seq = c.one("SELECT COALESCE(MAX(queue_seq), 0) + 1 FROM registrations WHERE event_id = ?", {event_id})->i64(0);
      std::string status = confirmed < ev->i64(0) ? "confirmed" : "waitlisted";
      auto now = util::now_unix();
      if (existing)
        c.exec("UPDATE registrations SET status = ?, queue_seq = ?, updated_at = ? WHERE event_id = ? AND user_id = ?",
               {status, seq, now, event_id, user_id});
      else
        c.exec("INSERT INTO registrations (event_id, user_id, status, queue_seq, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               {event_id, user_id, status, seq, now, now});
      if (notify) notify(c, user_id, status);
      if (status == "confirmed") return {Outcome::kConfirmed, status, 0};
      return {Outcome::kWaitlisted, status, waitlist_position(c, event_id, seq)};
    });
  });
}

CancelResult cancel_registration(db::Database& db, std::int64_t event_id, std::int64_t user_id,
                                 const Notify& notify) {
  return db::retry_busy([&] {
    return db.tx(db::TxKind::kWrite, [&](db::Connection& c) -> CancelResult {
      auto ev = lock_event(c, event_id);
      if (!ev) return {};
      auto mine = c.one("SELECT status FROM registrations WHERE event_id = ? AND user_id = ?", {event_id, user_id});
      if (!mine || mine->str(0) == "cancelled") return {};
      auto now = util::now_unix();
      c.exec("UPDATE registrations SET status = 'cancelled', updated_at = ? WHERE event_id = ? AND user_id = ?",
             {now, event_id, user_id});
      CancelResult result{true, std::nullopt};
      // A freed seat goes to the first person waiting, in arrival order, exactly once.
      if (mine->str(0) == "confirmed" && ev->str(1) == "published") {
        auto confirmed = c.one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'",
                               {event_id})->i64(0);
        if (confirmed < ev->i64(0)) {
          if (auto next = c.one("SELECT user_id FROM registrations WHERE event_id = ? AND status = 'waitlisted' "
                                "ORDER BY queue_seq LIMIT 1",
                                {event_id})) {
            c.exec("UPDATE registrations SET status = 'confirmed', updated_at = ? WHERE event_id = ? AND user_id = ?",
                   {now, event_id, next->i64(0)});
            result.promoted_user = next->i64(0);
            if (notify) notify(c, next->i64(0), "promoted");
          }
        }
      }
      return result;
    });
  });
}

std::optional<Registration> registration_of(db::Connection& c, std::int64_t event_id, std::int64_t user_id) {
  auto r = c.one("SELECT status, queue_seq, attended FROM registrations WHERE event_id = ? AND user_id = ? AND status <> 'cancelled'",
                 {event_id, user_id});
  if (!r) return std::nullopt;
  Registration out{r->str(0), 0, r->opt_i64(2).value_or(0) == 1};
  if (out.status == "waitlisted") out.position = waitlist_position(c, event_id, r->i64(1));
  return out;
}

std::vector<Registrant> registrants(db::Connection& c, std::int64_t event_id) {
  return db::read_all(
      c.query(
          "SELECT u.id, u.display_name, u.email, r.status, r.created_at, r.queue_seq, r.attended FROM registrations r "
          "JOIN users u ON u.id = r.user_id WHERE r.event_id = ? AND r.status <> 'cancelled' "
          "ORDER BY CASE r.status WHEN 'confirmed' THEN 0 ELSE 1 END, r.queue_seq",
          {event_id}),
      [](const db::Row& r) {
        return Registrant{r.i64(0), r.str(1), r.str(2), r.str(3), r.i64(4), r.i64(5),
                          r.is_null(6) ? std::nullopt : std::optional<bool>(r.i64(6) != 0)};
      });
}

std::vector<EventFigures> org_figures(db::Connection& c, std::int64_t org_id) {
  return db::read_all(
      c.query("SELECT e.id, e.title, e.lang, e.status, e.time_zone, e.starts_at, "
              "COALESCE(SUM(CASE WHEN r.status = 'confirmed' THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN r.status = 'confirmed' AND r.attended = 1 THEN 1 ELSE 0 END), 0) "
              "FROM events e LEFT JOIN registrations r ON r.event_id = e.id WHERE e.org_id = ? "
              "GROUP BY e.id, e.title, e.lang, e.status, e.time_zone, e.starts_at ORDER BY e.starts_at DESC, e.id DESC",
              {org_id}),
      [](const db::Row& r) {
        return EventFigures{r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.i64(5), r.i64(6), r.i64(7), r.i64(8)};
      });
}

std::int64_t attended_count(db::Connection& c, std::int64_t event_id) {
  return c.one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed' AND attended = 1", {event_id})
      ->i64(0);
}

namespace {

// Attendance newly recorded is a learning record (web::learning_record: the xAPI outbox).
void record_attended(db::Connection& c, const Event& e, std::int64_t user_id) {
  web::LearningRecord r;
  r.user_id = user_id;
  r.verb = "attended";
  r.object_type = "event";
  r.object_path = "/events/" + std::to_string(e.id);
  r.object_name = e.title;
  r.lang = e.lang;
  r.registration_key = "event:" + std::to_string(e.id);
  r.completion = true;
  web::learning_record(c, r);
}

}  // namespace

bool mark_attendance(db::Connection& c, std::int64_t event_id, const std::vector<std::int64_t>& present) {
  auto now = util::now_unix();
  std::set<std::int64_t> confirmed, attended_before;
  for (const auto& r : c.query("SELECT user_id, attended FROM registrations WHERE event_id = ? AND status = 'confirmed'",
                               {event_id})) {
    confirmed.insert(r.i64(0));
    if (r.opt_i64(1).value_or(0) == 1) attended_before.insert(r.i64(0));
  }
  for (auto user : present)
    if (!confirmed.count(user)) return false;
  c.exec("UPDATE registrations SET attended = 0, updated_at = ? WHERE event_id = ? AND status = 'confirmed'",
         {now, event_id});
  for (auto user : present)
    c.exec("UPDATE registrations SET attended = 1, updated_at = ? WHERE event_id = ? AND user_id = ? "
           "AND status = 'confirmed'",
           {now, event_id, user});
  if (auto e = find(c, event_id))
    for (auto user : std::set<std::int64_t>(present.begin(), present.end()))
      if (!attended_before.count(user)) record_attended(c, *e, user);
  award_attendance(c, event_id);
  return true;
}

namespace {

// The attendance certificate of an event, as the credentials keep it.
credentials::Achievement attendance_achievement(const Event& e) {
  credentials::Achievement a;
  a.kind = "event";
  a.subject_id = e.id;
  a.lang = e.lang;
  a.title = e.title;
  a.description = e.summary;
  // The theme is a DigComp area: its number is the competence code.
  for (std::size_t i = 0; i < kThemes.size(); ++i)
    if (kThemes[i] == e.theme) a.competences.emplace_back(std::to_string(i + 1), "");
  a.issuer_org_ids = {e.org_id};
  a.evidence_json = "{\"event_kind\":\"" + e.kind + "\"}";
  a.achieved_at = e.ends_at > 0 ? e.ends_at : e.starts_at;
  return a;
}

}  // namespace

void award_attendance(db::Connection& c, std::int64_t event_id) {
  auto e = find(c, event_id);
  if (!e) return;
  auto a = attendance_achievement(*e);
  for (const auto& r : c.query("SELECT user_id FROM registrations WHERE event_id = ? AND attended = 1", {event_id}))
    credentials::award(c, r.i64(0), a);
}

void set_checkin_code(db::Connection& c, std::int64_t event_id, const std::string& code) {
  c.exec("UPDATE events SET checkin_code = ?, updated_at = ? WHERE id = ?", {code, util::now_unix(), event_id});
}

std::string checkin_code(db::Connection& c, std::int64_t event_id) {
  auto r = c.one("SELECT checkin_code FROM events WHERE id = ?", {event_id});
  return r ? r->str(0) : std::string();
}

CheckIn check_in(db::Connection& c, std::int64_t event_id, std::int64_t user_id) {
  auto r = c.one("SELECT status, attended FROM registrations WHERE event_id = ? AND user_id = ?", {event_id, user_id});
  if (!r || r->str(0) != "confirmed") return CheckIn::kNotRegistered;
  if (r->opt_i64(1).value_or(0) == 1) return CheckIn::kAlready;
  auto now = util::now_unix();
  if (c.exec("UPDATE registrations SET attended = 1, checked_in_at = ?, updated_at = ? WHERE event_id = ? AND user_id = ? "
             "AND status = 'confirmed' AND (attended IS NULL OR attended = 0)",
             {now, now, event_id, user_id}) == 0)
    return CheckIn::kAlready;
  // Only the person who checked in: the others present have theirs already.
  if (auto e = find(c, event_id)) {
    record_attended(c, *e, user_id);
    credentials::award(c, user_id, attendance_achievement(*e));
  }
  return CheckIn::kRecorded;
}

std::vector<Session> sessions(db::Connection& c, std::int64_t event_id) {
  return db::read_all(
      c.query("SELECT id, event_id, title, starts_at, ends_at, time_zone FROM event_sessions "
              "WHERE event_id = ? ORDER BY starts_at, id",
              {event_id}),
      [](const db::Row& r) { return Session{r.i64(0), r.i64(1), r.str(2), r.i64(3), r.i64(4), r.str(5)}; });
}

std::int64_t add_session(db::Connection& c, const Session& s) {
  auto now = util::now_unix();
  c.exec("UPDATE events SET sequence = sequence + 1, updated_at = ? WHERE id = ?", {now, s.event_id});
  return c.insert("INSERT INTO event_sessions (event_id, title, starts_at, ends_at, time_zone, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {s.event_id, s.title, s.starts_at, s.ends_at, s.time_zone, now, now});
}

bool delete_session(db::Connection& c, std::int64_t event_id, std::int64_t session_id) {
  auto n = c.exec("DELETE FROM event_sessions WHERE id = ? AND event_id = ?", {session_id, event_id});
  if (n) c.exec("UPDATE events SET sequence = sequence + 1, updated_at = ? WHERE id = ?", {util::now_unix(), event_id});
  return n == 1;
}

void reset_reminders(db::Connection& c, std::int64_t event_id) {
  c.exec("UPDATE registrations SET reminded_at = NULL WHERE event_id = ?", {event_id});
}

std::vector<Reminded> to_remind(db::Connection& c, std::int64_t event_id) {
  return db::read_all(
      c.query("SELECT r.id, u.email, u.lang, u.display_name FROM registrations r JOIN users u ON u.id = r.user_id "
              "WHERE r.event_id = ? AND r.status = 'confirmed' AND r.reminded_at IS NULL ORDER BY r.queue_seq",
              {event_id}),
      [](const db::Row& r) {
        using R = Reminded;
        return db::read_as<R>(r, &R::registration_id, &R::email, &R::lang, &R::name);
      });
}

void mark_reminded(db::Connection& c, std::int64_t registration_id, std::int64_t at) {
  c.exec("UPDATE registrations SET reminded_at = ? WHERE id = ?", {at, registration_id});
}

void set_recording(db::Connection& c, std::int64_t event_id, const std::string& url) {
  c.exec("UPDATE events SET recording_url = ?, updated_at = ? WHERE id = ?",
         {url.empty() ? db::Param(nullptr) : db::Param(url), util::now_unix(), event_id});
}

std::vector<Event> registered_events(db::Connection& c, std::int64_t user_id) {
  return to_events(c.query(std::string(kSelect) +
                               "JOIN registrations rg ON rg.event_id = e.id AND rg.user_id = ? "
                               "AND rg.status IN ('confirmed', 'waitlisted') ORDER BY e.starts_at, e.id",
                           {user_id}));
}

std::string rotate_feed(db::Connection& c, std::int64_t user_id) {
  auto token = crypto::random_token(32);
  auto now = util::now_unix();
  c.exec("DELETE FROM calendar_feeds WHERE user_id = ?", {user_id});
  c.exec("INSERT INTO calendar_feeds (user_id, token_hash, created_at, updated_at) VALUES (?, ?, ?, ?)",
         {user_id, crypto::sha256_hex(token), now, now});
  return token;
}

void revoke_feed(db::Connection& c, std::int64_t user_id) {
  c.exec("DELETE FROM calendar_feeds WHERE user_id = ?", {user_id});
}

bool has_feed(db::Connection& c, std::int64_t user_id) {
  return c.one("SELECT 1 FROM calendar_feeds WHERE user_id = ?", {user_id}).has_value();
}

std::optional<std::int64_t> feed_owner(db::Connection& c, std::string_view token) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  return db::id_of(c.one("SELECT user_id FROM calendar_feeds WHERE token_hash = ?", {crypto::sha256_hex(token)}));
}

}  // namespace cityskills::events::store

namespace cityskills::events {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::events
