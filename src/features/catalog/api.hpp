#pragma once
// What other features may use of the learning catalogue.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::catalog {

void register_routes(web::App& app);
// What a demo seed did: courses added (0 when the catalogue already had courses), and the
// narrated videos made now, taken from the cache, or not made (ffmpeg or espeak-ng missing).
struct VideoReport {
  int made = 0, cached = 0, failed = 0;
  std::int64_t bytes = 0;
};
struct DemoReport {
  int courses = 0;
  int covers = 0;  // cover pictures given to demo courses that had none
  VideoReport videos;
  double video_seconds = 0;
};
// Demo courses (src/features/catalog/demo/*.json), added only to a catalogue without courses;
// their narrated videos are made with ffmpeg and espeak-ng when those are installed
// (otherwise the video lessons say the video is not available yet), and a video missing from
// an earlier seed is made on the next one. Each demo course gets a cover picture drawn
// locally (media/illustration.hpp) and described in the course's language.
DemoReport seed_demo(db::Database& db, const std::string& data_dir);
// Handler of the background job that reads an uploaded video's duration and poster.
inline constexpr const char* kVideoJob = "catalog_video";
void process_video_job(db::Database& db, const std::string& data_dir, const std::string& payload_json);
// Puts every published course in the search index (rebuilding it).
void index_search(db::Connection& c);

// DigComp 2.2 proficiency bands, lowest first; a course is written for one of them.
inline const std::vector<std::string> kLevels = {"foundation", "intermediate", "advanced", "highly_specialised"};

struct CourseRef {
  std::int64_t id = 0, group = 0;        // group: the translation group (its original's id)
  std::string title, summary, lang, level, org_name;
  std::vector<std::string> competences;  // every DigComp code it develops, e.g. "1.2"
  std::int64_t org_id = 0;
  bool published = true;
  std::string url() const { return "/courses/" + std::to_string(id); }
};

// Every published course (all translations, any band) that develops any of `competences`
// (DigComp codes such as "1.2"), with all its competences: at most `limit` courses, those in
// `lang` first, then by id. The assessment picks and orders among them.
std::vector<CourseRef> courses_teaching(db::Connection& c, const std::vector<std::string>& competences,
                                        const std::string& lang, int limit);

// The courses with these ids (published or not), with their competences, in id order.
std::vector<CourseRef> courses_by_id(db::Connection& c, const std::vector<std::int64_t>& ids);

// Every course of these organisations (published or not), newest first, at most `limit`.
std::vector<CourseRef> courses_of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit);

// A course by its exact title (demo content refers to courses this way), the oldest first.
std::optional<std::int64_t> course_id_by_title(db::Connection& c, const std::string& title);

// The translation groups of the courses the person completed (every lesson done, every quiz
// passed), each with its earliest completion time.
std::map<std::int64_t, std::int64_t> completed_groups(db::Connection& c, std::int64_t user_id);

}  // namespace cityskills::catalog
