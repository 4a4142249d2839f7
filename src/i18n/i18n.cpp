#include "i18n/i18n.hpp"
#include "i18n/bytes.hpp"
#include "i18n/zones.hpp"

#include <unicode/datefmt.h>
#include <unicode/dtitvfmt.h>
#include <unicode/dtfmtsym.h>
#include <unicode/gregocal.h>
#include <unicode/smpdtfmt.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "util/embedded.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::i18n {
namespace {

using Catalogue = std::unordered_map<std::string, std::vector<std::string>>;
std::map<std::string, Catalogue, std::less<>> g_catalogues;
std::once_flag g_once;

const Catalogue* catalogue(std::string_view locale) {
  load();
  auto it = g_catalogues.find(locale);
  return it == g_catalogues.end() ? nullptr : &it->second;
}

std::string unquote(std::string_view s, int line) {
  s = util::trim(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"')
    throw std::runtime_error("PO line " + std::to_string(line) + ": expected a quoted string");
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      char n = s[++i];
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool supported(std::string_view locale) {
  for (auto l : kLocales)
    if (l == locale) return true;
  return false;
}

std::string_view native_name(std::string_view locale) {
  if (locale == "it") return "Italiano";
  if (locale == "en") return "English";
  if (locale == "de") return "Deutsch";
  if (locale == "sv") return "Svenska";
  if (locale == "fi") return "Suomi";
  return locale;
}

std::string negotiate(std::string_view header) {
  std::string best(kDefaultLocale);
  double best_q = 0;
  for (auto part : util::split(header, ',')) {
    auto semi = part.find(';');
    auto tag = util::to_lower(util::trim(part.substr(0, semi)));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      auto params = util::trim(part.substr(semi + 1));
      if (params.starts_with("q=")) q = std::strtod(std::string(params.substr(2)).c_str(), nullptr);
    }
    std::string primary = tag.substr(0, tag.find('-'));
    if (supported(primary) && q > best_q) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

std::vector<Entry> parse_po(std::string_view text) {
  std::vector<Entry> out;
  Entry cur;
  std::string* target = nullptr;
  bool in_entry = false;
  int line_no = 0;
  auto flush = [&] {
    if (in_entry && !cur.key.empty()) out.push_back(cur);
    cur = Entry{};
    target = nullptr;
    in_entry = false;
  };
  std::string id_plural;
  for (auto line : util::split(text, '\n')) {
    ++line_no;
    line = util::trim(line);
    if (line.empty() || line.starts_with('#')) continue;
    if (line.starts_with("msgid_plural ")) {
      id_plural = unquote(line.substr(13), line_no);
      target = &id_plural;
    } else if (line.starts_with("msgid ")) {
      flush();
      in_entry = true;
      cur.key = unquote(line.substr(6), line_no);
      target = &cur.key;
    } else if (line.starts_with("msgstr[")) {
      auto close = line.find(']');
      if (close == std::string_view::npos) throw std::runtime_error("PO line " + std::to_string(line_no) + ": bad msgstr[");
      cur.forms.push_back(unquote(line.substr(close + 1), line_no));
      target = &cur.forms.back();
    } else if (line.starts_with("msgstr ")) {
      cur.forms.push_back(unquote(line.substr(7), line_no));
      target = &cur.forms.back();
    } else if (line.starts_with('"')) {
      if (!target) throw std::runtime_error("PO line " + std::to_string(line_no) + ": continuation without entry");
      *target += unquote(line, line_no);
    } else {
      throw std::runtime_error("PO line " + std::to_string(line_no) + ": unexpected text");
    }
  }
  flush();
  return out;
}

void load() {
  std::call_once(g_once, [] {
    for (auto locale : kLocales) {
      std::string path = "locale/" + std::string(locale) + ".po";
      auto data = embedded::find(path);
      if (!data) throw std::runtime_error("missing catalogue " + path);
      Catalogue cat;
      try {
        for (auto& e : parse_po(*data)) cat[e.key] = std::move(e.forms);
      } catch (const std::exception& ex) {
        throw std::runtime_error(path + ": " + ex.what());
      }
      g_catalogues.emplace(std::string(locale), std::move(cat));
    }
  });
}

bool has(std::string_view locale, std::string_view key) {
  auto* c = catalogue(locale);
  if (!c) return false;
  auto it = c->find(std::string(key));
  return it != c->end() && !it->second.empty() && !it->second.front().empty();
}

std::vector<std::string> keys(std::string_view locale) {
  std::vector<std::string> out;
  if (auto* c = catalogue(locale))
    for (const auto& [k, v] : *c) out.push_back(k);
  return out;
}

int plural_index(std::string_view locale, std::int64_t n) {
  // Catalogues use CLDR categories in this order: [one, other] for en/de/sv/fi and
  // [one, many, other] for it ("many" is for exact millions: "1 milione di utenti").
  if (locale == "it") {
    if (n == 1) return 0;
    if (n != 0 && n % 1'000'000 == 0) return 1;
    return 2;
  }
  return n == 1 ? 0 : 1;
}

std::string t(std::string_view locale, std::string_view key, const Args& args) {
  auto* c = catalogue(locale);
  if (c) {
    auto it = c->find(std::string(key));
    if (it != c->end() && !it->second.empty() && !it->second.front().empty())
      return args.empty() ? it->second.front() : util::format(it->second.front(), args);
  }
  log::warn("missing translation", "\"locale\":\"" + util::json_escape(locale) + "\",\"key\":\"" +
                                       util::json_escape(key) + "\"");
  return std::string(key);
}

std::string tn(std::string_view locale, std::string_view key, std::int64_t n, const Args& args) {
  auto* c = catalogue(locale);
  Args all = args;
  all.emplace_back("n", std::to_string(n));
  if (c) {
    auto it = c->find(std::string(key));
    if (it != c->end() && !it->second.empty()) {
      auto idx = static_cast<std::size_t>(plural_index(locale, n));
      if (idx >= it->second.size()) idx = it->second.size() - 1;
      return util::format(it->second[idx], all);
    }
  }
  log::warn("missing translation", "\"locale\":\"" + util::json_escape(locale) + "\",\"key\":\"" +
                                       util::json_escape(key) + "\"");
  return std::string(key);
}

namespace {

// ICU formatters cost far more to create than to use (loading locale data): each thread keeps
// the ones it has made, keyed by kind, locale and zone. A formatter is used by one thread only.
enum class Kind { kDate, kDateTime, kZoneName, kMonth, kZoneCity };

icu::DateFormat* date_format(Kind kind, std::string_view locale, std::string_view tz) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::DateFormat>> cache;
  std::string key = std::to_string(static_cast<int>(kind)) + "|" + std::string(locale) + "|" + std::string(tz);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  icu::Locale loc(std::string(locale).c_str());
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::DateFormat> fmt;
  switch (kind) {
    case Kind::kDate: fmt.reset(icu::DateFormat::createDateInstance(icu::DateFormat::kLong, loc)); break;
    case Kind::kDateTime:
      fmt.reset(icu::DateFormat::createDateTimeInstance(icu::DateFormat::kLong, icu::DateFormat::kShort, loc));
      break;
    case Kind::kZoneName: fmt = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString("zzzz"), loc, st); break;
    case Kind::kMonth: fmt.reset(icu::DateFormat::createInstanceForSkeleton(icu::UnicodeString("yMMMM"), loc, st)); break;
    case Kind::kZoneCity: fmt = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString("VVV (ZZZZ)"), loc, st); break;
  }
  if (U_FAILURE(st) || !fmt) return nullptr;
  fmt->adoptTimeZone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(std::string(tz))));
  return cache.emplace(key, std::move(fmt)).first->second.get();
}

