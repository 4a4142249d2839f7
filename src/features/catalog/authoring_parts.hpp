#pragma once
// The catalogue's authoring pages, inside: what authoring.cpp (route table, shared helpers),
// authoring_courses.cpp (courses and modules), authoring_lessons.cpp (lessons and captions),
// authoring_uploads.cpp and authoring_questions.cpp share. Internal to the feature.
#include <cstdint>
#include <string>

#include "features/catalog/model.hpp"
#include "features/catalog/store.hpp"
#include "web/app.hpp"
#include "web/forms.hpp"

namespace cityskills::catalog::authoring {

inline constexpr std::size_t kMB = 1024 * 1024;
inline constexpr std::size_t kVideoMax = kVideoMaxBytes;
inline const std::string kTooLong = "catalog.validation.too_long";

// ---- shared helpers (authoring.cpp) ----
std::string course_admin_url(std::int64_t id);
// The course if the signed-in person authors for its organisation; 404 otherwise.
Course authored_course(web::Ctx& ctx, std::int64_t id);
Lesson authored_lesson(web::Ctx& ctx, std::int64_t id, Course& course);

// ---- courses and modules (authoring_courses.cpp) ----
http::Response course_page(web::Ctx& ctx, const Course& x, const Course& values, const web::FormErrors& e, int status);
http::Response author_list(web::Ctx& ctx);
http::Response new_course_form(web::Ctx& ctx);
http::Response create_course(web::Ctx& ctx);
http::Response course_dashboard(web::Ctx& ctx);
http::Response update_course(web::Ctx& ctx);
http::Response do_publish(web::Ctx& ctx);
http::Response do_unpublish(web::Ctx& ctx);
// The module named by the path's {mid} (into `m`) and its course, if the signed-in person
// authors for it; 404 otherwise.
Course module_course(web::Ctx& ctx, store::ModuleRef& m);
http::Response add_module(web::Ctx& ctx);
http::Response rename_module(web::Ctx& ctx);
http::Response delete_module(web::Ctx& ctx);

// ---- lessons and captions (authoring_lessons.cpp) ----
http::Response lesson_page(web::Ctx& ctx, const Course& x, const Lesson& values, const web::FormErrors& e, int status);
http::Response lesson_form_error(web::Ctx& ctx, const Course& x, const Lesson& l, const std::string& field, int status,
                                 const std::string& key, const i18n::Args& args = {});
http::Response new_lesson_form(web::Ctx& ctx);
http::Response create_lesson(web::Ctx& ctx);
http::Response edit_lesson(web::Ctx& ctx);
http::Response update_lesson(web::Ctx& ctx);
http::Response delete_lesson(web::Ctx& ctx);
http::Response move_lesson(web::Ctx& ctx);
http::Response save_caption(web::Ctx& ctx);
http::Response delete_caption(web::Ctx& ctx);

// ---- uploads (authoring_uploads.cpp) ----
http::Response upload_video(web::Ctx& ctx);
http::Response upload_image(web::Ctx& ctx);
// One of the course's images as its cover (shown on the catalogue's cards and the course
// page), with the words that describe it; or the cover taken away.
http::Response set_cover(web::Ctx& ctx);
http::Response remove_cover(web::Ctx& ctx);
http::Response upload_caption(web::Ctx& ctx);

// ---- quiz questions (authoring_questions.cpp) ----
http::Response new_question_form(web::Ctx& ctx);
http::Response create_question(web::Ctx& ctx);
http::Response edit_question(web::Ctx& ctx);
http::Response update_question(web::Ctx& ctx);
http::Response delete_question(web::Ctx& ctx);

}  // namespace cityskills::catalog::authoring
