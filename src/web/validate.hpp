#pragma once
// Validation of common fields. Each returns the translation key of the problem, or nullopt.
#include <optional>
#include <string>
#include <string_view>

namespace cityskills::web {

std::optional<std::string> check_email(std::string_view email);
// Display names and other short single-line texts: not empty or blank (incl. zero-width),
// no control characters or bidi overrides, at most `max` characters.
std::optional<std::string> check_name(std::string_view name, std::size_t max = 100);
// An absolute http(s) address with a host, at most 500 bytes; any other scheme (javascript:,
// data:, ftp:, file:) is refused, as are spaces, quotes, angle brackets, backslashes, back
// quotes, control and non-ASCII characters, and a user@ part in the host.
bool is_http_url(std::string_view url);
// A same-origin relative path for ?next=, or "" when unsafe.
std::string safe_next(std::string_view next);

}  // namespace cityskills::web
