#pragma once
// Shared by the forum's reading, posting and moderation handlers (not part of the api).
#include <optional>
#include <string>
#include <vector>

#include "features/forum/policy.hpp"
#include "features/forum/store.hpp"
#include "web/forms.hpp"

namespace cityskills::forum {

constexpr std::int64_t kPerPage = 20;
constexpr std::size_t kBodyMax = 20000;   // characters of a post
constexpr std::size_t kTitleMax = 200;
constexpr std::size_t kReasonMax = 500;
constexpr std::size_t kMaxLinks = 10;
constexpr std::size_t kMaxMentions = 10;

// Moderators of the owning organisation, or platform admins (for every category; the only
// moderators of categories without an organisation).
// The categories the person moderates (forum/policy.hpp says who moderates what).
// Ids of the categories this person moderates (empty for most people).
std::vector<std::int64_t> moderated_categories(db::Connection& c, const web::Actor& a);

// Post text rules: present, valid UTF-8, at most kBodyMax characters (the message shows the
// limit and the length), not nested too deep, at most kMaxLinks links and kMaxMentions mentions.
void check_body(const std::string& field, const std::string& body, web::FormErrors& errors);
// A moderator's or reporter's reason: required, one line of text, at most kReasonMax characters.
void check_reason(const std::string& field, const std::string& reason, web::FormErrors& errors);

inline std::int64_t page_of(std::int64_t seq) { return (seq - 1) / kPerPage + 1; }
inline std::int64_t page_count(std::int64_t last_seq) { return last_seq < 1 ? 1 : page_of(last_seq); }
std::string post_url(std::int64_t thread_id, std::int64_t seq);

// The signed-in person moderates the thread's category (and so sees what is hidden in it).
bool moderates_thread(web::Ctx& ctx, const Thread& t);

// Times on forum pages, in the reader's language.
std::string local_time(const web::Ctx& ctx, std::int64_t t);
// A thread as the person may see it: nullopt when it does not exist or is hidden from them;
// `moderator` says whether they moderate it.
// With `subscribed`, the category's name is in the page's language and whether the person
// follows the thread is read in the same statement.
std::optional<Thread> visible_thread(web::Ctx& ctx, std::int64_t id, bool& moderator, bool* subscribed = nullptr);
// The signed link in a reply e-mail that leaves the thread without signing in.
std::string unsubscribe_sig(const web::Ctx& ctx, std::int64_t thread_id, std::int64_t user_id);
std::string unsubscribe_link(const web::Ctx& ctx, std::int64_t thread_id, std::int64_t user_id);
// The category named by the path's {slug}; the second with its name in the reader's language.
std::optional<Category> category_param(web::Ctx& ctx);
std::optional<Category> localised_category_param(web::Ctx& ctx);

// Each part of the forum registers its own routes (routes.cpp calls them in this order).
void register_categories(web::App& app);
void register_threads(web::App& app);
void register_subscriptions(web::App& app);
void register_moderation(web::App& app);

}  // namespace cityskills::forum
