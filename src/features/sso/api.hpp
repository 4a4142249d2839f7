#pragma once
// Single sign-on with OpenID Connect (decision note 0030): the providers platform
// administrators configure (/admin/sso), sign-in through them (authorization code flow with
// PKCE), the identities linked to accounts (listed on the profile) and the provider's own
// sign-out offered after signing out here.
#include "web/app.hpp"

namespace cityskills::sso {

void register_routes(web::App& app);
// The buttons on the sign-in page, the identities on the profile, the sign-out page and the
// identities a password reset drops (web/extensions.hpp).
void register_extensions();

}  // namespace cityskills::sso
