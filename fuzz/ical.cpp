// The iCalendar writer (events::ical::calendar) as a round trip: an event made from the
// input, each text field as the event form would store it (web::check_name; a description
// of UTF-8 without NUL), is written, read back by a strict RFC 5545 reader, and comes back
// with the same fields; every physical line is at most 75 octets and ends in CRLF, folding
// never splits a UTF-8 character, and no control character but HTAB appears in a value.
#include <fuzzer/FuzzedDataProvider.h>

#include <ctime>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string_view>

#include "common.hpp"
#include "features/events/ical.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

using namespace cityskills;
namespace ical = cityskills::events::ical;

namespace {

constexpr std::int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z

// A name field as the form stores it, or `fallback` when the form would refuse it.
std::string name_field(FuzzedDataProvider& in, std::size_t max, std::string fallback) {
  auto s = std::string(util::trim(in.ConsumeRandomLengthString(max * 2)));
  return web::check_name(s, max) ? fallback : s;
}

std::string unescape(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      fuzz::require(v[i] != ';' && v[i] != ',', "TEXT has ; and , escaped");
      out += v[i];
      continue;
    }
    fuzz::require(i + 1 < v.size(), "no lone backslash at the end");
    char c = v[++i];
    if (c == 'n' || c == 'N') out += '\n';
    else if (c == '\\' || c == ';' || c == ',') out += c;
    else fuzz::fail("unknown escape in TEXT");
  }
  return out;
}

// What a TEXT value keeps of a field: control characters but HTAB and LF are left out.
std::string as_text(std::string s) {
  std::erase_if(s, [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7f; });
  return s;
}

std::int64_t parse_stamp(std::string_view s) {
  fuzz::require(s.size() == 16 && s[8] == 'T' && s[15] == 'Z', "UTC date-time form");
  std::tm tm{};
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      fuzz::require(s[i] >= '0' && s[i] <= '9', "digits in a date-time");
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  return static_cast<std::int64_t>(timegm(&tm));
}

// Physical lines -> content lines, checking the framing.
std::vector<std::string> unfold(std::string_view ics) {
  std::vector<std::string> lines;
  fuzz::require(ics.ends_with("\r\n"), "ends with CRLF");
  std::size_t pos = 0;
  while (pos < ics.size()) {
    auto end = ics.find("\r\n", pos);
    auto line = ics.substr(pos, end - pos);
    pos = end + 2;
    fuzz::require(line.size() <= 75, "physical line of at most 75 octets");
    fuzz::require(line.find_first_of("\r\n") == std::string_view::npos, "no bare CR or LF");
    fuzz::require(util::valid_utf8(line), "folding keeps UTF-8 characters whole");
    if (line.starts_with(" ")) {
      fuzz::require(!lines.empty(), "a continuation follows a line");
      lines.back() += line.substr(1);
    } else {
      fuzz::require(!line.empty(), "no empty line");
      lines.emplace_back(line);
    }
  }
  for (const auto& l : lines)
    for (unsigned char c : l) fuzz::require(c == '\t' || (c >= 0x20 && c != 0x7f), "no control characters");
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  events::Event e;
  e.id = in.ConsumeIntegralInRange<std::int64_t>(1, 1'000'000'000);
  e.uid = "event-" + std::to_string(e.id) + "@city.example";
  e.sequence = in.ConsumeIntegralInRange(0, 1000);
  e.online = in.ConsumeBool();
  e.status = in.ConsumeBool() ? "cancelled" : "published";
  e.starts_at = in.ConsumeIntegralInRange<std::int64_t>(0, kMaxTime - 1);
  e.ends_at = in.ConsumeIntegralInRange<std::int64_t>(e.starts_at + 1, kMaxTime);
  e.title = name_field(in, 200, "Title");
  e.summary = name_field(in, 500, "Summary");
  e.venue = name_field(in, 200, "");
  e.address = name_field(in, 300, "");
  e.org_name = name_field(in, 200, "City");
  e.join_url = "https://meet.example/" + name_field(in, 100, "room");
  ical::Options opt;
  opt.method = in.PickValueInArray({"PUBLISH", "REQUEST", "CANCEL"});
  opt.name = name_field(in, 200, "");
  opt.base_url = "https://city.example";
  opt.include_join_url = in.ConsumeBool();
  e.description = in.ConsumeRemainingBytesAsString();
  // The form takes any UTF-8 up to 20,000 characters; form decoding refuses NUL.
  if (!util::valid_utf8(e.description) || util::utf8_length(e.description) > 20000 ||
      e.description.find('\0') != std::string::npos)
    e.description.clear();

  auto ics = ical::calendar({e}, opt, 1'790'000'000);
  auto lines = unfold(ics);
  std::multimap<std::string, std::string> props;  // inside the VEVENT
  int depth = 0;
  for (const auto& l : lines) {
    if (l == "BEGIN:VCALENDAR" || l == "BEGIN:VEVENT") { ++depth; continue; }
    if (l == "END:VCALENDAR" || l == "END:VEVENT") { --depth; continue; }
    auto colon = l.find(':');
    auto semi = l.find(';');
    fuzz::require(colon != std::string::npos, "a property has a value");
    auto name = l.substr(0, std::min(colon, semi));
    if (name == "ORGANIZER") {
      // ORGANIZER;CN="...":mailto:...  (a quoted value holds no DQUOTE)
      fuzz::require(l.starts_with("ORGANIZER;CN=\""), "organizer parameter");
      auto close = l.find('"', 14);
      fuzz::require(close != std::string::npos && l.compare(close, 9, "\":mailto:") == 0, "quoted CN");
      props.emplace("CN", l.substr(14, close - 14));
      continue;
    }
    if (depth == 2) props.emplace(name, l.substr(colon + 1));
    else if (name == "X-WR-CALNAME") fuzz::require(unescape(l.substr(colon + 1)) == opt.name, "calendar name");
  }
  fuzz::require(depth == 0, "BEGIN and END match");
  auto one = [&](const std::string& key) {
    fuzz::require(props.count(key) == 1, "one " + key);
    return props.find(key)->second;
  };
  fuzz::require(one("UID") == e.uid, "UID");
  fuzz::require(parse_stamp(one("DTSTART")) == e.starts_at, "DTSTART");
  fuzz::require(parse_stamp(one("DTEND")) == e.ends_at, "DTEND");
  fuzz::require(unescape(one("SUMMARY")) == e.title, "SUMMARY");
  std::string description = e.summary + (e.description.empty() ? "" : "\n\n" + e.description);
  if (opt.include_join_url && e.online) description += "\n\n" + e.join_url;
  fuzz::require(unescape(one("DESCRIPTION")) == as_text(description), "DESCRIPTION");
  std::string where = e.online ? (opt.include_join_url ? e.join_url : "")
                               : e.venue + (e.venue.empty() || e.address.empty() ? "" : ", ") + e.address;
  if (where.empty()) fuzz::require(!props.count("LOCATION"), "no LOCATION");
  else fuzz::require(unescape(one("LOCATION")) == where, "LOCATION");
  std::string cn;
  for (char c : e.org_name)
    if (c != '"') cn += c;
  fuzz::require(one("CN") == cn, "ORGANIZER CN");
  fuzz::require(one("STATUS") == (e.status == "cancelled" ? "CANCELLED" : "CONFIRMED"), "STATUS");
  return 0;
}
