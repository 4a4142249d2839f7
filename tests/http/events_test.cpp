// Events through the real server: browsing, registration with waiting list and e-mails,
// calendar feeds, and the organiser's pages with their access checks.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "features/events/api.hpp"
#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

struct World {
  std::int64_t org_a = 0, org_b = 0, author_a = 0;
  std::string author_email;
};

World make_world(TestServer& s) {
  auto orgs = test::city_and_partner(s);
  auto author = test::make_person(s, "author", orgs.a, "author");
  return {orgs.a, orgs.b, author.id, author.email};
}

// An event of `org` with `capacity` seats, for people over 65: online, or at a pharmacy.
std::int64_t add_event(TestServer& s, std::int64_t org, int capacity, const std::string& title = "Digital talk",
                       bool online = true, std::int64_t starts_in = 86400) {
  auto e = test::event_of(org, title, starts_in);
  e.kind = online ? "webinar" : "in_person";
  e.age_group = "over_65";
  e.online = online;
  e.join_url = online ? "https://meet.example.org/secret-room" : "";
  e.venue = online ? "" : "Farmacia Centrale";
  e.address = online ? "" : "Piazza 1";
  e.capacity = capacity;
  return test::add_event(s, e);
}

std::vector<std::pair<std::string, std::string>> event_form(std::int64_t org, const std::string& date,
                                                             const std::string& start, const std::string& end,
                                                             const std::string& capacity = "20") {
  return {{"org_id", std::to_string(org)}, {"kind", "webinar"},   {"title", "New webinar"},
          {"summary", "About passwords"},  {"description", "Plan"}, {"lang", "it"},
          {"theme", "safety"},             {"audience", "citizen"}, {"age_group", "over_65"},
          {"date", date},                  {"start_time", start},   {"end_date", ""},
          {"end_time", end},               {"time_zone", "Europe/Rome"}, {"online", "1"},
          {"join_url", "https://meet.example.org/new"}, {"venue", ""}, {"address", ""},
          {"speakers", "Anna"},            {"capacity", capacity}, {"reminder_hours", "24"}};
}

}  // namespace

TEST(Events, ListFiltersAndRejectsUnknownFilterValues) {
  TestServer s;
  auto w = make_world(s);
  add_event(s, w.org_a, 10, "Pharmacy info point", false);
  add_event(s, w.org_b, 10, "Nordic webinar", true);
  add_event(s, w.org_a, 10, "Old talk", true, -10 * 86400);
  Client c = s.client();
  auto all = c.get("/events");
  EXPECT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("Pharmacy info point"), std::string::npos);
  EXPECT_NE(all.body.find("Nordic webinar"), std::string::npos);
  EXPECT_EQ(all.body.find("Old talk"), std::string::npos);
  auto in_person = c.get("/events?mode=in_person");
  EXPECT_NE(in_person.body.find("Pharmacy info point"), std::string::npos);
  EXPECT_EQ(in_person.body.find("Nordic webinar"), std::string::npos);
  auto by_org = c.get("/events?org=partner-b");
  EXPECT_EQ(by_org.body.find("Pharmacy info point"), std::string::npos);
  EXPECT_NE(c.get("/events?past=1").body.find("Old talk"), std::string::npos);
  EXPECT_EQ(c.get("/events?kind=rave").status, 400);
  EXPECT_EQ(c.get("/events?theme=1%20OR%201=1").status, 400);
  EXPECT_EQ(c.get("/events?org=nowhere").status, 400);
  EXPECT_EQ(c.get("/events?kind=webinar&kind=bootcamp").status, 400);
  EXPECT_EQ(c.get("/events?page=2&page=3").status, 400);
  EXPECT_EQ(c.get("/events?lang_filter=xx").status, 400);
  EXPECT_EQ(c.get("/events?mode=both").status, 400);
  // The page number is clamped; the links to other pages keep the filters chosen, past included.
  auto low = c.get("/events?page=-3");
  EXPECT_EQ(low.status, 200);
  EXPECT_NE(low.body.find("Pharmacy info point"), std::string::npos);
  auto far = c.get("/events?mode=online&org=partner-b&past=1&unknown=1&page=99999");
  ASSERT_EQ(far.status, 200);
  EXPECT_NE(far.body.find("href=\"/events?mode=online&amp;org=partner-b&amp;past=1&amp;page=9999\""), std::string::npos);
  auto chosen = c.get("/events?mode=online");
  EXPECT_NE(chosen.body.find("<option value=\"online\" selected>"), std::string::npos);
  EXPECT_EQ(c.get("/events/calendar").status, 200);
  auto home = c.get("/");
  EXPECT_NE(home.body.find("Pharmacy info point"), std::string::npos);  // the next events on the home page
  EXPECT_EQ(home.body.find("Old talk"), std::string::npos);
  EXPECT_EQ(c.get("/events/calendar?month=2026-13").status, 400);
  EXPECT_EQ(c.get("/events/calendar?month=nonsense").status, 400);
}

