#pragma once
// The key under which per-address throttles count a client.
#include <string>
#include <string_view>

namespace cityskills::web {

// An IPv4 address stays itself; an IPv6 address becomes its /64 prefix ("2001:db8:1:2::/64"),
// since one subscriber usually holds a whole /64 and could otherwise rotate addresses inside
// it to escape a limit. IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the IPv4 address;
// brackets and zone ids (fe80::1%eth0) are dropped. Anything unparsable is returned as is.
// Every per-address throttle uses this key.
std::string throttle_key(std::string_view ip);

}  // namespace cityskills::web
