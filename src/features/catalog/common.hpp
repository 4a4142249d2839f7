#pragma once
// Helpers shared by the catalogue's learner and authoring pages (internal to the feature).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "features/catalog/model.hpp"
#include "web/app.hpp"

namespace cityskills::catalog {

bool one_of(const std::string& v, const std::vector<std::string>& allowed);
// What is wrong with a question's answers for its kind (a translation key taking {max}),
// or nullopt: at most kMaxOptions; single: two or more, exactly one right; multiple: two
// or more, one right at least; short: one accepted answer at least; ordering: two items.
std::optional<std::string> options_problem(const Question& q);
// Whether the signed-in person may author this organisation's courses.
bool can_author(web::Ctx& ctx, std::int64_t org_id);
// The course if the visitor may see it (published, or an author of its organisation);
// Reject 404 otherwise, so unpublished courses are indistinguishable from missing ones.
// Read for the signed-in person (progress, enrolment); with `versions`, the translation
// group's versions come in the same statement.
Course visible_course(web::Ctx& ctx, std::int64_t id, std::vector<CourseVersion>* versions = nullptr);
// "45 min" / "1 h 30 min", translated.
std::string duration_text(const web::Ctx& ctx, int minutes);
// A lesson's length: a ready video's measured one ("1:24"), else the author's estimate.
std::string lesson_duration(const web::Ctx& ctx, const Lesson& l);
// "1.2 Interacting through digital technologies"-style labels (code and the framework's name).
std::string competence_label(const web::Ctx& ctx, const std::string& code);
// A lesson's address.
std::string lesson_url(std::int64_t course_id, std::int64_t lesson_id);
// The course's modules and lessons for the side outline: each lesson's link, kind, length,
// whether the learner has done it, and which one is open (`current`, 0 for none).
view::List outline(const web::Ctx& ctx, const Course& x, const std::vector<Module>& modules,
                   const std::map<std::int64_t, LessonState>& states, std::int64_t current);
// The DigComp areas by their framework names, for a filter or a form.
std::vector<std::pair<std::string, std::string>> area_names(const web::Ctx& ctx);

}  // namespace cityskills::catalog