TEST(Events, PageHasJsonLdAndHidesTheJoinLinkFromStrangers) {
  TestServer s;
  auto w = make_world(s);
  auto id = add_event(s, w.org_a, 5, "Safe banking </script><script>alert(1)</script>");
  Client c = s.client();
  auto page = c.get("/events/" + std::to_string(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Event\""),
            std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.body.find("secret-room"), std::string::npos);
  EXPECT_EQ(test::count(page.body, "<h1"), 1);
  EXPECT_EQ(c.get("/events/999999").status, 404);
  EXPECT_EQ(c.get("/events/abc").status, 404);
  auto ics = c.get("/events/" + std::to_string(id) + "/event.ics");
  EXPECT_EQ(ics.status, 200);
  EXPECT_EQ(ics.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(ics.body.find("secret-room"), std::string::npos);
}

TEST(Events, RegisterWaitlistCancelPromoteWithMails) {
  TestServer s;
  auto w = make_world(s);
  // Two days ahead: a day-before reminder falls due later, so the only mails are the ones checked.
  auto id = add_event(s, w.org_a, 1, "Tiny workshop", true, 2 * 86400);
  auto path = "/events/" + std::to_string(id);
  auto first = test::unique_email("first"), second = test::unique_email("second");
  s.add_user(first, test::kPassword);
  s.add_user(second, test::kPassword);
  Client a = s.signed_in(first, test::kPassword), b = s.signed_in(second, test::kPassword);

  // Anonymous visitors are offered to sign in first, and come back to the event.
  Client anon = s.client();
  EXPECT_NE(anon.get(path).body.find("/login?next=/events/" + std::to_string(id)), std::string::npos);

  a.get(path);
  auto r1 = a.post(path + "/register", {});
  EXPECT_EQ(r1.status, 303);
  auto page_a = a.get(path);
  EXPECT_NE(page_a.body.find("secret-room"), std::string::npos);  // confirmed people see the link
  auto mail_a = test::wait_for_mail(first);
  ASSERT_TRUE(mail_a);
  auto invite = test::attachment_text(*mail_a, "invite.ics");
  EXPECT_NE(invite.find("METHOD:REQUEST"), std::string::npos);
  EXPECT_NE(invite.find("BEGIN:VEVENT"), std::string::npos);

  b.get(path);
  b.post(path + "/register", {});
  auto page_b = b.get(path);
  EXPECT_NE(page_b.body.find("number 1 on the waiting list"), std::string::npos);
  EXPECT_EQ(page_b.body.find("secret-room"), std::string::npos);
  // Registering twice changes nothing.
  b.post(path + "/register", {});
  {
    auto c = s.db().acquire();
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ?", {id})->i64(0), 2);
  }
  ASSERT_TRUE(test::wait_for_mail(second));

  // The confirmed person cancels: the waiting person gets the place and an e-mail.
  a.get(path);
  EXPECT_EQ(a.post(path + "/unregister", {}).status, 303);
  auto promoted = test::wait_for_mail(second, 2);
  ASSERT_TRUE(promoted);
  EXPECT_NE(test::attachment_text(*promoted, "invite.ics").find("secret-room"), std::string::npos);
  EXPECT_NE(b.get(path).body.find("secret-room"), std::string::npos);
}

namespace {

// Makes every new job fail to be written (a trigger on the jobs table), as a database that goes
// away between the registration and its e-mail would; `false` removes the trigger again.
void jobs_fail(TestServer& s, bool on) {
  auto c = s.db().acquire();
  if (c->dialect() == db::Dialect::kSqlite) {
    c->exec_script(on ? "CREATE TRIGGER jobs_fail BEFORE INSERT ON jobs BEGIN SELECT RAISE(ABORT, 'jobs unavailable'); END;"
                      : "DROP TRIGGER jobs_fail;");
  } else {
    c->exec_script(on ? "CREATE FUNCTION jobs_fail() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN RAISE EXCEPTION 'jobs unavailable'; END $$; "
                        "CREATE TRIGGER jobs_fail BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_fail();"
                      : "DROP TRIGGER jobs_fail ON jobs; DROP FUNCTION jobs_fail();");
  }
}

std::int64_t mail_jobs_to(TestServer& s, const std::string& email) {
  auto c = s.db().acquire();
  std::int64_t n = 0;
  for (const auto& r : c->query("SELECT payload FROM jobs WHERE kind = 'mail'"))
    if (r.str(0).find("\"" + email + "\"") != std::string::npos) ++n;
  return n;
}

std::string registration_status(TestServer& s, std::int64_t event_id, std::int64_t user_id) {
  auto c = s.db().acquire();
  auto r = c->one("SELECT status FROM registrations WHERE event_id = ? AND user_id = ?", {event_id, user_id});
  return r ? r->str(0) : "";
}

}  // namespace

TEST(Events, RegistrationAndItsEmailAreWrittenTogether) {
  TestServer s;
  s.services().jobs->stop();  // the queued jobs stay in the table to be counted
  auto w = make_world(s);
  auto id = add_event(s, w.org_a, 1, "One seat");
  auto path = "/events/" + std::to_string(id);
  auto first = test::unique_email("first"), second = test::unique_email("second");
  auto first_id = s.add_user(first, test::kPassword), second_id = s.add_user(second, test::kPassword);
  Client a = s.signed_in(first, test::kPassword), b = s.signed_in(second, test::kPassword);

  a.get(path);
  EXPECT_EQ(a.post(path + "/register", {}).status, 303);
  EXPECT_EQ(registration_status(s, id, first_id), "confirmed");
  EXPECT_EQ(mail_jobs_to(s, first), 1);

  // The e-mail cannot be queued: the registration is not kept either, so registering again
  // later is a fresh registration with its e-mail, not "already registered" without one.
  jobs_fail(s, true);
  b.get(path);
  EXPECT_EQ(b.post(path + "/register", {}).status, 500);
  EXPECT_EQ(registration_status(s, id, second_id), "");
  jobs_fail(s, false);
  b.get(path);
  EXPECT_EQ(b.post(path + "/register", {}).status, 303);
  EXPECT_EQ(registration_status(s, id, second_id), "waitlisted");
  EXPECT_EQ(mail_jobs_to(s, second), 1);

  // Likewise a cancellation that promotes someone from the waiting list: the seat and the
  // promoted person's e-mail go together.
  jobs_fail(s, true);
  a.get(path);
  EXPECT_EQ(a.post(path + "/unregister", {}).status, 500);
  EXPECT_EQ(registration_status(s, id, first_id), "confirmed");
  EXPECT_EQ(registration_status(s, id, second_id), "waitlisted");
  jobs_fail(s, false);
  a.get(path);
  EXPECT_EQ(a.post(path + "/unregister", {}).status, 303);
  EXPECT_EQ(registration_status(s, id, first_id), "cancelled");
  EXPECT_EQ(registration_status(s, id, second_id), "confirmed");
  EXPECT_EQ(mail_jobs_to(s, second), 2);
  EXPECT_EQ(mail_jobs_to(s, first), 1);
}

TEST(Events, PersonalFeedIsPrivateAndRevocable) {
  TestServer s;
  auto w = make_world(s);
  auto id = add_event(s, w.org_a, 5, "Feed event");
  auto email = test::unique_email("feed");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/events/" + std::to_string(id));
  c.post("/events/" + std::to_string(id) + "/register", {});
  c.get("/events/mine");
  auto created = c.post("/events/mine", {{"action", "rotate"}});
  ASSERT_EQ(created.status, 200);
  auto at = created.body.find("/calendar/");
  ASSERT_NE(at, std::string::npos);
  auto feed = created.body.substr(at, created.body.find(".ics", at) + 4 - at);
  auto ics = s.client().get(feed);
  EXPECT_EQ(ics.status, 200);
  EXPECT_NE(ics.body.find("SUMMARY:Feed event"), std::string::npos);
  EXPECT_NE(ics.body.find("secret-room"), std::string::npos);
  EXPECT_EQ(s.client().get("/calendar/not-a-token.ics").status, 404);
  c.get("/events/mine");
  c.post("/events/mine", {{"action", "revoke"}});
  EXPECT_EQ(s.client().get(feed).status, 404);
  auto all = s.client().get("/events.ics?org=city-a");
  EXPECT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("SUMMARY:Feed event"), std::string::npos);
  EXPECT_EQ(all.body.find("secret-room"), std::string::npos);
}

