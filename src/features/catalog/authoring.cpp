// The catalogue, author side: authors and organisation admins create and edit their
// organisation's courses, modules, lessons, quizzes and captions in the browser, reorder
// lessons, preview, publish and unpublish. Another organisation's course is a 404.
// This file holds the route table and the helpers the pages share (authoring_parts.hpp); the
// pages are in authoring_courses.cpp, authoring_lessons.cpp, authoring_uploads.cpp and
// authoring_questions.cpp.
#include <algorithm>
#include <variant>

#include "features/catalog/authoring_parts.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/catalog/vtt.hpp"
#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "features/orgs/api.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"
#include "web/upload_route.hpp"

namespace cityskills::catalog {
namespace authoring {

using web::Ctx;
using web::FormErrors;

std::string course_admin_url(std::int64_t id) { return "/author/courses/" + std::to_string(id); }

// The course if the signed-in person authors for its organisation; 404 otherwise.
Course authored_course(Ctx& ctx, std::int64_t id) {
  std::optional<Course> course;
  {
    auto c = ctx.db().acquire();
    course = store::find(*c, id);
  }
  if (!course || !can_author(ctx, course->org_id)) {
    if (course)
      log::warn("catalogue authoring refused", "\"request_id\":\"" + ctx.req.request_id +
                                                  "\",\"course_id\":" + std::to_string(id) + ",\"user_id\":" +
                                                  std::to_string(ctx.user ? ctx.user->id : 0));
    throw web::Reject{404, "errors.not_found"};
  }
  return *course;
}

Lesson authored_lesson(Ctx& ctx, std::int64_t id, Course& course) {
  std::optional<Lesson> l;
  {
    auto c = ctx.db().acquire();
    l = store::lesson(*c, id);
  }
  if (!l) throw web::Reject{404, "errors.not_found"};
  course = authored_course(ctx, l->course_id);
  return *l;
}

}  // namespace authoring

using namespace authoring;

void register_authoring(web::App& app) {
  app.route("GET", "/author/courses", web::Access::kPublisher, author_list);
  app.route("GET", "/author/courses/new", web::Access::kPublisher, new_course_form);
  app.route("POST", "/author/courses/new", web::Access::kPublisher, create_course);
  app.route("GET", "/author/courses/{id}", web::Access::kPublisher, course_dashboard);
  app.route("POST", "/author/courses/{id}", web::Access::kPublisher, update_course);
  app.route("POST", "/author/courses/{id}/publish", web::Access::kPublisher, do_publish);
  app.route("POST", "/author/courses/{id}/unpublish", web::Access::kPublisher, do_unpublish);
  app.route("POST", "/author/courses/{id}/modules", web::Access::kPublisher, add_module);
  app.route("POST", "/author/modules/{mid}", web::Access::kPublisher, rename_module);
  app.route("POST", "/author/modules/{mid}/delete", web::Access::kPublisher, delete_module);
  app.route("GET", "/author/modules/{mid}/lessons/new", web::Access::kPublisher, new_lesson_form);
  app.route("POST", "/author/modules/{mid}/lessons/new", web::Access::kPublisher, create_lesson);
  app.route("GET", "/author/lessons/{lid}", web::Access::kPublisher, edit_lesson);
  app.route("POST", "/author/lessons/{lid}", web::Access::kPublisher, update_lesson);
  app.route("POST", "/author/lessons/{lid}/delete", web::Access::kPublisher, delete_lesson);
  app.route("POST", "/author/lessons/{lid}/move", web::Access::kPublisher, move_lesson);
  app.route("POST", "/author/lessons/{lid}/captions", web::Access::kPublisher, save_caption);
  // Uploads check the lesson or course before its bytes are read.
  auto own_lesson = [](Ctx& ctx) {
    Course x;
    authored_lesson(ctx, ctx.path_id("lid"), x);
  };
  auto video_upload = web::upload_route(kVideoMax + kMB);
  video_upload.before_body = own_lesson;
  app.route("POST", "/author/lessons/{lid}/video", web::Access::kPublisher, upload_video, video_upload);
  auto image_upload = web::upload_route(11 * kMB);
  image_upload.before_body = [](Ctx& ctx) { authored_course(ctx, ctx.path_id("id")); };
  app.route("POST", "/author/courses/{id}/images", web::Access::kPublisher, upload_image, image_upload);
  app.route("POST", "/author/courses/{id}/cover", web::Access::kPublisher, set_cover);
  app.route("POST", "/author/courses/{id}/cover/remove", web::Access::kPublisher, remove_cover);
  auto caption_upload = web::upload_route(2 * kMB);
  caption_upload.before_body = own_lesson;
  app.route("POST", "/author/lessons/{lid}/captions/upload", web::Access::kPublisher, upload_caption, caption_upload);
  app.route("POST", "/author/lessons/{lid}/captions/delete", web::Access::kPublisher, delete_caption);
  app.route("GET", "/author/lessons/{lid}/questions/new", web::Access::kPublisher, new_question_form);
  app.route("POST", "/author/lessons/{lid}/questions/new", web::Access::kPublisher, create_question);
  app.route("GET", "/author/questions/{qid}", web::Access::kPublisher, edit_question);
  app.route("POST", "/author/questions/{qid}", web::Access::kPublisher, update_question);
  app.route("POST", "/author/questions/{qid}/delete", web::Access::kPublisher, delete_question);
}

}  // namespace cityskills::catalog
