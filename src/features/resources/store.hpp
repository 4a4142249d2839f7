#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::resources {

inline const std::vector<std::string> kKinds = {"tool", "template", "dataset"};
// SPDX identifiers a contributor may choose; "proprietary" when none applies.
inline const std::vector<std::string> kLicences = {"CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0",  "ODbL-1.0",   "MIT",
                                                   "Apache-2.0", "GPL-3.0-or-later", "EUPL-1.2", "proprietary"};
inline const std::vector<std::string> kFormats = {"web", "pdf", "document", "spreadsheet", "csv", "json", "image", "software"};

struct Resource {
  std::int64_t id = 0, org_id = 0;
  std::string org_name, org_slug, author_name, lang, kind, title, description, licence, format, url;
  std::optional<std::int64_t> media_id;
  std::string file_name;
  std::int64_t file_size = 0, updated_at = 0;
};

namespace store {
struct Filter {
  std::string kind, licence, format, lang;
  std::optional<std::int64_t> org_id;
};
std::vector<Resource> list(db::Connection& c, const Filter& f, int limit, int offset);
std::optional<Resource> find(db::Connection& c, std::int64_t id);
std::int64_t create(db::Connection& c, const Resource& r, std::int64_t author_id);
void update(db::Connection& c, const Resource& r);
void remove(db::Connection& c, std::int64_t id);
// Whether any resource exists (the demo data is added only to an empty table).
bool any(db::Connection& c);
// Dates the resource as created and last updated at `at` (demo data).
void backdate(db::Connection& c, std::int64_t id, std::int64_t at);
// Puts the resource in the search index (every resource is public); create and update call it.
void index(db::Connection& c, std::int64_t id);
void index_all(db::Connection& c);
}  // namespace store

}  // namespace cityskills::resources
