// The REST API's resources through the real server: courses (cursor paging, drafts hidden as
// on the pages), enrolments (oneself, or a member by an organisation's admin), people (an
// organisation's admin sees and changes only their organisation's people), events and
// registrations; and bodies the API refuses — malformed JSON, unknown fields, wrong types,
// huge or not JSON — with nothing changed.
#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "features/credentials/api.hpp"
#include "features/paths/store.hpp"
#include "http/api_support.hpp"
#include "support/builder.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {

using test::TestServer;
using test::api::call;
using test::api::item_ids;
using test::api::make_token;
using test::api::member;
using test::api::number;

std::int64_t count(TestServer& s, const std::string& sql, const db::Params& p = {}) {
  auto c = s.db().acquire();
  return c->one(sql, p)->i64(0);
}

// Someone whose home organisation is `org` (no role in it).
test::Person citizen_of(TestServer& s, const std::string& tag, std::int64_t org) {
  auto p = test::make_person(s, tag);
  auto c = s.db().acquire();
  c->exec("UPDATE users SET org_id = ? WHERE id = ?", {org, p.id});
  return p;
}

TEST(ApiCourses, CursorPagingVisitsEveryCourseOnceAndRefusesTampering) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  std::set<std::int64_t> published;
  for (int i = 0; i < 5; ++i) published.insert(test::add_course(s, test::course_of(orgs.a, "Course " + std::to_string(i)), true));
  auto draft = test::add_course(s, test::course_of(orgs.b, "Draft of B"));
  auto reader = make_token(s, test::make_person(s, "reader").id, "courses:read");

  std::set<std::int64_t> seen;
  std::string next = "/api/v1/courses?limit=2&lang=en";
  int pages = 0;
  while (!next.empty() && pages < 10) {
    auto r = call(s, "GET", next, reader);
    ASSERT_EQ(r.status, 200) << r.body;
    for (auto id : item_ids(r.body)) EXPECT_TRUE(seen.insert(id).second) << "seen twice: " << id;
    auto cursor = member(r.body, "next_cursor");
    next = cursor.empty() ? "" : "/api/v1/courses?limit=2&lang=en&cursor=" + cursor;
    ++pages;
  }
  EXPECT_EQ(seen, published);
  EXPECT_EQ(pages, 3);

  auto first = call(s, "GET", "/api/v1/courses?limit=2&lang=en", reader);
  auto cursor = member(first.body, "next_cursor");
  ASSERT_FALSE(cursor.empty());
  auto tampered = cursor;
  tampered[0] = tampered[0] == '9' ? '8' : '9';
  auto bad = call(s, "GET", "/api/v1/courses?cursor=" + tampered, reader);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(member(bad.body, "code"), "api.errors.bad_cursor");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses?cursor=abc", reader).body, "code"), "api.errors.bad_cursor");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses?limit=0", reader).body, "code"), "api.errors.bad_limit");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses?limit=101", reader).body, "code"), "api.errors.bad_limit");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses?sort=title", reader).body, "code"), "api.errors.unknown_parameter");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses?lang=xx", reader).body, "code"), "api.errors.bad_parameter");
  EXPECT_EQ(call(s, "GET", "/api/v1/courses?limit=1&limit=2", reader).status, 400);

  // A course's detail; a draft only for its organisation's authors, as on the pages.
  auto one = call(s, "GET", "/api/v1/courses/" + std::to_string(*published.begin()), reader);
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(number(one.body, "id"), *published.begin());
  EXPECT_EQ(call(s, "GET", "/api/v1/courses/" + std::to_string(draft), reader).status, 404);
  auto author_b = make_token(s, test::make_person(s, "author-b", orgs.b, "author").id, "courses:read");
  EXPECT_EQ(call(s, "GET", "/api/v1/courses/" + std::to_string(draft), author_b).status, 200);
  auto author_a = make_token(s, test::make_person(s, "author-a", orgs.a, "author").id, "courses:read");
  EXPECT_EQ(call(s, "GET", "/api/v1/courses/" + std::to_string(draft), author_a).status, 404);
  EXPECT_EQ(call(s, "GET", "/api/v1/courses/99999999999999999999", reader).status, 404);
}