icu::DateIntervalFormat* interval_format(std::string_view locale, std::string_view tz) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::DateIntervalFormat>> cache;
  std::string key = std::string(locale) + "|" + std::string(tz);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::DateIntervalFormat> fmt(icu::DateIntervalFormat::createInstance(
      icu::UnicodeString("yMMMMdjm"), icu::Locale(std::string(locale).c_str()), st));
  if (U_FAILURE(st) || !fmt) return nullptr;
  fmt->adoptTimeZone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(std::string(tz))));
  return cache.emplace(key, std::move(fmt)).first->second.get();
}

std::string format_with(icu::DateFormat* fmt, std::int64_t t) {
  icu::UnicodeString out;
  fmt->format(static_cast<UDate>(t) * 1000.0, out);
  std::string s;
  out.toUTF8String(s);
  return s;
}

std::string icu_format(std::string_view locale, std::int64_t t, std::string_view tz, bool with_time) {
  auto* fmt = date_format(with_time ? Kind::kDateTime : Kind::kDate, locale, tz);
  return fmt ? format_with(fmt, t) : util::iso8601_utc(t);
}

}  // namespace

bool valid_time_zone(std::string_view zone) {
  if (zone.empty() || zone.size() > 64) return false;
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(std::string(zone))));
  return tz && *tz != icu::TimeZone::getUnknown();
}

std::optional<std::int64_t> local_to_utc(int year, int month, int day, int hour, int minute, std::string_view zone) {
  if (!valid_time_zone(zone) || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59)
    return std::nullopt;
  UErrorCode st = U_ZERO_ERROR;
  icu::GregorianCalendar cal(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(std::string(zone))), st);
  if (U_FAILURE(st)) return std::nullopt;
  cal.setLenient(true);
  cal.setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
  cal.setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
  cal.clear();
  cal.set(year, month - 1, day, hour, minute, 0);
  UDate when = cal.getTime(st);
  if (U_FAILURE(st)) return std::nullopt;
  // A skipped wall time (or 31 February) comes back as a different wall time: refuse it.
  if (cal.get(UCAL_YEAR, st) != year || cal.get(UCAL_MONTH, st) != month - 1 || cal.get(UCAL_DATE, st) != day ||
      cal.get(UCAL_HOUR_OF_DAY, st) != hour || cal.get(UCAL_MINUTE, st) != minute)
    return std::nullopt;
  return static_cast<std::int64_t>(when / 1000.0);
}

