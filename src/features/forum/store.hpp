#pragma once
// The forum's SQL. Posts carry a per-thread number `seq`, so page N of a thread is the range
// of seq on the (thread_id, seq) index: no OFFSET scan, whatever the length of the thread.
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::forum {

// A category's name and description in one language.
struct CategoryText {
  std::string lang, name, description;
};

struct Category {
  std::int64_t id = 0;
  std::string slug, name, description, org_name;  // name and description: the fallback for every language
  std::optional<std::int64_t> org_id;
  std::int64_t position = 0, threads = 0;
  std::vector<CategoryText> translations;  // filled by translations() and by the edit form
};

struct Thread {
  std::int64_t id = 0, category_id = 0;
  std::optional<std::int64_t> category_org_id;
  std::string category_slug, category_name;
  std::int64_t author_id = 0;
  std::string author_name, lang, title;
  std::int64_t last_seq = 0, last_post_at = 0, created_at = 0;
  bool pinned = false, locked = false, hidden = false;
  std::string lock_reason, hidden_reason;
};

struct Post {
  std::int64_t id = 0, thread_id = 0, seq = 0, author_id = 0;
  std::string author_name, author_handle, body, hidden_reason;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> edited_at;
  bool hidden = false;
};

struct Version {
  std::string body;
  std::int64_t written_at = 0;
};

struct Report {
  std::int64_t id = 0, post_id = 0, thread_id = 0, seq = 0;
  std::string thread_title, category_name, reporter_name, reason, post_excerpt;
  std::int64_t created_at = 0;
  bool post_hidden = false;
};

struct LogEntry {
  std::string action, reason, actor_name, category_name, thread_title;
  std::optional<std::int64_t> thread_id, post_id;
  std::int64_t created_at = 0;
};

struct Recipient {
  std::int64_t user_id = 0;
  std::string email, lang, display_name;
};

struct Notification {
  std::int64_t id = 0, post_id = 0;
  std::string kind, actor_name, thread_title;
  std::int64_t created_at = 0;
  bool read = false;
};

struct FeedItem {
  Post post;
  std::string thread_title;
};

namespace store {

std::vector<Category> categories(db::Connection& c);
// The categories with their names and descriptions in `lang` where translated, in one statement.
std::vector<Category> categories(db::Connection& c, const std::string& lang);
std::optional<Category> category_by_slug(db::Connection& c, const std::string& slug);
std::optional<Category> category_by_id(db::Connection& c, std::int64_t id);
std::int64_t create_category(db::Connection& c, const Category& cat);
void update_category(db::Connection& c, const Category& cat);
// The category's translations, in the order of i18n::kLocales.
std::vector<CategoryText> translations(db::Connection& c, std::int64_t category_id);
// Replaces the category's translations by `texts` (entries with an empty name and description are dropped).
void set_translations(db::Connection& c, std::int64_t category_id, const std::vector<CategoryText>& texts);
// Puts the `lang` name and description in place of the fallback where a translation has them.
void localise(db::Connection& c, std::vector<Category>& cats, const std::string& lang);
void localise(db::Connection& c, Category& cat, const std::string& lang);
// The category's name in `lang`, else its fallback name.
std::string category_name(db::Connection& c, std::int64_t category_id, const std::string& lang);

// Threads of a category: pinned first, then the most recently active.
std::vector<Thread> threads(db::Connection& c, std::int64_t category_id, bool with_hidden, int limit, int offset);
std::int64_t count_threads(db::Connection& c, std::int64_t category_id, bool with_hidden);
std::optional<Thread> find_thread(db::Connection& c, std::int64_t id);
// The thread with its category's name in `lang` and whether `user_id` (0: nobody) follows it,
// in one statement.
std::optional<Thread> find_thread_for(db::Connection& c, std::int64_t id, const std::string& lang, std::int64_t user_id,
                                      bool& subscribed);
// Creates the thread and its opening post (seq 1); returns the thread id. Run inside a transaction.
std::int64_t create_thread(db::Connection& c, std::int64_t category_id, std::int64_t author_id, const std::string& lang,
                           const std::string& title, const std::string& body, std::int64_t now);
// Gives the next number of the thread to a new post, unless the thread is locked or hidden
// (then nullopt). The number and the lock check are one UPDATE, so concurrent replies never
// share a number and none slips in after a lock. Run inside a write transaction.
std::optional<Post> add_post(db::Connection& c, std::int64_t thread_id, std::int64_t author_id, const std::string& body,
                             std::int64_t now);
// The newest visible posts of a category (neither the post nor its thread hidden).
std::vector<FeedItem> latest_posts(db::Connection& c, std::int64_t category_id, int limit);
// A form sent twice (double click, retry) must not post twice: the number of the same
// person's identical post among the last few of the thread since `since`, if any.
std::optional<std::int64_t> recent_duplicate(db::Connection& c, std::int64_t thread_id, std::int64_t author_id,
                                             const std::string& body, std::int64_t since);
// The same for a new thread: the person's thread of that title in the category since `since`.
std::optional<std::int64_t> recent_thread(db::Connection& c, std::int64_t category_id, std::int64_t author_id,
                                          const std::string& title, std::int64_t since);
std::vector<Post> posts_between(db::Connection& c, std::int64_t thread_id, std::int64_t from_seq, std::int64_t to_seq);
std::optional<Post> find_post(db::Connection& c, std::int64_t id);
// Keeps the text being replaced as a version, then stores the new one.
void edit_post(db::Connection& c, const Post& old, const std::string& body, std::int64_t now);
// Search index: every visible post of a visible thread is one document (the opening post
// carries the title); add_post, edit_post, set_title and the hide functions keep it current.
void index_post(db::Connection& c, std::int64_t post_id);
void index_thread(db::Connection& c, std::int64_t thread_id);
void index_all(db::Connection& c);
void set_title(db::Connection& c, std::int64_t thread_id, const std::string& title, std::int64_t now);
std::vector<Version> versions(db::Connection& c, std::int64_t post_id);

// Moderation. Each returns false when nothing changed (already in that state).
bool set_post_hidden(db::Connection& c, std::int64_t post_id, bool hidden, const std::string& reason, std::int64_t now);
bool set_thread_hidden(db::Connection& c, std::int64_t thread_id, bool hidden, const std::string& reason,
                       std::int64_t now);
bool set_locked(db::Connection& c, std::int64_t thread_id, bool locked, const std::string& reason, std::int64_t now);
bool set_pinned(db::Connection& c, std::int64_t thread_id, bool pinned, std::int64_t now);
void move_thread(db::Connection& c, std::int64_t thread_id, std::int64_t category_id, std::int64_t now);
void log_action(db::Connection& c, std::optional<std::int64_t> category_id, std::optional<std::int64_t> thread_id,
                std::optional<std::int64_t> post_id, std::int64_t actor_id, const std::string& action,
                const std::string& reason, std::int64_t now);
// Category names in `lang` where translated (else the category's own name).
std::vector<LogEntry> moderation_log(db::Connection& c, const std::vector<std::int64_t>& category_ids,
                                     const std::string& lang, int limit);

// False when this person already reported this post.
bool report(db::Connection& c, std::int64_t post_id, std::int64_t reporter_id, const std::string& reason,
            std::int64_t now);
// Category names in `lang` where translated (else the category's own name).
std::vector<Report> open_reports(db::Connection& c, const std::vector<std::int64_t>& category_ids,
                                 const std::string& lang, int limit);
std::optional<std::int64_t> report_post(db::Connection& c, std::int64_t report_id);  // open reports only
void resolve_reports(db::Connection& c, std::int64_t post_id, std::int64_t by, std::int64_t now);

// Handles for mentions.
std::optional<std::string> handle_of(db::Connection& c, std::int64_t user_id);
std::string ensure_handle(db::Connection& c, std::int64_t user_id, const std::string& display_name);
std::optional<Recipient> user_by_handle(db::Connection& c, const std::string& handle);
std::optional<Recipient> recipient(db::Connection& c, std::int64_t user_id);

void subscribe(db::Connection& c, std::int64_t thread_id, std::int64_t user_id, std::int64_t now);
void unsubscribe(db::Connection& c, std::int64_t thread_id, std::int64_t user_id);
bool subscribed(db::Connection& c, std::int64_t thread_id, std::int64_t user_id);
std::vector<Recipient> subscribers(db::Connection& c, std::int64_t thread_id);

// False when the person was already notified of this post.
bool notify(db::Connection& c, std::int64_t user_id, const std::string& kind, std::int64_t post_id,
            std::int64_t actor_id, std::int64_t now);
std::vector<Notification> notifications(db::Connection& c, std::int64_t user_id, int limit);
std::int64_t unread_notifications(db::Connection& c, std::int64_t user_id);
void mark_notifications_read(db::Connection& c, std::int64_t user_id, std::int64_t now);

}  // namespace store
}  // namespace cityskills::forum