TEST(Events, OrganiserCreatesEditsAndCancelsWithClearErrors) {
  TestServer s;
  auto w = make_world(s);
  Client c = s.signed_in(w.author_email, test::kPassword);
  ASSERT_EQ(c.get("/events/new").status, 200);
  // Bad inputs: each named, nothing saved.
  auto gap = c.post("/events/new", event_form(w.org_a, "2027-03-28", "02:30", "03:30"));
  EXPECT_EQ(gap.status, 422);
  EXPECT_NE(gap.body.find("href=\"#start_time\""), std::string::npos);
  EXPECT_NE(gap.body.find("clocks change"), std::string::npos);
  auto backwards = c.post("/events/new", event_form(w.org_a, "2027-05-10", "15:00", "14:00"));
  EXPECT_EQ(backwards.status, 422);
  EXPECT_NE(backwards.body.find("The end must be after the start"), std::string::npos);
  EXPECT_NE(backwards.body.find("value=\"New webinar\""), std::string::npos);  // input kept
  EXPECT_EQ(c.post("/events/new", event_form(w.org_a, "2027-05-10", "15:00", "16:00", "-3")).status, 422);
  EXPECT_EQ(c.post("/events/new", event_form(w.org_a, "2027-05-32", "15:00", "16:00")).status, 422);
  auto other_org = c.post("/events/new", event_form(w.org_b, "2027-05-10", "15:00", "16:00"));
  EXPECT_EQ(other_org.status, 422);
  EXPECT_NE(other_org.body.find("href=\"#org_id\""), std::string::npos);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT COUNT(*) FROM events")->i64(0), 0);
  }
  auto ok = c.post("/events/new", event_form(w.org_a, "2027-05-10", "15:00", "16:00"));
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto location = ok.header("location");
  auto id = std::stoll(location.substr(location.rfind('/') + 1));
  {
    auto db = s.db().acquire();
    auto e = events::store::find(*db, id);
    EXPECT_EQ(e->starts_at, 1809954000);  // 2027-05-10 15:00 in Rome is 13:00 UTC
    EXPECT_EQ(e->time_zone, "Europe/Rome");
  }
  // Capacity cannot drop below the people already registered.
  auto guest = test::unique_email("guest");
  s.add_user(guest, test::kPassword);
  Client g = s.signed_in(guest, test::kPassword);
  g.get(location);
  g.post(location + "/register", {});
  c.get(location + "/edit");
  auto shrink = c.post(location + "/edit", event_form(w.org_a, "2027-05-10", "15:00", "16:00", "0"));
  EXPECT_EQ(shrink.status, 422);
  auto edit = c.post(location + "/edit", event_form(w.org_a, "2027-05-10", "15:30", "16:30", "30"));
  EXPECT_EQ(edit.status, 303);
  // The registrant list, and its CSV with formula cells neutralised.
  {
    auto db = s.db().acquire();
    db->exec("UPDATE users SET display_name = '=HYPERLINK(\"http://evil\")' WHERE email = ?", {guest});
  }
  EXPECT_EQ(c.get(location + "/registrants").status, 200);
  auto csv = c.get(location + "/registrants.csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos);
  // Cancel with a reason: registrants get an e-mail with a CANCEL invitation.
  c.get(location + "/cancel");
  EXPECT_EQ(c.post(location + "/cancel", {{"reason", ""}}).status, 422);
  EXPECT_EQ(c.post(location + "/cancel", {{"reason", "The speaker is ill"}}).status, 303);
  auto mails = 0;
  for (int n = 1; n <= 3; ++n)
    if (auto m = test::wait_for_mail(guest, n, n == 1 ? 10000 : 3000))
      if (test::attachment_text(*m, "invite.ics").find("METHOD:CANCEL") != std::string::npos) ++mails;
  EXPECT_EQ(mails, 1);
  g.get(location);
  EXPECT_EQ(g.post(location + "/register", {}).status, 409);
}

