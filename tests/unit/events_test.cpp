#include <gtest/gtest.h>

#include "features/events/ical.hpp"
#include "i18n/i18n.hpp"

namespace cityskills {
using namespace events;

// An event description may hold any UTF-8 the form accepts, control characters included;
// RFC 5545 TEXT allows none but HTAB, so they are left out (found by fuzz/ical.cpp).
TEST(ICalendar, TextLeavesOutControlCharactersButTab) {
  EXPECT_EQ(ical::escape_text("a\x01" "b\x0b\x1f\tc\x7f\r\nd"), "ab\tc\\nd");
}

TEST(ICalendar, EscapesTextAndFoldsAt75OctetsWithoutSplittingCharacters) {
  EXPECT_EQ(ical::escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
  std::string line = "SUMMARY:" + std::string(40, 'x') + std::string(20, 'x') + "ééééééééééééééééééééé";
  auto folded = ical::fold(line);
  ASSERT_TRUE(folded.ends_with("\r\n"));
  std::size_t start = 0;
  std::string unfolded;
  while (start < folded.size()) {
    auto end = folded.find("\r\n", start);
    auto physical = folded.substr(start, end - start);
    EXPECT_LE(physical.size(), 75u);
    // A continuation line starts with one space; no UTF-8 sequence is cut.
    if (start > 0) {
      ASSERT_EQ(physical[0], ' ');
      EXPECT_NE(static_cast<unsigned char>(physical[1]) & 0xC0, 0x80);
      physical = physical.substr(1);
    }
    unfolded += physical;
    start = end + 2;
  }
  EXPECT_EQ(unfolded, line);
}

TEST(ICalendar, CalendarHasUtcTimesStableUidAndStatus) {
  Event e;
  e.id = 7;
  e.uid = "abc@cityskills";
  e.title = "Open talk, with; commas";
  e.summary = "Line one\nLine two";
  e.starts_at = 1795521600;  // 2026-11-24 12:00:00 UTC
  e.ends_at = e.starts_at + 3600;
  e.online = true;
  e.join_url = "https://meet.example.org/x";
  e.org_name = "City \"of\" Valverde";
  e.sequence = 2;
  ical::Options opt;
  opt.base_url = "https://skills.example.org";
  auto text = ical::calendar({e}, opt, 1795500000);
  EXPECT_NE(text.find("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), std::string::npos);
  EXPECT_NE(text.find("UID:abc@cityskills\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTSTART:20261124T120000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTEND:20261124T130000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("SEQUENCE:2\r\n"), std::string::npos);
  EXPECT_NE(text.find("SUMMARY:Open talk\\, with\\; commas\r\n"), std::string::npos);
  EXPECT_NE(text.find("ORGANIZER;CN=\"City of Valverde\":"), std::string::npos);
  EXPECT_EQ(text.find("meet.example.org"), std::string::npos);  // join link only for registered people
  EXPECT_NE(text.find("STATUS:CONFIRMED"), std::string::npos);
  EXPECT_TRUE(text.ends_with("END:VCALENDAR\r\n"));
  opt.include_join_url = true;
  EXPECT_NE(ical::calendar({e}, opt, 1795500000).find("LOCATION:https://meet.example.org/x"), std::string::npos);
  e.status = "cancelled";
  EXPECT_NE(ical::calendar({e}, opt, 1795500000).find("STATUS:CANCELLED"), std::string::npos);
  // An edit changes SEQUENCE and the times, never the UID, so calendars update the same entry.
  e.sequence = 3;
  e.starts_at += 1800;
  auto edited = ical::calendar({e}, opt, 1795500000);
  EXPECT_NE(edited.find("UID:abc@cityskills\r\n"), std::string::npos);
  EXPECT_NE(edited.find("SEQUENCE:3\r\n"), std::string::npos);
  // Every line ends in CRLF: no bare LF anywhere.
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') {
      EXPECT_EQ(text[i - 1], '\r');
    }
}

TEST(TimeZones, DaylightSavingGapAndOverlap) {
  // 2026-03-29: clocks in Rome jump from 02:00 to 03:00; 02:30 does not exist.
  EXPECT_FALSE(i18n::local_to_utc(2026, 3, 29, 2, 30, "Europe/Rome"));
  EXPECT_EQ(i18n::local_to_utc(2026, 3, 29, 1, 30, "Europe/Rome"), 1774744200);  // 00:30 UTC (CET)
  EXPECT_EQ(i18n::local_to_utc(2026, 3, 29, 3, 30, "Europe/Rome"), 1774747800);  // 01:30 UTC (CEST)
  // 2026-10-25: 02:30 happens twice; the first (summer time) is meant.
  EXPECT_EQ(i18n::local_to_utc(2026, 10, 25, 2, 30, "Europe/Rome"), 1792888200);  // 00:30 UTC
  // Helsinki is an hour ahead of Rome.
  EXPECT_EQ(*i18n::local_to_utc(2026, 11, 24, 13, 0, "Europe/Helsinki"), *i18n::local_to_utc(2026, 11, 24, 12, 0, "Europe/Rome"));
  EXPECT_FALSE(i18n::local_to_utc(2026, 2, 30, 10, 0, "Europe/Rome"));
  EXPECT_FALSE(i18n::local_to_utc(2026, 2, 1, 10, 0, "Mars/Olympus"));
  auto w = i18n::utc_to_local(1792888200, "Europe/Rome");
  EXPECT_EQ(w.hour, 2);
  EXPECT_EQ(w.minute, 30);
}

}  // namespace cityskills