WallTime utc_to_local(std::int64_t t, std::string_view zone) {
  UErrorCode st = U_ZERO_ERROR;
  icu::GregorianCalendar cal(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(std::string(zone))), st);
  cal.setTime(static_cast<UDate>(t) * 1000.0, st);
  return {cal.get(UCAL_YEAR, st), cal.get(UCAL_MONTH, st) + 1, cal.get(UCAL_DATE, st), cal.get(UCAL_HOUR_OF_DAY, st),
          cal.get(UCAL_MINUTE, st)};
}

std::string zone_label(std::string_view locale, std::int64_t t, std::string_view zone) {
  auto* fmt = date_format(Kind::kZoneName, locale, zone);
  return fmt ? format_with(fmt, t) : std::string(zone);
}

std::string zone_city_label(std::string_view locale, std::int64_t t, std::string_view zone) {
  if (zone == "UTC") return "UTC";
  auto* fmt = date_format(Kind::kZoneCity, locale, zone);
  return fmt ? format_with(fmt, t) : std::string(zone);
}

const std::vector<std::string>& offered_zones() {
  static const std::vector<std::string> zones = {
      "Europe/Rome",   "Europe/Berlin",    "Europe/Vienna", "Europe/Stockholm", "Europe/Helsinki",
      "Europe/Paris",  "Europe/Madrid",    "Europe/Brussels", "Europe/Amsterdam", "Europe/Lisbon",
      "Europe/London", "Europe/Dublin",    "Europe/Warsaw", "Europe/Athens",    "UTC"};
  return zones;
}

bool is_offered_zone(std::string_view zone) {
  const auto& all = offered_zones();
  return std::find(all.begin(), all.end(), zone) != all.end();
}

std::vector<std::pair<std::string, std::string>> zone_choices(std::string_view locale, std::int64_t t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& z : offered_zones()) out.emplace_back(z, zone_city_label(locale, t, z));
  return out;
}

std::string format_range(std::string_view locale, std::int64_t from, std::int64_t to, std::string_view tz) {
  auto* fmt = interval_format(locale, tz);
  if (!fmt) return format_datetime(locale, from, tz) + " – " + format_datetime(locale, to, tz);
  UErrorCode st = U_ZERO_ERROR;
  icu::DateInterval interval(static_cast<UDate>(from) * 1000.0, static_cast<UDate>(to) * 1000.0);
  icu::UnicodeString out;
  icu::FieldPosition pos;
  fmt->format(&interval, out, pos, st);
  if (U_FAILURE(st)) return format_datetime(locale, from, tz) + " – " + format_datetime(locale, to, tz);
  std::string s;
  out.toUTF8String(s);
  return s;
}

std::string format_month(std::string_view locale, std::int64_t t) {
  auto* fmt = date_format(Kind::kMonth, locale, "UTC");
  return fmt ? format_with(fmt, t) : util::iso8601_utc(t).substr(0, 7);
}

std::string weekday_name(std::string_view locale, int monday_based) {
  UErrorCode st = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(icu::Locale(std::string(locale).c_str()), st);
  int32_t count = 0;
  const icu::UnicodeString* days =
      symbols.getWeekdays(count, icu::DateFormatSymbols::STANDALONE, icu::DateFormatSymbols::WIDE);
  int index = (monday_based + 1) % 7 + 1;  // ICU: 1 = Sunday ... 7 = Saturday
  if (U_FAILURE(st) || !days || index >= count) return std::to_string(monday_based);
  std::string s;
  days[index].toUTF8String(s);
  return s;
}

std::string format_date(std::string_view locale, std::int64_t t, std::string_view tz) {
  return icu_format(locale, t, tz, false);
}

std::string format_datetime(std::string_view locale, std::int64_t t, std::string_view tz) {
  return icu_format(locale, t, tz, true);
}

std::string format_bytes(std::string_view locale, std::int64_t bytes) {
  static constexpr const char* kUnits[] = {"common.bytes.b", "common.bytes.kb", "common.bytes.mb", "common.bytes.gb",
                                           "common.bytes.tb"};
  if (bytes < 1000) return t(locale, kUnits[0], {{"n", std::to_string(std::max<std::int64_t>(bytes, 0))}});
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 999.95 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string n = buf;
  if (locale != "en")
    for (auto& ch : n)
      if (ch == '.') ch = ',';
  return t(locale, kUnits[u], {{"n", n}});
}

}  // namespace cityskills::i18n
