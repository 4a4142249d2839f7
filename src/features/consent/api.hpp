#pragma once
// Privacy: the cookie centre (a notice on the first visit, /cookies, a choice recorded on the
// server and asked again when the cookie policy changes), the analytics tool loaded only after
// consent, and the privacy, legal and accessibility pages.
#include <cstdint>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::consent {

void register_routes(web::App& app);

}  // namespace cityskills::consent