TEST(ApiEnrolments, BadBodiesChangeNothing) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto course = test::add_course(s, test::course_of(orgs.a, "Open"), true);
  auto p = test::make_person(s, "learner");
  auto token = make_token(s, p.id, "enrolments:read enrolments:write");
  auto id = std::to_string(course);
  struct Case {
    std::string body, code;
  };
  for (const auto& c : std::vector<Case>{{"{\"course_id\": " + id, "api.errors.malformed_json"},
                                         {"[" + id + "]", "api.errors.not_an_object"},
                                         {"{\"course_id\": \"" + id + "\"}", "api.errors.wrong_type"},
                                         {"{\"course_id\": " + id + ", \"completed\": true}", "api.errors.unknown_field"},
                                         {"{\"course_id\": " + id + ", \"score\": 100}", "api.errors.unknown_field"},
                                         {"{}", "api.errors.missing_field"},
                                         {"{\"course_id\": 1e3}", "api.errors.wrong_type"},
                                         {"{\"course_id\": " + id + "}\xff", "api.errors.malformed_json"}}) {
    auto r = call(s, "POST", "/api/v1/enrolments", token, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(member(r.body, "code"), c.code) << c.body << " -> " << r.body;
  }
  auto form = call(s, "POST", "/api/v1/enrolments", token, "course_id=" + id,
                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 415);
  auto huge = call(s, "POST", "/api/v1/enrolments", token, "{\"course_id\": " + id + ", \"x\": \"" + std::string(40000, 'a') + "\"}");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.header("content-type"), "application/problem+json");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM enrolments"), 0);

  auto first = call(s, "POST", "/api/v1/enrolments", token, "{\"course_id\": " + id + "}");
  EXPECT_EQ(first.status, 201) << first.body;
  auto again = call(s, "POST", "/api/v1/enrolments", token, "{\"course_id\": " + id + "}");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM enrolments WHERE user_id = ?", {p.id}), 1);
  auto mine = call(s, "GET", "/api/v1/enrolments", token);
  EXPECT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("\"lessons_done\":0"), std::string::npos);
  // A draft cannot be enrolled in.
  auto draft = test::add_course(s, test::course_of(orgs.a, "Draft"));
  EXPECT_EQ(call(s, "POST", "/api/v1/enrolments", token, "{\"course_id\": " + std::to_string(draft) + "}").status, 404);
}

TEST(ApiEnrolments, AnOrganisationEnrolsItsOwnPeopleOnly) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto course = std::to_string(test::add_course(s, test::course_of(orgs.a, "Staff course"), true));
  auto admin = test::make_person(s, "admin", orgs.a, "org_admin");
  auto service = make_token(s, admin.id, "enrolments:read enrolments:write", orgs.a);
  auto staff = citizen_of(s, "staff", orgs.a);
  auto outsider = citizen_of(s, "outsider", orgs.b);

  auto need_person = call(s, "POST", "/api/v1/enrolments", service, "{\"course_id\": " + course + "}");
  EXPECT_EQ(need_person.status, 400);
  EXPECT_EQ(member(need_person.body, "code"), "api.errors.person_required");
  auto done = call(s, "POST", "/api/v1/enrolments", service,
                   "{\"course_id\": " + course + ", \"person_id\": " + std::to_string(staff.id) + "}");
  EXPECT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(number(done.body, "person_id"), staff.id);
  auto read = call(s, "GET", "/api/v1/enrolments?person=" + std::to_string(staff.id), service);
  EXPECT_EQ(item_ids(read.body, "person_id").size(), 1u);
  auto other = call(s, "POST", "/api/v1/enrolments", service,
                    "{\"course_id\": " + course + ", \"person_id\": " + std::to_string(outsider.id) + "}");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(call(s, "GET", "/api/v1/enrolments?person=" + std::to_string(outsider.id), service).status, 404);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM enrolments WHERE user_id = ?", {outsider.id}), 0);
  // A learner's personal token cannot act for someone else.
  auto learner = make_token(s, staff.id, "enrolments:read enrolments:write");
  EXPECT_EQ(call(s, "GET", "/api/v1/enrolments?person=" + std::to_string(outsider.id), learner).status, 404);
}

