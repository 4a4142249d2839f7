#pragma once
// Reading the JSON documents of OpenID Connect (discovery, token answers, key sets, a token's
// header and claims): a document that is not an object is none, a member that is not text is "".
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace cityskills::sso {

inline std::optional<boost::json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.as_object();
}

inline std::string str(const boost::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace cityskills::sso
