#pragma once
// The address of the sign-in page that comes back to `path` (a path on this site, with its query
// if any) once the person has signed in.
#include <string>
#include <string_view>

#include "http/url.hpp"

namespace cityskills::web {

inline std::string login_link(std::string_view path) { return "/login?next=" + http::percent_encode(path); }

}  // namespace cityskills::web