TEST(ApiPeople, AnOrganisationAdminSeesAndChangesOnlyTheirOrganisation) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto admin_a = test::make_person(s, "admin-a", orgs.a, "org_admin");
  auto token = make_token(s, admin_a.id, "people:read people:write");
  auto read_only = make_token(s, admin_a.id, "people:read");
  std::vector<std::int64_t> members_a;
  for (int i = 0; i < 3; ++i) members_a.push_back(citizen_of(s, "member" + std::to_string(i), orgs.a).id);
  auto member_b = citizen_of(s, "member-b", orgs.b);
  auto a = std::to_string(orgs.a), b = std::to_string(orgs.b);
  // The first member also has a role in A, and a role in B: listed once, with A's role only.
  s.db().acquire()->exec("INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) VALUES (?, ?, 'author', 0, 0), "
                         "(?, ?, 'moderator', 0, 0)", {members_a[0], orgs.a, members_a[0], orgs.b});

  // Paged by id: four people (the admin and three members) in pages of three, each once, in order.
  auto first = call(s, "GET", "/api/v1/people?org=" + a + "&limit=3", token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(item_ids(first.body).size(), 3u);
  auto second = call(s, "GET", "/api/v1/people?org=" + a + "&limit=3&cursor=" + member(first.body, "next_cursor"), token);
  EXPECT_EQ(item_ids(second.body).size(), 1u);
  EXPECT_EQ(member(second.body, "next_cursor"), "");
  auto ids = item_ids(first.body);
  ids.push_back(item_ids(second.body).at(0));
  auto expected = members_a;
  expected.push_back(admin_a.id);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_TRUE(first.body.find("\"roles\":[\"author\"]") != std::string::npos) << first.body;
  EXPECT_EQ(first.body.find("moderator"), std::string::npos) << first.body;
  // Another organisation's people: not found, as if it did not exist.
  EXPECT_EQ(call(s, "GET", "/api/v1/people?org=" + b, token).status, 404);
  EXPECT_EQ(call(s, "GET", "/api/v1/people?org=999999", token).status, 404);
  EXPECT_EQ(member(call(s, "GET", "/api/v1/people", token).body, "code"), "api.errors.missing_parameter");

  // Making an account: bad address, taken address, another organisation, read-only token.
  auto bad = call(s, "POST", "/api/v1/people", token,
                  R"({"email": "not-an-address", "display_name": "X", "org_id": )" + a + "}");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(member(bad.body, "field"), "email");
  EXPECT_EQ(call(s, "POST", "/api/v1/people", read_only,
                 R"({"email": "new@example.org", "display_name": "New", "org_id": )" + a + "}")
                .status,
            403);
  EXPECT_EQ(call(s, "POST", "/api/v1/people", token,
                 R"({"email": "new@example.org", "display_name": "New", "org_id": )" + b + "}")
                .status,
            404);
  auto made = call(s, "POST", "/api/v1/people", token,
                   R"({"email": "New.Person@example.org", "display_name": "New Person", "org_id": )" + a + "}");
  EXPECT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(member(made.body, "email"), "new.person@example.org");
  auto taken = call(s, "POST", "/api/v1/people", token,
                    R"({"email": "new.person@example.org", "display_name": "Again", "org_id": )" + a + "}");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'new.person@example.org'"), 1);
  auto new_id = std::to_string(number(made.body, "id"));

  // Roles in their own organisation only.
  auto role = call(s, "POST", "/api/v1/people/" + new_id + "/roles", token, R"({"org_id": )" + a + R"(, "role": "author"})");
  EXPECT_EQ(role.status, 204) << role.body;
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM memberships WHERE user_id = ? AND role = 'author'", {number(made.body, "id")}), 1);
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + new_id + "/roles", token, R"({"org_id": )" + b + R"(, "role": "author"})").status,
            404);
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + new_id + "/roles", token, R"({"org_id": )" + a + R"(, "role": "admin"})").status,
            422);
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + new_id + "/roles/remove", token,
                 R"({"org_id": )" + a + R"(, "role": "author"})")
                .status,
            204);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM memberships WHERE user_id = ?", {number(made.body, "id")}), 0);
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + std::to_string(admin_a.id) + "/roles/remove", token,
                 R"({"org_id": )" + a + R"(, "role": "org_admin"})")
                .status,
            409);

  // Someone who does not belong to the organisation cannot be pulled in by id (and so made
  // theirs to read or block): not found, nothing given; nor blocked.
  auto outsider = test::make_person(s, "outsider");
  auto outsider_id = std::to_string(outsider.id);
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + outsider_id + "/roles", token, R"({"org_id": )" + a + R"(, "role": "author"})")
                .status,
            404);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM memberships WHERE user_id = ?", {outsider.id}), 0);
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + outsider_id + "/deactivate", token, R"({"reason": "x"})").status, 404);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE id = ? AND disabled_at IS NULL", {outsider.id}), 1);

  // Deactivating: their own member yes (sessions end), another organisation's no.
  EXPECT_EQ(call(s, "POST", "/api/v1/people/" + std::to_string(member_b.id) + "/deactivate", token,
                 R"({"reason": "left"})")
                .status,
            404);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE id = ? AND disabled_at IS NULL", {member_b.id}), 1);
  auto gone = call(s, "POST", "/api/v1/people/" + new_id + "/deactivate", token, R"({"reason": "left the city"})");
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE id = ? AND disabled_at IS NOT NULL", {number(made.body, "id")}), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action = 'user.block' AND subject_id = ?",
                  {number(made.body, "id")}),
            1);
}

