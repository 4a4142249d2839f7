#pragma once
// The test-data builder: organisations, people with roles, courses and events written straight
// into the test server's database, with the defaults most tests want. A test names only what
// matters to it; e.g.
//   auto orgs = test::city_and_partner(s);
//   auto author = test::make_person(s, "author", orgs.a, "author");
//   auto e = test::event_of(orgs.a, "Pharmacy info point");
//   e.online = false;
//   auto id = test::add_event(s, e);
#include <cstdint>
#include <string>

#include "features/catalog/model.hpp"
#include "features/events/model.hpp"
#include "support/harness.hpp"

namespace cityskills::test {

// An organisation; its name is "Org SLUG" unless given.
std::int64_t make_org(TestServer& s, const std::string& slug, const std::string& name = "",
                      const std::string& kind = "city", const std::string& country = "IT");
// The two organisations many tests compare: "City A" (city-a, a city in Italy) and "Partner B"
// (partner-b, a partner in Sweden).
struct TwoOrgs {
  std::int64_t a = 0, b = 0;
};
TwoOrgs city_and_partner(TestServer& s);
// Gives `user` the role in the organisation (author, moderator, admin, ...).
void grant(TestServer& s, std::int64_t user, std::int64_t org_id, const std::string& role);

// A verified person with a fresh address tagged `tag` and the test password; with `role` in
// `org_id` when org_id is not 0, and the display name `name` when one is given.
struct Person {
  std::int64_t id = 0;
  std::string email;
};
Person make_person(TestServer& s, const std::string& tag, std::int64_t org_id = 0, const std::string& role = "",
                   const std::string& name = "");
// The same person signed in through the login form.
struct Member {
  Client client;
  std::int64_t id = 0;
};
Member make_member(TestServer& s, std::int64_t org_id, const std::string& role, const std::string& name = "");

// A published online webinar of `org_id` in English (theme safety, for everyone), an hour long,
// starting `starts_in` seconds from now in Europe/Rome, with 20 seats. Change what the test
// needs, then add_event.
events::Event event_of(std::int64_t org_id, const std::string& title = "Digital talk", std::int64_t starts_in = 86400);
std::int64_t add_event(TestServer& s, const events::Event& e);

// An unpublished English course of `org_id` (intermediate, for citizens) without modules.
// Change what the test needs, then add_course; `published` publishes it as an author would.
catalog::Course course_of(std::int64_t org_id, const std::string& title = "Digital course", const std::string& lang = "en");
std::int64_t add_course(TestServer& s, const catalog::Course& x, bool published = false);

}  // namespace cityskills::test
