#include "features/events/ical.hpp"

#include "util/strings.hpp"

namespace cityskills::events::ical {

std::string escape_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      case '\t': out += c; break;
      default:
        // TEXT (RFC 5545 3.3.11) allows no control character but HTAB; a description may hold them.
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    }
  }
  return out;
}

std::string fold(std::string_view line) {
  std::string out;
  std::size_t width = 0;  // octets on the current physical line
  for (std::size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  return out + "\r\n";
}

std::string utc_stamp(std::int64_t t) { return util::format_utc(t, "%Y%m%dT%H%M%SZ"); }

std::string calendar(const std::vector<Event>& events, const Options& opt, std::int64_t now) {
  std::string out;
  auto line = [&](std::string_view s) { out += fold(s); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//cityskills//events//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:" + opt.method);
  if (!opt.name.empty()) line("X-WR-CALNAME:" + escape_text(opt.name));
  for (const auto& e : events) {
    line("BEGIN:VEVENT");
    line("UID:" + e.uid);
    line("DTSTAMP:" + utc_stamp(now));
    line("DTSTART:" + utc_stamp(e.starts_at));
    line("DTEND:" + utc_stamp(e.ends_at));
    line("SEQUENCE:" + std::to_string(e.sequence));
    line("SUMMARY:" + escape_text(e.title));
    std::string description = e.summary;
    if (!e.description.empty()) description += "\n\n" + e.description;
    if (opt.include_join_url && e.online && !e.join_url.empty()) description += "\n\n" + e.join_url;
    line("DESCRIPTION:" + escape_text(description));
    if (e.online) {
      if (opt.include_join_url && !e.join_url.empty()) line("LOCATION:" + escape_text(e.join_url));
    } else {
      std::string where = e.venue;
      if (!e.address.empty()) where += (where.empty() ? "" : ", ") + e.address;
      if (!where.empty()) line("LOCATION:" + escape_text(where));
    }
    if (!opt.base_url.empty()) line("URL:" + opt.base_url + "/events/" + std::to_string(e.id));
    std::string cn;  // a quoted parameter value may not contain DQUOTE or control characters
    for (char c : e.org_name)
      if (c != '"' && static_cast<unsigned char>(c) >= 0x20) cn += c;
    line("ORGANIZER;CN=\"" + cn + "\":mailto:no-reply@cityskills.invalid");
    line(std::string("STATUS:") + (e.status == "cancelled" ? "CANCELLED" : "CONFIRMED"));
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace cityskills::events::ical
