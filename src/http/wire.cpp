#include "http/wire.hpp"

#include "util/strings.hpp"

namespace cityskills::http::wire {

bool known_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" ||
         m == "OPTIONS";
}

bool clean_header_block(std::string_view h) {
  for (std::size_t i = 0; i < h.size(); ++i) {
    char c = h[i];
    if (c == '\0') return false;
    if (c == '\r' && (i + 1 >= h.size() || h[i + 1] != '\n')) return false;
    if (c == '\n') {
      if (i == 0 || h[i - 1] != '\r') return false;
      if (i + 1 < h.size() && (h[i + 1] == ' ' || h[i + 1] == '\t')) return false;
    }
  }
  return true;
}

bool clean_header_value(std::string_view v) {
  for (unsigned char c : v)
    if (c == 0 || c == '\r' || c == '\n') return false;
  return true;
}

bool plain_length(std::string_view v) {
  v = util::trim(v);
  if (v.empty() || v.size() > 19) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace cityskills::http::wire