TEST(Events, OrganiserPagesAreClosedToOtherOrganisationsAndLearners) {
  TestServer s;
  auto w = make_world(s);
  auto b_event = add_event(s, w.org_b, 5, "Partner event");
  auto b_path = "/events/" + std::to_string(b_event);
  Client author = s.signed_in(w.author_email, test::kPassword);
  for (const auto& p : {b_path + "/edit", b_path + "/registrants", b_path + "/registrants.csv", b_path + "/cancel"})
    EXPECT_EQ(author.get(p).status, 404) << p;
  author.get("/events/new");
  EXPECT_EQ(author.post(b_path + "/edit", event_form(w.org_b, "2027-05-10", "15:00", "16:00")).status, 404);
  EXPECT_EQ(author.post(b_path + "/cancel", {{"reason", "hijack"}}).status, 404);
  auto learner = test::unique_email("learner");
  s.add_user(learner, test::kPassword);
  Client l = s.signed_in(learner, test::kPassword);
  EXPECT_EQ(l.get("/events/new").status, 403);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT status FROM events WHERE id = ?", {b_event})->str(0), "published");
}

}  // namespace cityskills

namespace cityskills {

// The reminder job survives restarts and never sends twice: each registration is marked in
// the same transaction that queues its e-mail.
TEST(Events, ReminderGoesOutOnceToConfirmedPeople) {
  TestServer s;
  auto w = make_world(s);
  auto id = add_event(s, w.org_a, 1, "Reminder event", true, 3600);  // within the reminder lead
  auto in = test::unique_email("remind"), waiting = test::unique_email("waiting");
  auto in_id = s.add_user(in, test::kPassword), waiting_id = s.add_user(waiting, test::kPassword);
  events::store::register_user(s.db(), id, in_id);
  events::store::register_user(s.db(), id, waiting_id);
  s.db().tx(db::TxKind::kWrite, [&](db::Tx& c) { events::schedule_reminder(c, *events::store::find(c, id)); });
  s.services().jobs->wake();
  auto mail = test::wait_for_mail(in);
  ASSERT_TRUE(mail);
  EXPECT_NE(mail->subject.find("Reminder event"), std::string::npos);
  // A second run of the same job (a restart, another node) sends nothing more.
  s.db().tx(db::TxKind::kWrite, [&](db::Tx& c) { events::schedule_reminder(c, *events::store::find(c, id)); });
  s.services().jobs->wake();
  EXPECT_FALSE(test::wait_for_mail(in, 2, 1500));
  EXPECT_FALSE(test::wait_for_mail(waiting, 1, 500));
}

}  // namespace cityskills

