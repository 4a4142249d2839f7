#pragma once
// Inside the single-sign-on feature: each page file registers its own routes.
#include <string>

#include "web/app.hpp"

namespace cityskills::sso {

void register_admin_routes(web::App& app);
void register_sign_in_routes(web::App& app);
// The one redirect URI every provider is registered with: <public URL>/sso/callback.
inline std::string callback_url(const web::Ctx& ctx) { return ctx.svc.config.public_url + "/sso/callback"; }

}  // namespace cityskills::sso
