#pragma once
// "How digital are you?": competence frameworks (DigComp 2.2 built in), the self-assessment,
// results with recommendations, history, authoring and organisation figures.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::assessment {

void register_routes(web::App& app);
// Loads the frameworks shipped in the binary (DigComp 2.2) unless already present; run after
// migrations, by serve, migrate and seed.
void install_builtin(db::Database& db);
// Demo data: nothing beyond the built-in framework (courses are tagged by the catalogue).
void seed_demo(db::Tx& c, std::int64_t now);

// The fewest people an organisation's aggregated self-test figures are shown about (k-anonymity:
// the skills map page, its CSV and the REST API).
inline constexpr int kMinGroup = 5;
struct AreaFigures {
  std::string code, name;
  int bands[5] = {0, 0, 0, 0, 0};  // people per band 1-4; [0]: not assessed in the area
};
struct SkillFigures {
  std::string framework;
  int people = 0;                  // members with a finished self-test
  std::vector<AreaFigures> areas;  // empty when people < kMinGroup
};
// The latest finished self-test of each member of the organisation on the default framework,
// counted per area and band (names in `lang`); nullopt when there is no framework.
std::optional<SkillFigures> org_skill_figures(db::Connection& c, std::int64_t org_id, const std::string& lang);

// The best level (1-8) the person reached in each area of the default framework, over every
// finished attempt (a retake never lowers what a learning path counted).
std::map<std::string, int> best_area_levels(db::Connection& c, std::int64_t user_id);
// The areas of the default framework (code, name in `lang`), in framework order.
std::vector<std::pair<std::string, std::string>> default_areas(db::Connection& c, const std::string& lang);

// DigComp 2.2 names from the built-in framework file (the one source of these names; no page
// keeps copies in its translations). `code` is an area ("1") or a competence ("1.1"); the name
// is in `lang`, in English when the file has no such translation, or empty for an unknown code.
std::string digcomp_name(std::string_view code, std::string_view lang);
// The area of DigComp an event theme stands for ("safety" -> "4"), or empty.
std::string digcomp_area_of_theme(std::string_view theme);

// Learning paths offered on the result page. The paths feature builds on the self-test (its
// steps name self-test levels), so it registers where its paths come from instead of the
// self-test depending on it.
struct PathCandidate {
  std::int64_t id = 0, group = 0;
  std::string title, summary, lang, level, org_name;
  bool qualification = false;
  std::vector<std::string> competences;  // of its courses
  std::vector<std::string> areas;        // of its level steps
};
using PathSource = std::function<std::vector<PathCandidate>(db::Connection&, const std::string& lang, int limit)>;
void set_path_source(PathSource source);

// `cityskills framework load FILE [--default] [--org ID]`: returns 0, or prints the problem
// and returns 2.
int load_framework_file(db::Database& db, const std::string& path, bool make_default,
                        std::optional<std::int64_t> org_id);

}  // namespace cityskills::assessment
