#pragma once
// Checks of what arrives on the wire, before and beside Beast's parser (RFC 9112): what Beast
// would tolerate is refused here.
#include <string_view>

namespace cityskills::http::wire {

// GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; anything else is a 405.
bool known_method(std::string_view m);
// A raw header block: every line ends in CRLF, no bare CR or LF, no NUL, no obs-fold (a line
// starting with space or tab continues the previous one: refused, RFC 9112 5.2).
bool clean_header_block(std::string_view h);
// A header value without NUL or bare CR/LF (Beast rejects most; this is the last word).
bool clean_header_value(std::string_view v);
// A Content-Length value: digits only (a list such as "5, 5" is refused, RFC 9112 6.3).
bool plain_length(std::string_view v);

}  // namespace cityskills::http::wire
