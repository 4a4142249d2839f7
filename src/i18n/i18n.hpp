#pragma once
// Translations from gettext PO catalogues (locale/*.po, embedded), plural forms and
// locale-aware dates.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityskills::i18n {

inline constexpr std::string_view kLocales[] = {"it", "en", "de", "sv", "fi"};
inline constexpr std::string_view kDefaultLocale = "en";

bool supported(std::string_view locale);
// Best supported locale for an Accept-Language header, honouring q-values; default if none.
std::string negotiate(std::string_view accept_language);
// The language's own name ("Italiano", "Deutsch", ...).
std::string_view native_name(std::string_view locale);

using Args = std::vector<std::pair<std::string, std::string>>;

// Loads the embedded catalogues once; throws if a catalogue is malformed.
void load();
// The translation of `key`; the key itself (and a log line) when missing.
std::string t(std::string_view locale, std::string_view key, const Args& args = {});
// Plural: picks the form for `n` (CLDR categories one/other, and "many" for Italian
// millions) and substitutes {n} and `args`.
std::string tn(std::string_view locale, std::string_view key, std::int64_t n, const Args& args = {});
bool has(std::string_view locale, std::string_view key);
std::vector<std::string> keys(std::string_view locale);
// Index of the plural form for n in the catalogue of `locale`.
int plural_index(std::string_view locale, std::int64_t n);
// "24 novembre 2026" / "24. November 2026" / "November 24, 2026" ...
std::string format_date(std::string_view locale, std::int64_t unix_seconds, std::string_view time_zone = "UTC");
std::string format_datetime(std::string_view locale, std::int64_t unix_seconds, std::string_view time_zone = "UTC");

// IANA time zones: validity, wall time -> UTC, UTC -> wall time.
bool valid_time_zone(std::string_view zone);
// Local wall time (month 1-12) in `zone` to UTC seconds. nullopt for an unknown zone or a
// time that does not exist there (skipped by a daylight-saving change). A repeated time
// (clocks going back) means its first occurrence.
std::optional<std::int64_t> local_to_utc(int year, int month, int day, int hour, int minute, std::string_view zone);
struct WallTime {
  int year, month, day, hour, minute;
};
WallTime utc_to_local(std::int64_t unix_seconds, std::string_view zone);
// "+01:00"-style offset of the zone at that instant, and its short name ("CET").
std::string zone_label(std::string_view locale, std::int64_t unix_seconds, std::string_view zone);

// A time range, compact when both ends share a day: "29 novembre 2026, 10:00–12:00".
std::string format_range(std::string_view locale, std::int64_t from, std::int64_t to, std::string_view time_zone);
// "novembre 2026" (the month of that instant in UTC).
std::string format_month(std::string_view locale, std::int64_t unix_seconds);
// Day names, 0 = Monday.
std::string weekday_name(std::string_view locale, int monday_based);

struct Entry {
  std::string key;
  std::vector<std::string> forms;  // one, or one per plural form
};
// Parses a PO file; returns entries in order. Throws std::runtime_error with a line number.
std::vector<Entry> parse_po(std::string_view text);

}  // namespace cityskills::i18n
