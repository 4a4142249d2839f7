#pragma once
// Plain data of learning paths.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityskills::paths {

inline const std::vector<std::string> kAudiences = {"all", "citizen", "business", "public_staff"};
// DigComp 2.2 proficiency bands, lowest first (the catalogue's and the self-test's).
inline const std::vector<std::string> kBands = {"foundation", "intermediate", "advanced", "highly_specialised"};
inline const std::vector<std::string> kRequirementKinds = {"course", "event", "level", "path"};

inline constexpr std::size_t kTitleMax = 200, kSummaryMax = 500, kDescriptionMax = 20000, kStepTitleMax = 200;
inline constexpr int kMaxSteps = 40, kMaxRequirements = 20;

struct Path {
  std::int64_t id = 0, org_id = 0, group_id = 0;
  std::optional<std::int64_t> translation_of;
  std::string org_name, org_slug, lang, title, summary, description, audience = "all", level = "foundation";
  bool qualification = false, published = false;
  std::int64_t published_at = 0, created_at = 0, updated_at = 0;
  std::vector<std::int64_t> issuer_ids;       // organisations issuing it with org_id
  std::vector<std::string> issuer_names;      // the same, by name (org_name not included)
};

struct Requirement {
  std::int64_t id = 0, step_id = 0;
  int position = 0;
  std::string kind = "course";
  std::optional<std::int64_t> course_id, event_id, sub_path_id;
  std::string area, band;  // level
  // Shown, filled by the store: the course's, event's or path's title and language, the
  // course's translation group, the event's start, whether the item is published.
  std::string title, lang;
  std::int64_t course_group = 0, sub_path_group = 0, starts_at = 0, ends_at = 0;
  std::string time_zone;
  bool available = true;
};

struct Step {
  std::int64_t id = 0, path_id = 0;
  int position = 0;
  std::string title;
  int need = 1;
  std::vector<Requirement> requirements;
};

}  // namespace cityskills::paths