namespace cityskills {

TEST(Events, OrganiserMarksAttendanceAddsRecordingAndDuplicates) {
  TestServer s;
  auto w = make_world(s);
  auto past = add_event(s, w.org_a, 5, "Finished webinar", true, -7200);
  auto future = add_event(s, w.org_a, 5, "Future webinar");
  auto guest = test::unique_email("came"), absent = test::unique_email("absent");
  auto guest_id = s.add_user(guest, test::kPassword), absent_id = s.add_user(absent, test::kPassword);
  {
    // Registered before the event started.
    auto c = s.db().acquire();
    for (auto u : {guest_id, absent_id})
      c->exec("INSERT INTO registrations (event_id, user_id, status, queue_seq, created_at, updated_at) "
              "VALUES (?, ?, 'confirmed', ?, 0, 0)",
              {past, u, u});
  }
  Client c = s.signed_in(w.author_email, test::kPassword);
  auto base = "/events/" + std::to_string(past);
  ASSERT_EQ(c.get(base + "/registrants").status, 200);
  EXPECT_EQ(c.post(base + "/attendance", {{"present", std::to_string(guest_id)}}).status, 303);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT attended FROM registrations WHERE event_id = ? AND user_id = ?", {past, guest_id})->i64(0), 1);
    EXPECT_EQ(db->one("SELECT attended FROM registrations WHERE event_id = ? AND user_id = ?", {past, absent_id})->i64(0), 0);
  }
  EXPECT_EQ(c.post(base + "/attendance", {{"present", "abc"}}).status, 400);
  EXPECT_EQ(c.post(base + "/attendance", {{"score", "100"}}).status, 400);
  c.get("/events/" + std::to_string(future) + "/registrants");
  EXPECT_EQ(c.post("/events/" + std::to_string(future) + "/attendance", {}).status, 409);

