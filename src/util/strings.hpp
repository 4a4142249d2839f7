#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::util {

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
// Views into `s`: keep the string alive while the result is used.
std::vector<std::string_view> split(std::string_view s, char sep);
std::vector<std::string_view> split(std::string&& s, char sep) = delete;  // would dangle
// Strict decimal id: digits only, no sign, no leading '+', fits in int64 and > 0.
std::optional<std::int64_t> parse_id(std::string_view s);
std::optional<std::int64_t> parse_int(std::string_view s);
bool valid_utf8(std::string_view s);
// Number of Unicode code points (input must be valid UTF-8).
std::size_t utf8_length(std::string_view s);
std::string html_escape(std::string_view s);
std::string json_escape(std::string_view s);
// Replaces {name} placeholders with values.
std::string format(std::string_view pattern,
                   const std::vector<std::pair<std::string, std::string>>& args);
std::int64_t now_unix();
std::string iso8601_utc(std::int64_t unix_seconds);
// strftime of the UTC time, e.g. "%Y%m%dT%H%M%SZ".
std::string format_utc(std::int64_t unix_seconds, const char* strftime_format);

}  // namespace cityskills::util
