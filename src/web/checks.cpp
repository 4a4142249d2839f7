// The checks forms share (declared in web/forms.hpp): allowed links, number ranges and local
// date-times in a time zone.
#include <cstdio>

#include "i18n/i18n.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::web {
namespace {

bool parse_date(std::string_view s, int& y, int& m, int& d) {
  char tail = 0;
  std::string text(s);
  return s.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
}

bool parse_time(std::string_view s, int& h, int& mi) {
  char tail = 0;
  std::string text(s);
  return s.size() == 5 && std::sscanf(text.c_str(), "%2d:%2d%c", &h, &mi, &tail) == 2;
}

bool real_day(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool same_wall_time(const i18n::WallTime& a, int y, int m, int d, int h, int mi) {
  return a.year == y && a.month == m && a.day == d && a.hour == h && a.minute == mi;
}

}  // namespace

bool check_url(FormErrors& errors, const std::string& field, std::string_view url, bool required) {
  if (url.empty() && !required) return true;
  if (is_http_url(url)) return true;
  errors.add(field, "validation.url.invalid");
  return false;
}

std::optional<std::int64_t> check_int_range(FormErrors& errors, const std::string& field,
                                            std::optional<std::int64_t> value, std::int64_t min, std::int64_t max,
                                            const std::string& key) {
  if (value && *value >= min && *value <= max) return value;
  errors.add(field, key, {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
  return std::nullopt;
}

LocalTime resolve_local_time(std::string_view date, std::string_view time, std::string_view zone,
                             bool time_optional) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (!parse_date(date, y, mo, d) || !real_day(y, mo, d)) return {};
  if (!(time.empty() && time_optional) && (!parse_time(time, h, mi) || h < 0 || h > 23 || mi < 0 || mi > 59))
    return {};
  if (!i18n::valid_time_zone(zone)) return {LocalTimeStatus::kUnknownZone};
  auto utc = i18n::local_to_utc(y, mo, d, h, mi, zone);
  if (!utc) return {LocalTimeStatus::kSkipped};
  // The first occurrence of a repeated wall time comes back again one offset change later
  // (an hour almost everywhere; half an hour or two in a few zones).
  for (std::int64_t shift : {1800, 3600, 7200})
    if (same_wall_time(i18n::utc_to_local(*utc + shift, zone), y, mo, d, h, mi))
      return {LocalTimeStatus::kRepeated, *utc};
  return {LocalTimeStatus::kOk, *utc};
}

std::optional<std::int64_t> check_local_time(FormErrors& errors, const std::string& date_field,
                                             const std::string& time_field, std::string_view date,
                                             std::string_view time, std::string_view zone, RepeatedTime repeated) {
  auto local = resolve_local_time(date, time, zone);
  switch (local.status) {
    case LocalTimeStatus::kOk:
      return local.utc;
    case LocalTimeStatus::kRepeated:
      if (repeated == RepeatedTime::kFirst) return local.utc;
      errors.add(time_field, "validation.datetime.repeated", {{"zone", std::string(zone)}});
      return std::nullopt;
    case LocalTimeStatus::kMalformed:
      errors.add(date_field, "events.validation.datetime");
      return std::nullopt;
    case LocalTimeStatus::kSkipped:
      errors.add(time_field, "events.validation.no_such_time", {{"zone", std::string(zone)}});
      return std::nullopt;
    case LocalTimeStatus::kUnknownZone:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace cityskills::web
