#pragma once
// The language for visitors whose browser names none the site has: the administrators'
// choice, asked for only then (the site settings set the provider when routes register).
#include <functional>
#include <string>

#include "web/app.hpp"

namespace cityskills::web {

// Replaces the provider for the server using `svc`; an App forgets it when it is created.
void set_default_locale(const Services& svc, std::function<std::string()> provider);

}  // namespace cityskills::web