TEST(ApiEvents, ListRegisterCancelAndOrganisersRegistrations) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(test::add_event(s, test::event_of(orgs.a, "Talk " + std::to_string(i), 86400 * (i + 1))));
  auto p = test::make_person(s, "attendee");
  auto token = make_token(s, p.id, "events:read events:write");
  auto first = call(s, "GET", "/api/v1/events?limit=2", token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(item_ids(first.body), (std::vector<std::int64_t>{ids[0], ids[1]}));
  auto rest = call(s, "GET", "/api/v1/events?limit=2&cursor=" + member(first.body, "next_cursor"), token);
  EXPECT_EQ(item_ids(rest.body), (std::vector<std::int64_t>{ids[2]}));
  EXPECT_EQ(call(s, "GET", "/api/v1/events/" + std::to_string(ids[0]), token).status, 200);

  auto event = std::to_string(ids[0]);
  auto reg = call(s, "POST", "/api/v1/events/" + event + "/registrations", token, "{}");
  EXPECT_EQ(reg.status, 201) << reg.body;
  EXPECT_EQ(member(reg.body, "status"), "confirmed");
  EXPECT_EQ(call(s, "POST", "/api/v1/events/" + event + "/registrations", token, "{}").status, 200);
  EXPECT_EQ(call(s, "POST", "/api/v1/events/" + event + "/registrations", token, R"({"seats": 3})").status, 400);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'", {ids[0]}), 1);

  // The organisers see the registrations; others do not.
  auto organiser = make_token(s, test::make_person(s, "organiser", orgs.a, "author").id, "events:read");
  auto regs = call(s, "GET", "/api/v1/events/" + event + "/registrations", organiser);
  EXPECT_EQ(regs.status, 200);
  EXPECT_EQ(item_ids(regs.body, "person_id"), (std::vector<std::int64_t>{p.id}));
  EXPECT_EQ(call(s, "GET", "/api/v1/events/" + event + "/registrations", token).status, 404);
  auto outsider = make_token(s, test::make_person(s, "organiser-b", orgs.b, "author").id, "events:read events:write");
  EXPECT_EQ(call(s, "GET", "/api/v1/events/" + event + "/registrations", outsider).status, 404);
  // Nobody cancels someone else's registration without administering their organisation.
  EXPECT_EQ(call(s, "DELETE", "/api/v1/events/" + event + "/registrations/" + std::to_string(p.id), outsider).status, 404);

  EXPECT_EQ(call(s, "DELETE", "/api/v1/events/" + event + "/registrations/" + std::to_string(p.id), token).status, 204);
  auto twice = call(s, "DELETE", "/api/v1/events/" + event + "/registrations/" + std::to_string(p.id), token);
  EXPECT_EQ(twice.status, 404);
  EXPECT_EQ(member(twice.body, "code"), "api.errors.not_registered");
}

