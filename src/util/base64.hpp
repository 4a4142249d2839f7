#pragma once
// Base64 through libsodium: the standard alphabet with padding (MIME mail, HTTP Basic, stored
// archives) and the URL-safe one without padding (tokens, JWS, PKCE).
#include <optional>
#include <string>
#include <string_view>

namespace cityskills::util {

std::string base64(std::string_view bytes);
std::string base64url(std::string_view bytes);
// The bytes; nullopt when `text` is not wholly base64 of that alphabet.
std::optional<std::string> unbase64(std::string_view text);
std::optional<std::string> unbase64url(std::string_view text);

}  // namespace cityskills::util
