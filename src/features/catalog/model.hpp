#pragma once
// Plain data of the learning catalogue.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityskills::catalog {

inline const std::vector<std::string> kAudiences = {"all", "citizen", "business", "public_staff"};
inline const std::vector<std::string> kLessonKinds = {"video", "text", "quiz"};
inline const std::vector<std::string> kQuestionKinds = {"single", "multiple", "true_false", "short", "ordering"};
// DigComp 2.2: 5 areas, 21 competences.
inline const std::vector<std::string> kCompetences = {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4",
                                                      "2.5", "2.6", "3.1", "3.2", "3.3", "3.4", "4.1",
                                                      "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"};

// Limits of the authoring forms, in characters (bytes for the video); an imported course
// package is held to the same.
inline constexpr std::size_t kTitleMax = 200, kSummaryMax = 500, kDescriptionMax = 20000, kOutcomesMax = 4000,
                             kBodyMax = 60000, kPromptMax = 1000, kFeedbackMax = 2000, kOptionMax = 300,
                             kMaxOptions = 20, kCoverAltMax = 300;
inline constexpr int kMinutesMax = 600, kAttemptsMax = 100;
inline constexpr std::size_t kVideoMaxBytes = 200 * 1024 * 1024;

struct Course {
  std::int64_t id = 0, org_id = 0;
  std::optional<std::int64_t> translation_of;
  std::string org_name, org_slug, lang, title, summary, description, outcomes, level = "foundation",
      audience = "all";
  bool open_access = false, published = false;
  std::int64_t published_at = 0, created_at = 0, updated_at = 0;
  std::vector<std::string> competences;
  int minutes = 0;   // sum of the lessons' estimates
  int lessons = 0;   // number of lessons
  std::vector<std::string> kinds;  // lesson kinds present (video, text, quiz)
  std::optional<std::int64_t> cover_media_id;  // one of its images, described by cover_alt
  std::string cover_alt;
  // The reader's own state, filled when the course is read for a signed-in person.
  int done = 0;  // lessons completed
  bool enrolled = false;
  std::optional<std::int64_t> last_lesson_id;  // the lesson last opened ("Continue")
};

// One version of a course's translation group.
struct CourseVersion {
  std::int64_t id = 0;
  std::string lang;
  bool published = false;
};

struct Lesson {
  std::int64_t id = 0, course_id = 0, module_id = 0;
  int position = 0;
  std::string kind = "text", title, body, transcript;
  int minutes = 5;
  bool allow_download = false;
  int pass_mark = 70, max_attempts = 0;
  std::optional<std::int64_t> video_id;  // media row of a video lesson
  std::optional<std::int64_t> video_seconds;  // its measured length, once ready (read-only)
};

struct Module {
  std::int64_t id = 0, course_id = 0;
  int position = 0;
  std::string title;
  std::vector<Lesson> lessons;
};

struct Option {
  std::int64_t id = 0;
  int position = 0;
  std::string text;
  bool correct = false;
};

struct Question {
  std::int64_t id = 0, lesson_id = 0;
  int position = 0;
  std::string kind = "single", prompt, feedback;
  std::vector<Option> options;
};

struct Attempt {
  std::int64_t id = 0;
  int number = 0, score = 0;
  bool passed = false;
  std::string answers;  // JSON
  std::int64_t created_at = 0;
};

struct LessonState {
  double position = 0;
  bool completed = false;
};

}  // namespace cityskills::catalog