TEST(ApiAwards, APersonsAwardsWithTheirVerificationLinks) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto holder = citizen_of(s, "holder", orgs.a);
  std::int64_t shown = 0, hidden = 0;
  {
    auto c = s.db().acquire();
    credentials::Achievement a;
    a.kind = "course";
    a.subject_id = 7;
    a.lang = "en";
    a.title = "Safe passwords";
    a.description = "Strong passwords.";
    a.issuer_org_ids = {orgs.a};
    a.achieved_at = 1780000000;
    shown = credentials::award(*c, holder.id, a);
    a.subject_id = 8;
    a.title = "Private one";
    hidden = credentials::award(*c, holder.id, a);
    c->exec("UPDATE awards SET private = 1 WHERE id = ?", {hidden});
  }
  auto own = call(s, "GET", "/api/v1/awards", make_token(s, holder.id, "awards:read"));
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_NE(own.body.find("/verify/"), std::string::npos);
  EXPECT_NE(own.body.find("Private one"), std::string::npos);
  EXPECT_NE(own.body.find("\"status\":\"valid\""), std::string::npos);
  // The organisation's admin: the awards the holder has not made private.
  auto admin = make_token(s, test::make_person(s, "admin", orgs.a, "org_admin").id, "awards:read");
  auto theirs = call(s, "GET", "/api/v1/awards?person=" + std::to_string(holder.id), admin);
  EXPECT_EQ(theirs.status, 200);
  EXPECT_NE(theirs.body.find("Safe passwords"), std::string::npos);
  EXPECT_EQ(theirs.body.find("Private one"), std::string::npos);
  auto other = make_token(s, test::make_person(s, "admin-b", orgs.b, "org_admin").id, "awards:read");
  EXPECT_EQ(call(s, "GET", "/api/v1/awards?person=" + std::to_string(holder.id), other).status, 404);
  EXPECT_EQ(call(s, "GET", "/api/v1/awards?person=abc", admin).status, 400);
  (void)shown;
}

TEST(ApiPaths, PublishedPathsPagedDraftsOnlyForTheirOrganisation) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  std::vector<std::int64_t> published;
  std::int64_t draft = 0;
  {
    auto c = s.db().acquire();
    auto make = [&](std::int64_t org, const std::string& title, bool qualification) {
      paths::Path p;
      p.org_id = org;
      p.lang = "en";
      p.title = title;
      p.summary = "About " + title;
      p.qualification = qualification;
      return paths::store::create(*c, p, 0);
    };
    for (int i = 0; i < 3; ++i) {
      published.push_back(make(orgs.a, "Path " + std::to_string(i), i == 1));
      paths::store::set_published(*c, published.back(), true);
    }
    draft = make(orgs.b, "Draft path", false);
    paths::store::add_step(*c, draft, "First step", 1);
  }
  auto reader = make_token(s, test::make_person(s, "reader").id, "courses:read");
  auto first = call(s, "GET", "/api/v1/paths?lang=en&limit=2", reader);
  ASSERT_EQ(first.status, 200) << first.body;
  auto ids = item_ids(first.body);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], published[1]);  // the qualification first
  auto rest = call(s, "GET", "/api/v1/paths?lang=en&limit=2&cursor=" + member(first.body, "next_cursor"), reader);
  EXPECT_EQ(item_ids(rest.body).size(), 1u);
  EXPECT_EQ(member(rest.body, "next_cursor"), "");
  EXPECT_EQ(call(s, "GET", "/api/v1/paths/" + std::to_string(published[0]), reader).status, 200);
  EXPECT_EQ(call(s, "GET", "/api/v1/paths/" + std::to_string(draft), reader).status, 404);
  auto author_b = make_token(s, test::make_person(s, "author-b", orgs.b, "author").id, "courses:read");
  auto mine = call(s, "GET", "/api/v1/paths/" + std::to_string(draft), author_b);
  EXPECT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("\"steps\":[{"), std::string::npos) << mine.body;
}

}  // namespace
}  // namespace cityskills
