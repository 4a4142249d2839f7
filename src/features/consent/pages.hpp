#pragma once
// The legal pages every public body's site must have: the privacy notice (GDPR art. 13), the
// legal notes, and the accessibility statement on the AgID model (Law 4/2004, Directive (EU)
// 2016/2102). Internal to the consent feature.
#include "web/app.hpp"

namespace cityskills::consent {

http::Response privacy_page(web::Ctx& ctx);
http::Response legal_page(web::Ctx& ctx);
http::Response accessibility_page(web::Ctx& ctx);

}  // namespace cityskills::consent
