#pragma once
// The authoring forms: a course, a lesson, a lesson's captions typed in and a quiz question.
// Each reads its fields once (which makes them the form's allow-list); the checks are pure —
// what needs the database (may the person author for the organisation, is the original of a
// translation one they may see, is the module one of the course's) comes in as plain data —
// and unit-tested without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/catalog/model.hpp"
#include "web/forms.hpp"

namespace cityskills::catalog {

struct CourseForm {
  std::optional<std::int64_t> org_id;
  std::string lang, title, summary, description, outcomes, level, audience;
  bool open_access = false;
  std::vector<std::string> competences;  // the ticked ones, in the framework's order
  std::string translation_of;            // the original's id as sent; empty: not a translation

  void read(web::FormInput& in);
  // Copies the entered fields into `x`; its translation link is the handler's, from the
  // original it looked up.
  void apply(Course& x) const;
};

// `org_allowed`: whether the person authors for the organisation chosen; `original_allowed`:
// whether `translation_of` names a course they may author other than this one (read only when
// the field is not empty).
web::FormErrors check(const CourseForm& form, bool org_allowed, bool original_allowed);

// The course's cover: one of its images, with the words that describe it.
struct CoverForm {
  std::optional<std::int64_t> media_id;
  std::string alt;
  void read(web::FormInput& in);
};
// The words are required; their error is on "cover_alt_<media id>", beside the image.
web::FormErrors check(const CoverForm& form);

struct LessonForm {
  std::string kind;  // text, video or quiz: chosen when the lesson is created, never changed
  std::string title, body, transcript;
  std::optional<std::int64_t> minutes, pass_mark, max_attempts, module_id;
  bool allow_download = false;

  void read(web::FormInput& in);
  // Copies the entered fields into `l` (a quiz's pass mark and attempts only for a quiz), a
  // number out of range as the lowest it may be; its kind and module are the handler's.
  void apply(Lesson& l) const;
};

// `module_ok`: whether `module_id` names a module of the lesson's course. A text lesson needs
// a body; the pass mark and attempts are checked for a quiz only.
web::FormErrors check(const LessonForm& form, bool module_ok);

// Captions typed (or pasted) in WebVTT for one language of a video lesson.
struct CaptionForm {
  std::string lang, vtt;
  void read(web::FormInput& in);
};
web::FormErrors check(const CaptionForm& form);

struct QuestionForm {
  std::string kind, prompt, feedback;
  std::string options;  // one answer a line, "*" in front of a right one (single, multiple)
  std::string truth;    // "true" or "false", for a true/false question
  void read(web::FormInput& in);
  // Copies the entered fields into `q`, its answers as the options text lists them (the two
  // answers of a true/false question).
  void apply(Question& q) const;
};
web::FormErrors check(const QuestionForm& form);

}  // namespace cityskills::catalog
