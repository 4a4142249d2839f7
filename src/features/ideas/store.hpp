#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::ideas {

inline const std::vector<std::string> kStatuses = {"under_review", "accepted", "in_progress", "done", "not_pursued"};

struct Idea {
  std::int64_t id = 0, org_id = 0;
  std::string org_name, author_name, lang, title, body, status = "under_review", status_note;
  std::int64_t supports = 0, created_at = 0, comments = 0;
};

struct Comment {
  std::int64_t id = 0;
  std::string author_name, body;
  std::int64_t created_at = 0;
};

struct StatusChange {
  std::string status, note, actor_name;
  std::int64_t created_at = 0;
};

namespace store {
struct Filter {
  std::string status;
  std::optional<std::int64_t> org_id;
  bool by_support = false;
};
std::vector<Idea> list(db::Connection& c, const Filter& f, int limit, int offset);
std::optional<Idea> find(db::Connection& c, std::int64_t id);
std::int64_t create(db::Connection& c, const Idea& idea, std::int64_t author_id);
// Adds or removes one person's support; the count is recomputed in the same transaction.
// Returns the new count.
std::int64_t support(db::Database& db, std::int64_t idea_id, std::int64_t user_id, bool on);
// Adds one person's support inside the caller's transaction (demo data), dated at the epoch.
void add_support(db::Connection& c, std::int64_t idea_id, std::int64_t user_id);
// Whether any idea exists (the demo data is added only to an empty table).
bool any(db::Connection& c);
bool supports(db::Connection& c, std::int64_t idea_id, std::int64_t user_id);
std::vector<Comment> comments(db::Connection& c, std::int64_t idea_id);
void add_comment(db::Connection& c, std::int64_t idea_id, std::int64_t author_id, const std::string& body);
// Puts the idea in the search index (every idea is public), or removes it when gone.
void index(db::Connection& c, std::int64_t id);
void index_all(db::Connection& c);
void set_status(db::Connection& c, std::int64_t idea_id, std::int64_t actor_id, const std::string& status,
                const std::string& note);
std::vector<StatusChange> history(db::Connection& c, std::int64_t idea_id);
}  // namespace store

}  // namespace cityskills::ideas
