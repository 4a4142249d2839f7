// The organiser's event, session and cancellation forms, checked without a server.
#include <gtest/gtest.h>

#include "features/events/forms.hpp"

namespace cityskills::events {
namespace {

EventForm valid() {
  EventForm f;
  f.org_id = 3;
  f.kind = "webinar";
  f.title = "Safe online banking";
  f.summary = "Spot a fake bank message.";
  f.lang = "it";
  f.theme = "safety";
  f.audience = "everyone";
  f.age_group = "over_65";
  f.time_zone = "Europe/Rome";
  f.online = true;
  f.join_url = "https://meet.example.org/bank";
  f.capacity = 40;
  f.reminder_hours = 24;
  f.when = {"2027-03-10", "18:00", "2027-03-10", "19:30"};
  return f;
}

TEST(EventForm, Valid_NoErrorsAndApplySetsTheSpan) {
  auto f = valid();
  EXPECT_TRUE(check(f, true, 0).empty());
  Event e;
  f.apply(e);
  EXPECT_EQ(e.ends_at - e.starts_at, 90 * 60);
  EXPECT_EQ(e.capacity, 40);
  EXPECT_EQ(e.reminder_hours, 24);
  EXPECT_EQ(e.org_id, 3);
}

TEST(EventForm, OrganisationNotAllowed_IsAChoiceError) {
  EXPECT_EQ(check(valid(), false, 0).key("org_id"), "validation.choice.invalid");
  auto f = valid();
  f.org_id.reset();
  EXPECT_EQ(check(f, true, 0).key("org_id"), "validation.choice.invalid");
}

TEST(EventForm, UnknownChoices_AreRefused) {
  auto f = valid();
  f.kind = "party";
  f.lang = "xx";
  f.theme = "cooking";
  f.audience = "robots";
  f.age_group = "toddlers";
  f.time_zone = "Mars/Olympus";
  f.reminder_hours = 5;
  auto errors = check(f, true, 0);
  for (const char* field : {"kind", "lang", "theme", "audience", "age_group", "time_zone", "reminder_hours"})
    EXPECT_EQ(errors.key(field), "validation.choice.invalid") << field;
  EXPECT_FALSE(errors.has("date"));  // a zone not offered is the zone's error alone
  f = valid();
  f.reminder_hours.reset();
  EXPECT_EQ(check(f, true, 0).key("reminder_hours"), "validation.choice.invalid");
  f.reminder_hours = 0;  // no reminder
  EXPECT_TRUE(check(f, true, 0).empty());
}

TEST(EventForm, TextsTooLongEmptyOrHostile_AreRefused) {
  auto f = valid();
  f.title = "";
  f.summary = std::string(kSummaryMax + 1, 's');
  f.description = std::string(kDescriptionMax + 1, 'd');
  f.speakers = std::string(kSpeakersMax + 1, 'p');
  auto errors = check(f, true, 0);
  EXPECT_EQ(errors.key("title"), "validation.text.required");
  EXPECT_EQ(errors.key("summary"), "validation.text.too_long");
  EXPECT_EQ(errors.args("summary"), (i18n::Args{{"max", std::to_string(kSummaryMax)}}));
  EXPECT_EQ(errors.key("description"), "events.validation.description");
  EXPECT_EQ(errors.key("speakers"), "validation.text.too_long");
  f = valid();
  f.title = "Evil \u202E title";
  f.description = "\xc3\x28";
  errors = check(f, true, 0);
  EXPECT_EQ(errors.key("title"), "validation.text.bidi");
  EXPECT_EQ(errors.key("description"), "events.validation.description");
}

TEST(EventForm, OnlineNeedsALinkInPersonAPlace) {
  auto f = valid();
  f.join_url = "javascript:alert(1)";
  EXPECT_EQ(check(f, true, 0).key("join_url"), "validation.url.invalid");
  f.join_url = "https://user@meet.example.org/";
  EXPECT_EQ(check(f, true, 0).key("join_url"), "validation.url.invalid");
  f.online = false;
  auto errors = check(f, true, 0);
  EXPECT_FALSE(errors.has("join_url"));
  EXPECT_EQ(errors.key("venue"), "validation.text.required");
  EXPECT_EQ(errors.key("address"), "validation.text.required");
}

TEST(EventForm, Capacity_InRangeAndNotBelowTheSeatsTaken) {
  auto f = valid();
  for (auto bad : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{0}, std::optional<std::int64_t>{-3},
                   std::optional<std::int64_t>{kMaxCapacity + 1}}) {
    f.capacity = bad;
    EXPECT_EQ(check(f, true, 0).key("capacity"), "events.validation.capacity");
  }
  f.capacity = 10;
  auto errors = check(f, true, 12);
  EXPECT_EQ(errors.key("capacity"), "events.validation.capacity_taken");
  EXPECT_EQ(errors.args("capacity"), (i18n::Args{{"n", "12"}}));
  EXPECT_TRUE(check(f, true, 10).empty());
}

TEST(EventForm, DatesAndTimes_NamedFieldOnEachProblem) {
  auto f = valid();
  f.when = {"10/03/2027", "18:00", "2027-03-10", "19:30"};
  EXPECT_EQ(check(f, true, 0).key("date"), "events.validation.datetime");
  f.when = {"2027-04-31", "18:00", "2027-05-01", "19:30"};  // no 31 April
  EXPECT_EQ(check(f, true, 0).key("date"), "events.validation.datetime");
  f.when = {"2027-03-10", "18:00", "2027-03-10", "25:00"};
  EXPECT_EQ(check(f, true, 0).key("end_time"), "events.validation.datetime");
  f.when = {"2027-03-10", "18:00", "2027-03-10", "17:00"};
  EXPECT_EQ(check(f, true, 0).key("end_time"), "events.validation.end_before_start");
  f.when = {"2027-03-10", "18:00", "2027-03-30", "17:00"};
  EXPECT_EQ(check(f, true, 0).key("end_time"), "events.validation.too_long");
  Event e;
  f.apply(e);
  EXPECT_EQ(e.starts_at, 0);  // a span the form refuses is not copied
  f.when = {"2027-03-28", "02:30", "2027-03-28", "04:00"};  // the clocks jump from 02:00 to 03:00 in Rome
  auto errors = check(f, true, 0);
  EXPECT_EQ(errors.key("start_time"), "events.validation.no_such_time");
  EXPECT_EQ(errors.args("start_time"), (i18n::Args{{"zone", "Europe/Rome"}}));
  f.when = {"2027-10-31", "02:30", "2027-10-31", "04:00"};  // happens twice: the first is taken
  EXPECT_TRUE(check(f, true, 0).empty());
}

TEST(EventForm, ReadTakesTheStartDateForAMissingEndDate) {
  http::Request req;
  web::Services svc;
  web::Ctx ctx(req, svc);
  ctx.form = {{"_csrf", "t"}, {"title", " T "}, {"date", "2027-03-10"}, {"end_time", "20:00"}, {"online", "1"},
              {"capacity", " 12 "}, {"publish", "0"}};
  auto f = web::read_form<EventForm>(ctx);
  EXPECT_EQ(f.when.end_date, "2027-03-10");
  EXPECT_EQ(f.title, "T");
  EXPECT_TRUE(f.online);
  EXPECT_EQ(f.capacity, 12);
  EXPECT_TRUE(f.publish_valid());
  f.publish = "2";
  EXPECT_FALSE(f.publish_valid());
  ctx.form.emplace_back("status", "cancelled");
  EXPECT_THROW(web::read_form<EventForm>(ctx), web::Reject);
}

TEST(SessionForm, WithinTheEventOnOneDay) {
  EventForm ev = valid();
  ev.when = {"2027-03-10", "09:00", "2027-03-12", "18:00"};
  Event e;
  ev.apply(e);
  SessionForm s{"Day one", "2027-03-10", "09:30", "12:00", "Europe/Rome"};
  EXPECT_TRUE(check(s, e.starts_at, e.ends_at).empty());
  auto x = s.session(e.id);
  EXPECT_EQ(x.ends_at - x.starts_at, 150 * 60);
  s.date = "2027-03-13";
  EXPECT_EQ(check(s, e.starts_at, e.ends_at).key("session_date"), "events.sessions.outside");
  s.date = "13/03/2027";
  auto errors = check(s, e.starts_at, e.ends_at);
  EXPECT_EQ(errors.key("session_date"), "events.validation.datetime");
  EXPECT_EQ(errors.size(), 1u);
  s = {"Day one", "2027-03-10", "12:00", "11:00", "Europe/Rome"};
  EXPECT_EQ(check(s, e.starts_at, e.ends_at).key("session_end"), "events.validation.end_before_start");
  s = {"", "2027-03-10", "09:30", "12:00", "Atlantis/City"};
  errors = check(s, e.starts_at, e.ends_at);
  EXPECT_EQ(errors.key("session_title"), "validation.text.required");
  EXPECT_EQ(errors.key("session_zone"), "validation.choice.invalid");
}

TEST(CancelForm, AReasonIsRequiredAndBounded) {
  EXPECT_EQ(check(CancelForm{"  "}).key("reason"), "validation.text.required");
  EXPECT_EQ(check(CancelForm{std::string(kReasonMax + 1, 'r')}).key("reason"), "validation.text.too_long");
  EXPECT_TRUE(check(CancelForm{"The speaker is ill."}).empty());
}

}  // namespace
}  // namespace cityskills::events
