#pragma once
#include <string_view>

namespace cityskills::web {

// An http(s) address (web::is_http_url) that is https, or plain http to this machine
// (127.0.0.1, localhost, [::1]): where a platform administrator names a server we send
// secrets to.
bool is_secure_or_loopback_url(std::string_view url);

}  // namespace cityskills::web
