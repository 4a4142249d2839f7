#pragma once
// The legal pages every public body's site must have: the privacy notice (GDPR art. 13), the
// legal notes, and the accessibility statement on the AgID model (Law 4/2004, Directive (EU)
// 2016/2102). Internal to the consent feature.
#include <memory>

#include "features/consent/store.hpp"
#include "web/app.hpp"

namespace cityskills::consent {

http::Response privacy_page(web::Ctx& ctx);
http::Response legal_page(web::Ctx& ctx);
// The controller's, contact and DPO's details for the pages' contacts partial.
view::Data contact_data(web::Ctx& ctx);
// The accessibility statement with its feedback form, and the administrators' page for the
// statement's editable parts and the feedback received (accessibility.cpp).
void register_accessibility(web::App& app);
// The privacy notice in force for the page's language, when administrators published one:
// sets notice_html, notice_version, notice_lang and updated (notice.cpp).
void notice_for_privacy_page(web::Ctx& ctx, view::Data& d);
// The notice's versions, the acknowledgement at sign-in and the administrators' editor.
void register_notice(web::App& app);
// This node's copy of the privacy settings (the cookie policy's version, the analytics tool,
// the contacts), at most a second old (decision note 0029): what every page's notice and the
// public pages read. Administrators' pages read the stored values themselves.
std::shared_ptr<const store::Settings> cached_settings(web::Services& svc);
// Drops this node's copy after the settings were written (call it after the commit).
void settings_changed(web::Services& svc);
// The records of processing (GDPR art. 30), generated from the features' declarations.
http::Response records_page(web::Ctx& ctx);

}  // namespace cityskills::consent
