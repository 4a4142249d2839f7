#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::practices {

// Fixed lists: filters and forms accept nothing else.
inline const std::vector<std::string> kAreas = {"1", "2", "3", "4", "5"};  // DigComp 2.2 areas
inline const std::vector<std::string> kThemes = {"inclusion", "seniors",    "schools",       "businesses",
                                                 "e_government", "open_data", "cybersecurity", "libraries"};
inline const std::vector<std::string> kCostBands = {"none", "under_10k", "10k_50k", "50k_250k", "over_250k"};
inline const std::vector<std::string> kEffortBands = {"low", "medium", "high"};
inline const std::vector<std::string> kSizeBands = {"under_10k", "10k_50k", "50k_250k", "250k_1m", "over_1m"};

struct Practice {
  std::int64_t id = 0, org_id = 0;
  std::optional<std::int64_t> author_id;
  std::string org_name, author_name, lang, title, problem, actions, results, figures, lessons;
  std::string cost_band, effort_band, size_band, country, contact_name, contact_email;
  std::string status = "pending", moderation_note;
  std::vector<std::string> areas, themes;
  std::int64_t did_too = 0, comments = 0, created_at = 0, published_at = 0;
};

struct Comment {
  std::string author_name, body;
  std::int64_t created_at = 0;
};

struct Decision {
  std::string action, reason, actor_name;
  std::int64_t created_at = 0;
};

struct Attachment {
  std::int64_t media_id = 0, size = 0;
  std::string name, mime;
};

namespace store {
struct Filter {
  std::string area, theme, cost_band, effort_band, size_band, country, lang;
  std::optional<std::int64_t> org_id;
};
// Published practices only, newest first.
std::vector<Practice> published(db::Connection& c, const Filter& f, int limit, int offset);
std::vector<Practice> pending(db::Connection& c);
std::optional<Practice> find(db::Connection& c, std::int64_t id);
std::vector<std::string> countries(db::Connection& c);  // of published practices
std::int64_t create(db::Connection& c, const Practice& p, std::optional<std::int64_t> author_id);
// The same person's practice with the same title submitted in the last `seconds` (a double
// click or a retried form), if any.
std::optional<std::int64_t> recent_duplicate(db::Connection& c, std::int64_t author_id, const std::string& title,
                                             std::int64_t seconds);
// Records the decision and its reason, and publishes or withdraws the practice.
void moderate(db::Connection& c, std::int64_t id, std::int64_t actor_id, bool approve, const std::string& reason);
// Puts the practice in the search index while it is published, else removes it; create and
// moderate call it.
void index(db::Connection& c, std::int64_t id);
void index_all(db::Connection& c);
std::vector<Decision> decisions(db::Connection& c, std::int64_t id);
// Adds or removes one person's mark; the count is recomputed in the same transaction.
std::int64_t mark_did_too(db::Database& db, std::int64_t id, std::int64_t user_id, bool on);
bool did_too(db::Connection& c, std::int64_t id, std::int64_t user_id);
// The demo's history, inside the caller's transaction: when a practice was published, and a
// first "we did this too".
void set_published_at(db::Connection& c, std::int64_t id, std::int64_t at);
void add_did_too(db::Connection& c, std::int64_t id, std::int64_t user_id, std::int64_t at);
std::vector<Comment> comments(db::Connection& c, std::int64_t id);
void add_comment(db::Connection& c, std::int64_t id, std::int64_t author_id, const std::string& body);
void attach(db::Connection& c, std::int64_t id, std::int64_t media_id);
std::vector<Attachment> attachments(db::Connection& c, std::int64_t id);
}  // namespace store

}  // namespace cityskills::practices
