#pragma once
// Privacy: the cookie centre (a notice on the first visit, /cookies, a choice recorded on the
// server and asked again when the cookie policy changes), the analytics tool loaded only after
// consent, the privacy notice administrators write (accepted at sign-up, acknowledged again
// after a new version), and the privacy, legal and accessibility pages.
#include <cstdint>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::consent {

void register_routes(web::App& app);

// The privacy notice in force for a language: the newest version published in it, else the
// newest in any language; id 0 when the administrators have published none (the built-in
// notice of /privacy, dated kPrivacyNoticeUpdated).
struct NoticeVersion {
  std::int64_t id = 0;
  int version = 0;
  std::string lang;
  std::int64_t published_at = 0;
};
NoticeVersion current_notice(db::Connection& c, std::string_view lang);

// Records that the person accepted notice `notice_id` (0: the built-in one) at sign-up
// (`how` "signup") or acknowledged it later ("acknowledged"), inside the caller's transaction.
void record_notice_acceptance(db::Tx& c, std::int64_t user_id, std::int64_t notice_id, std::string_view how,
                              std::int64_t now);

// Whether a version newer than every one the person accepted is in force for `lang` (they are
// then shown it at sign-in before going on).
bool notice_to_acknowledge(db::Connection& c, std::int64_t user_id, std::string_view lang);

// Where sign-in sends a person who must acknowledge a new notice first (`next`: where they
// were going, already made safe).
std::string acknowledge_path(std::string_view next);

}  // namespace cityskills::consent