  c.get(base + "/registrants");
  EXPECT_EQ(c.post(base + "/recording", {{"recording_url", "javascript:alert(1)"}}).status, 422);
  EXPECT_EQ(c.post(base + "/recording", {{"recording_url", "https://video.example.org/finished"}}).status, 303);
  EXPECT_NE(s.client().get(base).body.find("https://video.example.org/finished"), std::string::npos);

  c.get(base + "/registrants");
  auto dup = c.post(base + "/duplicate", {});
  ASSERT_EQ(dup.status, 303);
  EXPECT_TRUE(dup.header("location").ends_with("/edit"));
  auto db = s.db().acquire();
  auto copy = db->one("SELECT id, starts_at, uid FROM events WHERE title = 'Finished webinar' AND id <> ?", {past});
  ASSERT_TRUE(copy);
  EXPECT_GT(copy->i64(1), util::now_unix());
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM registrations WHERE event_id = ?", {copy->i64(0)})->i64(0), 0);

  // Another organisation's author can do none of this.
  auto other = test::unique_email("other");
  auto other_id = s.add_user(other, test::kPassword);
  orgs::store::grant(*db, other_id, w.org_b, "author");
  Client o = s.signed_in(other, test::kPassword);
  o.get("/events/new");
  EXPECT_EQ(o.post(base + "/attendance", {}).status, 404);
  EXPECT_EQ(o.post(base + "/recording", {{"recording_url", "https://evil.example.org"}}).status, 404);
  EXPECT_EQ(o.post(base + "/duplicate", {}).status, 404);
}

}  // namespace cityskills

namespace cityskills {

TEST(Events, BootcampSessionsInSeveralTimeZones) {
  TestServer s;
  auto w = make_world(s);
  Client c = s.signed_in(w.author_email, test::kPassword);
  c.get("/events/new");
  auto form = event_form(w.org_a, "2027-06-14", "08:00", "18:00");
  for (auto& [k, v] : form)
    if (k == "end_date") v = "2027-06-16";
  auto created = c.post("/events/new", form);
  ASSERT_EQ(created.status, 303) << created.body;
  auto base = created.header("location");
  ASSERT_EQ(c.get(base + "/sessions").status, 200);
  auto add = [&](const std::string& title, const std::string& date, const std::string& from, const std::string& to,
                 const std::string& zone) {
    return c.post(base + "/sessions", {{"session_title", title}, {"session_date", date}, {"session_start", from},
                                       {"session_end", to}, {"session_zone", zone}});
  };
  EXPECT_EQ(add("Day 1 in Rome", "2027-06-14", "09:00", "12:00", "Europe/Rome").status, 303);
  EXPECT_EQ(add("Day 3 in Helsinki", "2027-06-16", "13:00", "16:00", "Europe/Helsinki").status, 303);
  auto outside = add("Too late", "2027-06-20", "09:00", "10:00", "Europe/Rome");
  EXPECT_EQ(outside.status, 422);
  EXPECT_NE(outside.body.find("between the start and the end"), std::string::npos);
  EXPECT_NE(outside.body.find("value=\"Too late\""), std::string::npos);
  EXPECT_EQ(add("", "2027-06-15", "09:00", "10:00", "Europe/Rome").status, 422);
  EXPECT_EQ(add("Bad zone", "2027-06-15", "09:00", "10:00", "Mars/Olympus").status, 422);
  auto page = s.client().get(base);
  EXPECT_NE(page.body.find("Day 1 in Rome"), std::string::npos);
  EXPECT_NE(page.body.find("Day 3 in Helsinki"), std::string::npos);
  EXPECT_NE(page.body.find("data-zone=\"Europe/Helsinki\""), std::string::npos);
  auto db = s.db().acquire();
  auto helsinki = db->one("SELECT id, starts_at FROM event_sessions WHERE title = 'Day 3 in Helsinki'");
  EXPECT_EQ(helsinki->i64(1), 1813140000);  // 2027-06-16 13:00 EEST = 10:00 UTC
  // Another organisation's author cannot remove it.
  auto other = test::unique_email("other");
  auto other_id = s.add_user(other, test::kPassword);
  orgs::store::grant(*db, other_id, w.org_b, "author");
  Client o = s.signed_in(other, test::kPassword);
  o.get("/events/new");
  EXPECT_EQ(o.post(base + "/sessions/" + std::to_string(helsinki->i64(0)) + "/delete", {}).status, 404);
  c.get(base + "/sessions");
  EXPECT_EQ(c.post(base + "/sessions/" + std::to_string(helsinki->i64(0)) + "/delete", {}).status, 303);
  EXPECT_EQ(c.post(base + "/sessions/" + std::to_string(helsinki->i64(0)) + "/delete", {}).status, 404);
}

TEST(Events, OrganiserChoosesTheReminderLeadOrNone) {
  TestServer s;
  auto w = make_world(s);
  Client c = s.signed_in(w.author_email, test::kPassword);
  c.get("/events/new");
  auto form = event_form(w.org_a, "2027-05-10", "15:00", "16:00");
  for (auto& [k, v] : form)
    if (k == "reminder_hours") v = "7";
  EXPECT_EQ(c.post("/events/new", form).status, 422);
  for (auto& [k, v] : form)
    if (k == "reminder_hours") v = "0";
  ASSERT_EQ(c.post("/events/new", form).status, 303);
  for (auto& [k, v] : form)
    if (k == "reminder_hours") v = "2";
  ASSERT_EQ(c.post("/events/new", form).status, 303);
  auto db = s.db().acquire();
  auto jobs = db->query("SELECT run_at FROM jobs WHERE kind = 'event_reminder'");
  ASSERT_EQ(jobs.size(), 1u);  // none for the event without a reminder
  EXPECT_EQ(jobs[0].i64(0), 1809954000 - 2 * 3600);
}

}  // namespace cityskills

