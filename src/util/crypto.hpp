#pragma once
#include <string>
#include <string_view>

namespace cityskills::crypto {

void init();                                   // sodium_init, once per process
std::string random_token(std::size_t bytes = 32);  // URL-safe base64, no padding
std::string random_bytes(std::size_t n);            // n bytes from the system's CSPRNG
std::string sha256_hex(std::string_view data);
std::string hmac_hex(std::string_view key, std::string_view message);
bool equal_constant_time(std::string_view a, std::string_view b);
// argon2id with libsodium's interactive limits; returns the encoded hash.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view encoded, std::string_view password);

}  // namespace cityskills::crypto
