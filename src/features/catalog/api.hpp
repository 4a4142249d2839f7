#pragma once
// What other features may use of the learning catalogue.
#include <cstdint>
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
  VideoReport videos;
  double video_seconds = 0;
};
// Demo courses (src/features/catalog/demo/*.json), added only to a catalogue without courses;
// their narrated videos are made with ffmpeg and espeak-ng when those are installed
// (otherwise the video lessons say the video is not available yet), and a video missing from
// an earlier seed is made on the next one.
DemoReport seed_demo(db::Database& db, const std::string& data_dir);
// Handler of the background job that reads an uploaded video's duration and poster.
inline constexpr const char* kVideoJob = "catalog_video";
void process_video_job(db::Database& db, const std::string& data_dir, const std::string& payload_json);
// Puts every published course in the search index (rebuilding it).
void index_search(db::Connection& c);

// DigComp 2.2 proficiency bands, lowest first; a course is written for one of them.
inline const std::vector<std::string> kLevels = {"foundation", "intermediate", "advanced", "highly_specialised"};

struct CourseRef {
  std::int64_t id = 0;
  std::string title, summary, lang, level, org_name;
  int minutes = 0;                       // estimated time of all lessons
  std::vector<std::string> competences;  // DigComp codes, e.g. "1.2"
  std::string url() const { return "/courses/" + std::to_string(id); }
};

// Published courses that develop any of `competences` (DigComp codes such as "1.2") at the
// band `level` (one of kLevels), one per translation group: the version in `lang` when there
// is one, else the original. Courses in `lang` come first, then by how many of the
// competences they cover. At most `limit`.
std::vector<CourseRef> courses_for(db::Connection& c, const std::vector<std::string>& competences,
                                   const std::string& level, const std::string& lang, int limit);

}  // namespace cityskills::catalog
