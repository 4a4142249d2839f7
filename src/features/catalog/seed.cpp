// Demo courses of the sample city and its partners, read from the course files in
// src/features/catalog/demo/: every language version with its lessons, quiz and DigComp
// tags, and a narrated slide video per video lesson with captions timed to the voice.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "features/accounts/api.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/demo.hpp"
#include "features/catalog/slides.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/orgs/api.hpp"
#include "media/illustration.hpp"
#include "media/media.hpp"
#include "util/log.hpp"

namespace cityskills::catalog {
namespace {

// The demo account that writes the demo courses (made by the seed before the catalogue).
constexpr const char* kDemoAuthor = "author@valverde.example.org";

std::int64_t add_lesson(db::Connection& c, std::int64_t course, std::int64_t module, const demo::Lesson& dl) {
  Lesson l;
  l.course_id = course;
  l.module_id = module;
  l.kind = dl.kind;
  l.title = dl.title;
  l.body = dl.body;
  l.minutes = dl.minutes;
  l.allow_download = dl.kind == "video";
  l.pass_mark = dl.pass_mark;
  auto id = store::create_lesson(c, l);
  for (const auto& dq : dl.questions) {
    Question q;
    q.lesson_id = id;
    q.kind = dq.kind;
    q.prompt = dq.prompt;
    q.feedback = dq.feedback;
    for (const auto& [text, right] : dq.options) q.options.push_back({0, 0, text, right});
    store::save_question(c, q);
  }
  return id;
}

// All demo courses, or none: a catalogue that already has courses (an earlier seed, or real
// ones) is left exactly as it is.
int seed_courses(db::Connection& c, const std::vector<demo::Course>& courses) {
  if (c.one("SELECT 1 FROM courses LIMIT 1")) return 0;
  auto author = c.one("SELECT id FROM users WHERE email = ?", {kDemoAuthor});
  int made = 0;
  for (const auto& dc : courses) {
    auto org = orgs::by_slug(c, dc.org);
    if (!org) throw std::runtime_error("demo course " + dc.key + ": no organisation " + dc.org);
    std::optional<std::int64_t> original;
    for (const auto& v : dc.versions) {
      Course x;
      x.org_id = org->id;
      x.translation_of = original;
      x.lang = v.lang;
      x.title = v.title;
      x.summary = v.summary;
      x.description = v.description;
      x.outcomes = v.outcomes;
      x.level = dc.level;
      x.audience = dc.audience;
      x.open_access = dc.open_access;
      x.competences = dc.competences;
      auto id = store::create_course(c, x, author ? author->i64(0) : 0);
      if (!original) original = id;
      auto module = store::add_module(c, id, v.module);
      for (const auto& l : v.lessons) {
        auto lesson = add_lesson(c, id, module, l);
        // Captions at an estimated pace until the video (and its exact timing) is made.
        if (l.kind == "video") store::set_caption(c, lesson, v.lang, slides::estimated_captions(l.slides));
      }
      store::set_published(c, id, true);
      ++made;
    }
  }
  return made;
}

struct Todo {
  std::int64_t lesson = 0, org = 0;
  std::string lang;
  const demo::Lesson* spec = nullptr;
  std::optional<slides::Video> video;
};

// The demo video lessons still without a video (an earlier seed was stopped, or ran without
// ffmpeg): found by organisation, language, course and lesson title among the courses of the
// demo author, so that a lesson anyone else wrote or imported is never touched.
std::vector<Todo> missing_videos(db::Database& db, const std::vector<demo::Course>& courses) {
  std::vector<Todo> todo;
  auto c = db.acquire();
  for (const auto& dc : courses)
    for (const auto& v : dc.versions)
      for (const auto& l : v.lessons) {
        if (l.kind != "video") continue;
        auto r = c->one("SELECT l.id, co.org_id FROM lessons l JOIN courses co ON co.id = l.course_id "
                        "JOIN organisations o ON o.id = co.org_id WHERE o.slug = ? AND co.lang = ? AND co.title = ? "
                        "AND l.kind = 'video' AND l.title = ? AND l.video_id IS NULL AND co.created_by = "
                        "(SELECT id FROM users WHERE email = ?)",
                        {dc.org, v.lang, v.title, l.title, kDemoAuthor});
        if (r) todo.push_back({r->i64(0), r->i64(1), v.lang, &l, std::nullopt});
      }
  return todo;
}

// Videos are made two at a time (espeak-ng and ffmpeg are separate processes), then stored
// one by one; ffmpeg takes seconds per video, so this runs outside any transaction.
VideoReport seed_videos(db::Database& db, const std::string& data_dir, const std::vector<demo::Course>& courses) {
  VideoReport rep;
  auto todo = missing_videos(db, courses);
  const auto cache = slides::cache_dir(data_dir);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < todo.size();) {
      auto work = (std::filesystem::temp_directory_path() /
                   ("cityskills-demo-" + std::to_string(::getpid()) + "-" + std::to_string(todo[i].lesson))).string();
      todo[i].video = slides::narrated(todo[i].spec->slides, todo[i].lang, cache, work);
    }
  };
  {
    std::vector<std::jthread> workers;
    auto n = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    for (unsigned i = 0; i < n; ++i) workers.emplace_back(worker);
  }
  for (auto& t : todo) {
    if (!t.video) {
      ++rep.failed;
      log::warn("demo video not made: ffmpeg or espeak-ng missing or failing", "\"lesson_id\":" + std::to_string(t.lesson));
      continue;
    }
    auto stored = media::store(db, data_dir, {"lesson-" + std::to_string(t.lesson) + ".mp4", t.video->mp4},
                               media::video_policy(), t.org, std::nullopt);
    if (!stored.ok()) {
      ++rep.failed;
      log::warn("demo video refused by the media store", "\"error\":\"" + stored.error_key + "\"");
      continue;
    }
    video::process_media(db, data_dir, stored.item->id);
    auto c = db.acquire();
    store::set_video(*c, t.lesson, stored.item->id);
    store::set_caption(*c, t.lesson, t.lang, t.video->vtt);
    // The lesson's stated length is the video's measured one (ffprobe, in process_media).
    auto item = media::find(*c, stored.item->id);
    auto lesson = store::lesson(*c, t.lesson);
    if (item && item->duration_seconds && lesson) {
      lesson->minutes = static_cast<int>(std::max<std::int64_t>(1, (*item->duration_seconds + 30) / 60));
      store::update_lesson(*c, *lesson);
    }
    ++(t.video->cached ? rep.cached : rep.made);
    rep.bytes += static_cast<std::int64_t>(t.video->mp4.size());
  }
  return rep;
}

