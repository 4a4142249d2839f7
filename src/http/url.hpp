#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityskills::http {

using Params = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX once. Rejects bad escapes, %00 and any decoded control byte, invalid UTF-8.
// With `plus_is_space` (forms and query strings) '+' becomes ' '.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);
std::string percent_encode(std::string_view s);
// A request path: must start with '/', decode cleanly, no '..' or '.' segments, no backslash,
// no double-encoded dot-dot. Returns the decoded path.
std::optional<std::string> decode_path(std::string_view raw);
// application/x-www-form-urlencoded (also query strings). nullopt on any malformed pair.
std::optional<Params> parse_form(std::string_view s);

}  // namespace cityskills::http