namespace cityskills {

// The same storm through HTTP: 2,000 signed-in people press "Register" at once for 100 seats.
TEST(Events, TwoThousandSimultaneousRegistrationsOverHttpForHundredSeats) {
  TestServer s;
  s.services().jobs->stop();  // 2,000 confirmation e-mails would only flood the shared SMTP sink
  auto w = make_world(s);
  auto id = add_event(s, w.org_a, 100, "Storm");
  std::vector<std::pair<std::string, std::string>> people;  // session cookie, csrf token
  std::string secret = s.services().secret;
  s.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    for (int i = 0; i < 2000; ++i) {
      auto user = c.insert("INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, "
                           "updated_at) VALUES (?, 'x', ?, 'en', ?, ?, ?) RETURNING id",
                           {"storm" + std::to_string(i) + "@example.org", "P" + std::to_string(i), now, now, now});
      auto token = crypto::random_token(32);
      c.exec("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
             {crypto::sha256_hex(token), user, now + 3600, now, now});
      people.emplace_back(token, crypto::hmac_hex(secret, "csrf|s|" + token));
    }
  });
  std::atomic<int> next{0}, redirected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < 2000; i = next++) {
        auto body = "_csrf=" + people[static_cast<std::size_t>(i)].second;
        auto r = test::send_raw(s.port(), "POST /events/" + std::to_string(id) + "/register HTTP/1.1\r\nHost: x\r\n"
                                          "Cookie: cs_session=" + people[static_cast<std::size_t>(i)].first +
                                              "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                                30000);
        if (r.status == 303) ++redirected;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(redirected, 2000);
  auto c = s.db().acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'", {id})->i64(0), 100);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted'", {id})->i64(0), 1900);
  auto gaps = c->one("SELECT COUNT(DISTINCT queue_seq), MIN(queue_seq), MAX(queue_seq) FROM registrations WHERE event_id = ?", {id});
  EXPECT_EQ(gaps->i64(0), 2000);
  EXPECT_EQ(gaps->i64(1), 1);
  EXPECT_EQ(gaps->i64(2), 2000);
  // The confirmed are exactly the first 100 to arrive.
  EXPECT_EQ(c->one("SELECT MAX(queue_seq) FROM registrations WHERE event_id = ? AND status = 'confirmed'", {id})->i64(0), 100);
}

}  // namespace cityskills