// Cover pictures for the demo courses still without one, found like missing videos (the demo
// author's courses with the demo titles); one picture per course file, shared by its versions,
// each version describing it in its own language.
int seed_covers(db::Database& db, const std::string& data_dir, const std::vector<demo::Course>& courses) {
  const auto cache = media::illustration::cache_dir(data_dir, "demo-images");
  int given = 0;
  for (const auto& dc : courses) {
    if (dc.cover_symbol.empty()) continue;
    std::optional<std::string> png;
    for (const auto& v : dc.versions) {
      std::optional<db::Row> r;
      {
        auto c = db.acquire();
        r = c->one("SELECT co.id, co.org_id FROM courses co JOIN organisations o ON o.id = co.org_id "
                   "WHERE o.slug = ? AND co.lang = ? AND co.title = ? AND co.cover_media_id IS NULL AND co.created_by = "
                   "(SELECT id FROM users WHERE email = ?)",
                   {dc.org, v.lang, v.title, kDemoAuthor});
      }
      if (!r) continue;
      if (!png) png = media::illustration::card_png({dc.cover_symbol, dc.cover_colour}, cache);
      if (!png) {
        log::warn("demo course cover not made: ffmpeg missing or failing", "\"course\":\"" + dc.key + "\"");
        return given;
      }
      auto stored = media::store(db, data_dir, {"cover-" + dc.key + ".png", *png}, media::image_policy(), r->i64(1),
                                 std::nullopt);
      if (!stored.ok()) {
        log::warn("demo course cover refused by the media store", "\"error\":\"" + stored.error_key + "\"");
        continue;
      }
      auto c = db.acquire();
      store::set_cover(*c, r->i64(0), stored.item->id, v.cover_alt);
      ++given;
    }
  }
  return given;
}

// The demo citizen has completed the first Italian course, so the demo shows a certificate at
// once (completing its last lesson gives the award, as for anyone).
void seed_completion(db::Tx& c) {
  auto citizen = accounts::user_id_by_email(c, "citizen@example.org");
  auto course = c.one("SELECT id FROM courses WHERE lang = 'it' AND published = 1 ORDER BY id LIMIT 1");
  if (!citizen || !course) return;
  store::enrol(c, *citizen, course->i64(0));
  for (const auto& r : c.query("SELECT id FROM lessons WHERE course_id = ? ORDER BY id", {course->i64(0)})) {
    Lesson l;
    l.id = r.i64(0);
    l.course_id = course->i64(0);
    store::complete_lesson(c, *citizen, l);
  }
}

}  // namespace

DemoReport seed_demo(db::Database& db, const std::string& data_dir) {
  auto courses = demo::courses();
  DemoReport rep;
  db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
    rep.courses = seed_courses(c, courses);
    if (rep.courses > 0) seed_completion(c);
  });
  rep.covers = seed_covers(db, data_dir, courses);
  auto started = std::chrono::steady_clock::now();
  rep.videos = seed_videos(db, data_dir, courses);
  rep.video_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return rep;
}

void process_video_job(db::Database& db, const std::string& data_dir, const std::string& payload_json) {
  video::process(db, data_dir, payload_json);
}

}  // namespace cityskills::catalog
