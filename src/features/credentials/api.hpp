#pragma once
// Certificates and verifiable credentials. Other features call `award` when a person achieves
// something; credentials knows nothing of courses, events or paths beyond the snapshot given.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::credentials {

// What was achieved, as plain data copied into the award: later edits of the course, path or
// event never change a certificate already given.
struct Achievement {
  std::string kind;  // course | path | qualification | event
  std::int64_t subject_id = 0;
  std::string lang, title, description;
  std::vector<std::pair<std::string, std::string>> competences;  // DigComp code, level band
  std::vector<std::int64_t> issuer_org_ids;
  std::string evidence_json = "{}";
  std::int64_t achieved_at = 0;
  std::int64_t expires_at = 0;  // 0: never expires
};

inline const std::vector<std::string> kKinds = {"course", "path", "qualification", "event"};

// Gives `user_id` the award for `a`, once: exactly one award per (person, kind, subject), held by
// a unique constraint, so concurrent calls on any number of nodes return the same award id.
// Runs on the caller's connection (inside its transaction, if any).
std::int64_t award(db::Connection& c, std::int64_t user_id, const Achievement& a);

void register_routes(web::App& app);

}  // namespace cityskills::credentials
