#include "web/throttle.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace cityskills::web {

std::string throttle_key(std::string_view ip) {
  std::string s(ip.substr(0, 100));
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (auto zone = s.find('%'); zone != std::string::npos) s.resize(zone);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::array<char, INET_ADDRSTRLEN> out{};
    inet_ntop(AF_INET, &v4, out.data(), out.size());
    return out.data();
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::string(ip);
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    std::array<char, INET_ADDRSTRLEN> out{};
    inet_ntop(AF_INET, &v4, out.data(), out.size());
    return out.data();
  }
  std::memset(v6.s6_addr + 8, 0, 8);
  std::array<char, INET6_ADDRSTRLEN> out{};
  inet_ntop(AF_INET6, &v6, out.data(), out.size());
  return std::string(out.data()) + "/64";
}

}  // namespace cityskills::web
