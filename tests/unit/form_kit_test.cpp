// The form kit: a form input whose fields read are its allow-list, and the checks forms share
// (allowed values, links, number ranges, a local date-time in a time zone).
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::web {
namespace {

struct Form {
  http::Request req;
  Services svc;
  Ctx ctx{req, svc};
  explicit Form(http::Params fields) { ctx.form = std::move(fields); }
};

int reject_status(const std::function<void()>& f, std::string* key = nullptr) {
  try {
    f();
  } catch (const Reject& r) {
    if (key) *key = r.message_key;
    return r.status;
  }
  return 0;
}

TEST(FormInput, FieldsRead_AreTheAllowList) {
  Form f({{"_csrf", "t"}, {"title", " Hello "}, {"count", " 12 "}, {"org_id", "7"}, {"public", "1"}});
  FormInput in(f.ctx);
  EXPECT_EQ(in.trimmed("title"), "Hello");
  EXPECT_EQ(in.integer("count"), 12);
  EXPECT_EQ(in.id("org_id"), 7);
  EXPECT_TRUE(in.flag("public"));
  EXPECT_FALSE(in.flag("absent"));
  EXPECT_EQ(in.text("missing"), "");
  EXPECT_EQ(reject_status([&] { in.finish(); }), 0);
}

TEST(FormInput, FieldNeverRead_Is400UnexpectedField) {
  Form f({{"title", "x"}, {"role", "admin"}});
  FormInput in(f.ctx);
  in.text("title");
  std::string key;
  EXPECT_EQ(reject_status([&] { in.finish(); }, &key), 400);
  EXPECT_EQ(key, "errors.unexpected_field");
}

TEST(FormInput, FileNeverRead_Is400UnexpectedField) {
  Form f({});
  f.ctx.files["avatar"] = UploadedFile{"a.png", "image/png", "x"};
  FormInput in(f.ctx);
  EXPECT_EQ(in.file("other"), nullptr);
  EXPECT_EQ(reject_status([&] { in.finish(); }), 400);
  FormInput reads(f.ctx);
  EXPECT_NE(reads.file("avatar"), nullptr);
  EXPECT_EQ(reject_status([&] { reads.finish(); }), 0);
}

TEST(FormInput, DuplicatedSingleField_Is400DuplicateParameter) {
  Form f({{"title", "a"}, {"title", "b"}});
  FormInput in(f.ctx);
  std::string key;
  EXPECT_EQ(reject_status([&] { in.text("title"); }, &key), 400);
  EXPECT_EQ(key, "errors.duplicate_parameter");
}

TEST(FormInput, RepeatedField_AllValuesInOrder) {
  Form f({{"tag", "b"}, {"tag", "a"}, {"other", "x"}});
  FormInput in(f.ctx);
  EXPECT_EQ(in.all("tag"), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(reject_status([&] { in.finish(); }), 400);  // "other" was never read
}

TEST(FormInput, BadNumbers_AreNullopt) {
  Form f({{"id", "-3"}, {"n", "1e3"}, {"m", "99999999999999999999"}});
  FormInput in(f.ctx);
  EXPECT_EQ(in.id("id"), std::nullopt);
  EXPECT_EQ(in.integer("n"), std::nullopt);
  EXPECT_EQ(in.integer("m"), std::nullopt);
}

TEST(CheckChoice, OnlyOfferedValues) {
  const std::vector<std::string> kinds = {"tool", "dataset"};
  FormErrors errors;
  EXPECT_TRUE(check_choice(errors, "kind", "tool", kinds));
  EXPECT_FALSE(check_choice(errors, "kind", "Tool", kinds));
  EXPECT_FALSE(check_choice(errors, "lang", "xx", i18n::kLocales));
  EXPECT_EQ(errors.key("kind"), "validation.choice.invalid");
  EXPECT_EQ(errors.size(), 2u);
}

TEST(HttpUrl, OnlyHttpAndHttpsWithAHost) {
  EXPECT_TRUE(is_http_url("https://example.org/a?b=c#d"));
  EXPECT_TRUE(is_http_url("HTTP://example.org"));
  for (const char* bad : {"javascript:alert(1)", "data:text/html,x", "ftp://example.org", "file:///etc/passwd",
                          "https://", "https:///path", "https://user@evil.example", "https://exa mple.org",
                          "https://example.org/\"onmouseover", "https://example.org/<script>", "//example.org"})
    EXPECT_FALSE(is_http_url(bad)) << bad;
  EXPECT_FALSE(is_http_url("https://example.org/" + std::string(500, 'a')));
}

TEST(CheckUrl, EmptyPassesUnlessRequired) {
  FormErrors errors;
  EXPECT_TRUE(check_url(errors, "url", "", false));
  EXPECT_FALSE(check_url(errors, "join_url", "", true));
  EXPECT_FALSE(check_url(errors, "url", "javascript:alert(1)", false));
  EXPECT_EQ(errors.key("url"), "validation.url.invalid");
  EXPECT_EQ(errors.key("join_url"), "validation.url.invalid");
}

TEST(CheckIntRange, RangeInTheMessage) {
  FormErrors errors;
  EXPECT_EQ(check_int_range(errors, "capacity", 5, 1, 10), 5);
  EXPECT_EQ(check_int_range(errors, "capacity", 11, 1, 10), std::nullopt);
  EXPECT_EQ(check_int_range(errors, "hours", std::nullopt, 0, 48, "events.validation.capacity"), std::nullopt);
  EXPECT_EQ(errors.key("capacity"), "validation.number.range");
  EXPECT_EQ(errors.args("capacity"), (i18n::Args{{"min", "1"}, {"max", "10"}}));
  EXPECT_EQ(errors.key("hours"), "events.validation.capacity");
}

TEST(LocalTime, OrdinaryTimeInRome) {
  auto t = resolve_local_time("2026-07-01", "10:30", "Europe/Rome");
  EXPECT_EQ(t.status, LocalTimeStatus::kOk);
  EXPECT_EQ(t.utc, 1782894600);  // 08:30 UTC (summer time, +02:00)
}

TEST(LocalTime, SpringGapDoesNotExist) {
  // 29 March 2026: clocks in Rome jump from 02:00 to 03:00.
  EXPECT_EQ(resolve_local_time("2026-03-29", "02:30", "Europe/Rome").status, LocalTimeStatus::kSkipped);
  FormErrors errors;
  EXPECT_EQ(check_local_time(errors, "date", "start_time", "2026-03-29", "02:30", "Europe/Rome", RepeatedTime::kFirst),
            std::nullopt);
  EXPECT_EQ(errors.key("start_time"), "events.validation.no_such_time");
  EXPECT_EQ(errors.args("start_time"), (i18n::Args{{"zone", "Europe/Rome"}}));
}

TEST(LocalTime, AutumnOverlapIsRepeated) {
  // 25 October 2026: clocks in Rome go back from 03:00 to 02:00, so 02:30 happens twice.
  auto t = resolve_local_time("2026-10-25", "02:30", "Europe/Rome");
  EXPECT_EQ(t.status, LocalTimeStatus::kRepeated);
  EXPECT_EQ(t.utc, 1792888200);  // the first occurrence, 00:30 UTC (+02:00)
  FormErrors first;
  EXPECT_EQ(check_local_time(first, "date", "start_time", "2026-10-25", "02:30", "Europe/Rome", RepeatedTime::kFirst),
            1792888200);
  EXPECT_TRUE(first.empty());
  FormErrors refuse;
  EXPECT_EQ(check_local_time(refuse, "date", "start_time", "2026-10-25", "02:30", "Europe/Rome", RepeatedTime::kRefuse),
            std::nullopt);
  EXPECT_EQ(refuse.key("start_time"), "validation.datetime.repeated");
  EXPECT_EQ(resolve_local_time("2026-10-25", "03:30", "Europe/Rome").status, LocalTimeStatus::kOk);
}

TEST(LocalTime, MalformedAndUnknownZone) {
  for (auto [date, time] : std::array<std::pair<const char*, const char*>, 6>{
           {{"2026-02-30", "10:00"}, {"2026-13-01", "10:00"}, {"26-01-01", "10:00"}, {"2026-01-01", "24:00"},
            {"2026-01-01", "9:00"}, {"2026-01-01", ""}}})
    EXPECT_EQ(resolve_local_time(date, time, "Europe/Rome").status, LocalTimeStatus::kMalformed) << date << " " << time;
  EXPECT_EQ(resolve_local_time("2028-02-29", "10:00", "Europe/Rome").status, LocalTimeStatus::kOk);
  EXPECT_EQ(resolve_local_time("2026-01-01", "", "Europe/Rome", true).status, LocalTimeStatus::kOk);
  EXPECT_EQ(resolve_local_time("2026-01-01", "10:00", "Mars/Olympus").status, LocalTimeStatus::kUnknownZone);
  FormErrors errors;
  EXPECT_EQ(check_local_time(errors, "date", "start_time", "2026-1-1", "10:00", "Europe/Rome", RepeatedTime::kFirst),
            std::nullopt);
  EXPECT_EQ(errors.key("date"), "events.validation.datetime");
  FormErrors zone;
  check_local_time(zone, "date", "start_time", "2026-01-01", "10:00", "Mars/Olympus", RepeatedTime::kFirst);
  EXPECT_TRUE(zone.empty());  // the zone's own choice check names the problem
}

}  // namespace
}  // namespace cityskills::web
