#pragma once
// Learning paths' SQL. Plain structs in, plain structs out. What a path names (courses, events,
// self-test levels) is read through the other features' api.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/paths/model.hpp"
#include "features/paths/progress.hpp"

namespace cityskills::paths::store {

struct Filter {
  std::string reader_lang;  // one card per translation group, in this language when there is one
  std::string lang, level, audience;
  std::optional<std::int64_t> org_id;
  bool qualifications_only = false;
  // Keyset paging (the API's cursor): only paths after (qualification, published_at, id) in
  // the list's order.
  std::optional<std::array<std::int64_t, 3>> after;
};
// Published paths, qualifications first, then newest.
std::vector<Path> list(db::Connection& c, const Filter& f, int limit, int offset);
std::optional<Path> find(db::Connection& c, std::int64_t id);
// Paths of these organisations (authoring), all states.
std::vector<Path> of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids);
// Every version of the path's translation group (itself included).
std::vector<Path> translations(db::Connection& c, const Path& p);
// The steps in order, each with its requirements and what they name (titles, groups, dates).
std::vector<Step> steps(db::Connection& c, std::int64_t path_id);
// The same for several paths in a few queries (lists, "My learning").
std::map<std::int64_t, std::vector<Step>> steps_of(db::Connection& c, const std::vector<std::int64_t>& path_ids);

std::int64_t create(db::Connection& c, const Path& p, std::int64_t author_id);
void update(db::Connection& c, const Path& p);
void set_issuers(db::Connection& c, std::int64_t path_id, const std::vector<std::int64_t>& org_ids);
void set_published(db::Connection& c, std::int64_t path_id, bool published);
void remove(db::Connection& c, std::int64_t path_id);
// Index the path for search while published, else remove it.
void index(db::Connection& c, std::int64_t path_id);
void index_all(db::Connection& c);

struct StepRef {
  std::int64_t id = 0, path_id = 0;
  int position = 0, need = 1, requirements = 0;
  std::string title;
};
std::optional<StepRef> step(db::Connection& c, std::int64_t step_id);
std::int64_t add_step(db::Connection& c, std::int64_t path_id, const std::string& title, int need);
void update_step(db::Connection& c, std::int64_t step_id, const std::string& title, int need);
void delete_step(db::Connection& c, std::int64_t step_id);
// Swaps the step with its neighbour (up = -1, down = +1); false at either end.
bool move_step(db::Connection& c, std::int64_t step_id, int direction);
struct RequirementRef {
  std::int64_t id = 0, step_id = 0, path_id = 0;
};
std::optional<RequirementRef> requirement(db::Connection& c, std::int64_t id);
std::int64_t add_requirement(db::Connection& c, std::int64_t step_id, std::int64_t path_id, const Requirement& r);
void delete_requirement(db::Connection& c, std::int64_t id);
// Each path's sub-paths (path id -> the paths it requires), to refuse cycles.
std::map<std::int64_t, std::vector<std::int64_t>> sub_paths(db::Connection& c);

// Learners.
bool following(db::Connection& c, std::int64_t user_id, std::int64_t path_id);
void follow(db::Connection& c, std::int64_t user_id, std::int64_t path_id);  // idempotent
void unfollow(db::Connection& c, std::int64_t user_id, std::int64_t path_id);
// Published paths the person follows, most recently followed first.
std::vector<Path> followed(db::Connection& c, std::int64_t user_id);
// What the person achieved, with the steps of `path_id` already recorded as met (with every
// recorded step of the person when `path_id` is 0).
Facts facts(db::Connection& c, std::int64_t user_id, std::int64_t path_id = 0);
void record_step(db::Connection& c, std::int64_t user_id, std::int64_t step_id, const std::string& evidence);

struct Completion {
  std::int64_t user_id = 0, group_id = 0, completed_at = 0;
  std::optional<std::int64_t> path_id;
  std::string display_name, title, evidence;
  bool qualification = false;
};
// Records the completion once per person and translation group; true when this call recorded it.
bool complete(db::Connection& c, std::int64_t user_id, const Path& p, const std::string& evidence, std::int64_t at);
std::optional<Completion> completion(db::Connection& c, std::int64_t user_id, std::int64_t group_id);
std::vector<Completion> completions_of(db::Connection& c, std::int64_t group_id);
std::vector<Completion> completions_by(db::Connection& c, std::int64_t user_id);
// People following the path who have not completed it.
std::int64_t followers(db::Connection& c, std::int64_t group_id);
bool has_completions(db::Connection& c, std::int64_t path_id);

}  // namespace cityskills::paths::store
