#pragma once
// The options of a route that takes files.
#include <cstddef>

#include "web/app.hpp"

namespace cityskills::web {

// A multipart form whose files may take up to `limit` bytes in all.
inline RouteOptions upload_route(std::size_t limit) {
  RouteOptions o;
  o.multipart = true;
  o.body_limit = limit;
  return o;
}

}  // namespace cityskills::web
