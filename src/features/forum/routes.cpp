// Forum: categories (categories.cpp), threads and replies in Markdown with quoting, @mentions
// and editing with the history kept (threads.cpp), subscriptions with e-mail on new replies and
// notifications (subscriptions.cpp), moderation (moderation.cpp). Here: what they share, and
// the feature's registration.
#include <algorithm>
#include <variant>

#include "features/accounts/api.hpp"
#include "features/forum/api.hpp"
#include "features/forum/common.hpp"
#include "features/forum/text.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/validate.hpp"
#include "web/extensions.hpp"
#include "web/processing.hpp"

namespace cityskills::forum {

using http::Response;
using web::Ctx;
using web::FormErrors;

// ---- shared helpers ------------------------------------------------------------------------

std::vector<std::int64_t> moderated_categories(db::Connection& c, const web::Actor& a) {
  std::vector<std::int64_t> out;
  for (const auto& cat : store::categories(c))
    if (policy::may_moderate(a, cat.org_id)) out.push_back(cat.id);
  return out;
}

void check_body(const std::string& field, const std::string& body, FormErrors& errors) {
  if (!web::check_text(errors, field, body, kBodyMax, "forum.validation.too_long")) return;
  if (view::render_markdown(body).too_deep) return errors.add(field, "news.validation.too_deep");
  if (auto n = count_links(body); n > kMaxLinks)
    return errors.add(field, "forum.validation.too_many_links",
                      {{"max", std::to_string(kMaxLinks)}, {"count", std::to_string(n)}});
  if (auto n = find_mentions(body).size(); n > kMaxMentions)
    return errors.add(field, "forum.validation.too_many_mentions",
                      {{"max", std::to_string(kMaxMentions)}, {"count", std::to_string(n)}});
}

void check_reason(const std::string& field, const std::string& reason, FormErrors& errors) {
  if (auto e = web::check_name(reason, kReasonMax)) errors.add(field, "forum.validation.reason");
}

std::string post_url(std::int64_t thread_id, std::int64_t seq) {
  return "/forum/t/" + std::to_string(thread_id) + "?page=" + std::to_string(page_of(seq)) + "#p" + std::to_string(seq);
}

bool moderates_thread(Ctx& ctx, const Thread& t) { return policy::may_moderate(ctx.actor(), t.category_org_id); }

// Times on forum pages.
std::string local_time(const Ctx& ctx, std::int64_t t) { return i18n::format_datetime(ctx.locale, t, ctx.zone()); }

// A thread as the person may see it: nullopt when it does not exist or is hidden from them.
std::optional<Thread> visible_thread(Ctx& ctx, std::int64_t id, bool& moderator, bool* subscribed) {
  std::optional<Thread> t;
  {
    auto c = ctx.db().acquire();
    t = subscribed ? store::find_thread_for(*c, id, ctx.locale, ctx.user ? ctx.user->id : 0, *subscribed)
                   : store::find_thread(*c, id);
  }
  if (!t) return std::nullopt;
  moderator = moderates_thread(ctx, *t);
  if (t->hidden && !moderator) return std::nullopt;
  return t;
}

// The signature of an e-mail's unsubscribe link, and the link itself.
std::string unsubscribe_sig(const Ctx& ctx, std::int64_t thread_id, std::int64_t user_id) {
  return crypto::hmac_hex(ctx.svc.secret, "forum-unsubscribe|" + std::to_string(thread_id) + "|" + std::to_string(user_id));
}

std::string unsubscribe_link(const Ctx& ctx, std::int64_t thread_id, std::int64_t user_id) {
  return ctx.svc.config.public_url + "/forum/unsubscribe?t=" + std::to_string(thread_id) + "&u=" + std::to_string(user_id) +
         "&sig=" + unsubscribe_sig(ctx, thread_id, user_id);
}

// The category named by the path's {slug}.
std::optional<Category> category_param(Ctx& ctx) {
  auto c = ctx.db().acquire();
  return store::category_by_slug(*c, ctx.path_params["slug"]);
}

// The category with its name in the reader's language, for page titles.
std::optional<Category> localised_category_param(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto cat = store::category_by_slug(*c, ctx.path_params["slug"]);
  if (cat) store::localise(*c, *cat, ctx.locale);
  return cat;
}

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_content_data("forum", "forum", {"staff", "public", "processors"},
                            {"forum_threads", "forum_posts", "forum_handles", "forum_subscriptions",
                             "forum_notifications", "forum_reports", "forum_moderation_log"});
  register_categories(app);
  register_threads(app);
  register_subscriptions(app);
  register_moderation(app);
}

}  // namespace cityskills::forum
