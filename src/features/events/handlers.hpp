#pragma once
// The events feature's page handlers and the helpers its page files share (routes.cpp,
// public.cpp, organiser.cpp, feeds.cpp). Internal to the feature: other features use api.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "features/events/model.hpp"
#include "features/orgs/api.hpp"
#include "web/app.hpp"

namespace cityskills::events::detail {

inline constexpr int kPerPage = 20;
// A check-in code is taken from this long before the event starts until this long after it ends.
inline constexpr std::int64_t kCheckinEarly = 30 * 60, kCheckinLate = 30 * 60;
// Guesses of a check-in code per person and event.
inline constexpr int kCheckinTries = 5;
inline constexpr std::int64_t kCheckinWindow = 15 * 60;

// ---- shared helpers (routes.cpp) ----
// A theme is a DigComp area: its name comes from the framework data, like every page's.
std::string theme_name(const web::Ctx& ctx, const std::string& theme);
std::vector<std::pair<std::string, std::string>> theme_names(const web::Ctx& ctx);
bool can_manage(web::Ctx& ctx, std::int64_t org_id);
// Organisations in which the signed-in person may publish events.
std::vector<orgs::OrgRef> manageable_orgs(web::Ctx& ctx);
std::string two(int v);
std::string when_text(const web::Ctx& ctx, const Event& e);
view::Data card(const web::Ctx& ctx, const Event& e);

// ---- public pages and registration (public.cpp) ----
std::optional<Event> load_event(web::Ctx& ctx, std::int64_t id);
mail::Attachment invitation(const web::Ctx& ctx, const Event& e, const std::string& method);
http::Response list_page(web::Ctx& ctx);
http::Response calendar_page(web::Ctx& ctx);
http::Response show(web::Ctx& ctx);
http::Response do_register(web::Ctx& ctx);
http::Response do_unregister(web::Ctx& ctx);

// ---- iCalendar feeds (feeds.cpp) ----
http::Response event_ics(web::Ctx& ctx);
http::Response all_ics(web::Ctx& ctx);
http::Response personal_ics(web::Ctx& ctx);
http::Response feed_get(web::Ctx& ctx);
http::Response feed_post(web::Ctx& ctx);

// ---- organiser pages (organiser.cpp, registrants.cpp) ----
// The event, when the signed-in person may manage it; otherwise nullopt, shown as a 404.
std::optional<Event> managed_event(web::Ctx& ctx);
view::List session_items(const web::Ctx& ctx, const std::vector<Session>& sessions);
http::Response new_form(web::Ctx& ctx);
http::Response create(web::Ctx& ctx);
http::Response edit_form(web::Ctx& ctx);
http::Response update(web::Ctx& ctx);
http::Response cancel_form(web::Ctx& ctx);
http::Response cancel_event(web::Ctx& ctx);
http::Response publish(web::Ctx& ctx);
http::Response registrants_page(web::Ctx& ctx);
http::Response registrants_csv(web::Ctx& ctx);
http::Response attendance(web::Ctx& ctx);
http::Response new_checkin_code(web::Ctx& ctx);
http::Response checkin(web::Ctx& ctx);
http::Response recording(web::Ctx& ctx);
http::Response duplicate(web::Ctx& ctx);
http::Response sessions_get(web::Ctx& ctx);
http::Response session_add(web::Ctx& ctx);
http::Response session_delete(web::Ctx& ctx);

// ---- the organisation's events report (report.cpp) ----
http::Response org_report(web::Ctx& ctx);
http::Response org_report_csv(web::Ctx& ctx);

}  // namespace cityskills::events::detail
