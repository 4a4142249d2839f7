// Course packages: a course exported from one organisation and imported into another keeps
// every field, its captions, its quiz and the exact bytes of its video, and arrives as an
// unpublished draft; translations re-link only to one matching original; hostile packages
// are refused with a message naming the problem, and nothing is written.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "features/catalog/package.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/orgs/store.hpp"
#include "media/media.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::TestServer;
namespace json = boost::json;
namespace fs = std::filesystem;
namespace pkg = catalog::package;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// A real two-second video made by ffmpeg (installed by scripts/install-deps.sh).
std::string real_video() {
  auto dir = test::temp_dir("pkg-video");
  auto out = dir + "/clip.mp4";
  auto r = catalog::video::run({"ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                                "testsrc2=size=320x180:rate=10:duration=2", "-pix_fmt", "yuv420p", out});
  EXPECT_EQ(r.status, 0) << "ffmpeg must be installed";
  return slurp(out);
}

std::int64_t new_org(TestServer& s, const std::string& slug) { return test::make_org(s, slug, "", "partner"); }

const std::string kCaptionsEn =
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello and welcome.\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Passwords "
    "matter.\n";
const std::string kCaptionsIt = "WEBVTT\n\n1\n00:00.000 --> 00:01.500\nBenvenuti, perché sì.\n";

struct Source {
  std::int64_t course = 0, video_media = 0, image_media = 0;
  std::string video_bytes, image_bytes;
};

// A published course with a real video and captions in two languages, a text lesson, and a
// quiz with a question of every kind, over two modules.
Source build_course(TestServer& s, std::int64_t org, std::optional<std::int64_t> translation_of = {}) {
  Source src;
  src.video_bytes = real_video();
  auto stored = media::store(s.db(), s.services().config.data_dir, {"intro clip.mp4", src.video_bytes},
                             media::video_policy(), org, std::nullopt);
  EXPECT_TRUE(stored.ok()) << stored.error_key;
  src.video_media = stored.item->id;
  catalog::video::process_media(s.db(), s.services().config.data_dir, src.video_media);
  auto c = s.db().acquire();
  catalog::Course x;
  x.org_id = org;
  x.translation_of = translation_of;
  x.lang = "en";
  x.title = "Safer passwords — “quoted” & <b>bold</b>";
  x.summary = "Strong passwords, a manager and two-factor sign-in.";
  x.description = "## Why\n\nA stolen password **opens** many doors.\n\n- one\n- two";
  x.outcomes = "Make a strong password\nUse a manager";
  x.level = "advanced";
  x.audience = "public_staff";
  x.open_access = true;
  x.competences = {"1.2", "4.1", "4.2"};
  src.course = catalog::store::create_course(*c, x, 0);
  // An image the description and a text lesson show, by its address in this course.
  src.image_bytes = test::files::png(12, 8);
  auto image = media::store(s.db(), s.services().config.data_dir, {"diagram.png", src.image_bytes}, media::image_policy(),
                            org, std::nullopt);
  EXPECT_TRUE(image.ok()) << image.error_key;
  src.image_media = image.item->id;
  catalog::store::add_image(*c, src.course, src.image_media);
  catalog::store::set_cover(*c, src.course, src.image_media, "A diagram of two keys");
  auto image_url = "/courses/" + std::to_string(src.course) + "/images/" + std::to_string(src.image_media);
  x.id = src.course;
  x.description += "\n\n![A diagram](" + image_url + ")";
  catalog::store::update_course(*c, x);
  auto m1 = catalog::store::add_module(*c, src.course, "Basics");
  auto m2 = catalog::store::add_module(*c, src.course, "Check yourself");
  catalog::Lesson l;
  l.course_id = src.course;
  l.module_id = m1;
  l.kind = "video";
  l.title = "Three signs of a scam message";
  l.body = "Watch *this* first.";
  l.transcript = "Hello and welcome. Passwords matter.";
  l.minutes = 7;
  l.allow_download = true;
  auto video = catalog::store::create_lesson(*c, l);
  catalog::store::set_video(*c, video, src.video_media);
  catalog::store::set_caption(*c, video, "en", kCaptionsEn);
  catalog::store::set_caption(*c, video, "it", kCaptionsIt);
  l = {};
  l.course_id = src.course;
  l.module_id = m1;
  l.kind = "text";
  l.title = "Two-factor sign-in";
  l.body = "## The second key\n\nA code from an app, ünïcödé and `code`.\n\n![The app](" + image_url + ")";
  l.minutes = 12;
  catalog::store::create_lesson(*c, l);
  l = {};
  l.course_id = src.course;
  l.module_id = m2;
  l.kind = "quiz";
  l.title = "Quiz: passwords";
  l.body = "Answer all.";
  l.pass_mark = 80;
  l.max_attempts = 3;
  auto quiz = catalog::store::create_lesson(*c, l);
  auto q = [&](const std::string& kind, const std::string& prompt, std::vector<catalog::Option> options) {
    catalog::Question x;
    x.lesson_id = quiz;
    x.kind = kind;
    x.prompt = prompt;
    x.feedback = "Because " + kind + ".";
    x.options = std::move(options);
    catalog::store::save_question(*c, x);
  };
  q("single", "Pick B", {{0, 0, "A", false}, {0, 0, "B", true}, {0, 0, "C", false}});
  q("multiple", "Pick D and E", {{0, 0, "D", true}, {0, 0, "E", true}, {0, 0, "F", false}});
  q("true_false", "True?", {{0, 0, "true", false}, {0, 0, "false", true}});
  q("short", "Say perché", {{0, 0, "perché", true}, {0, 0, "perche", true}});
  q("ordering", "Order G H I", {{0, 0, "G", true}, {0, 0, "H", true}, {0, 0, "I", true}});
  catalog::store::set_published(*c, src.course, true);
  return src;
}

struct Lines {
  std::vector<std::string> lines;
  pkg::Progress progress() {
    return [this](int step, int total, const std::string& what) {
      lines.push_back("[" + std::to_string(step) + "/" + std::to_string(total) + "] " + what);
    };
  }
  bool has(const std::string& part) const {
    for (const auto& l : lines)
      if (l.find(part) != std::string::npos) return true;
    return false;
  }
};

std::string media_state(TestServer& s, std::int64_t media_id) {
  for (int i = 0; i < 300; ++i) {
    {
      auto c = s.db().acquire();
      auto item = media::find(*c, media_id);
      if (item && item->status != "processing") return item->status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "processing";
}

void expect_same_lessons(TestServer& s, std::int64_t a_course, std::int64_t b_course,
                         const std::function<std::string(std::string)>& readdressed) {
  auto c = s.db().acquire();
  auto a = catalog::store::modules(*c, a_course), b = catalog::store::modules(*c, b_course);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a[m].title, b[m].title);
    EXPECT_EQ(a[m].position, b[m].position);
    ASSERT_EQ(a[m].lessons.size(), b[m].lessons.size());
    for (std::size_t i = 0; i < a[m].lessons.size(); ++i) {
      const auto &x = a[m].lessons[i], &y = b[m].lessons[i];
      EXPECT_EQ(x.position, y.position);
      EXPECT_EQ(x.kind, y.kind);
      EXPECT_EQ(x.title, y.title);
      EXPECT_EQ(readdressed(x.body), y.body);
      EXPECT_EQ(readdressed(x.transcript), y.transcript);
      EXPECT_EQ(x.minutes, y.minutes);
      EXPECT_EQ(x.allow_download, y.allow_download);
      EXPECT_EQ(x.pass_mark, y.pass_mark);
      EXPECT_EQ(x.max_attempts, y.max_attempts);
      EXPECT_EQ(x.video_id.has_value(), y.video_id.has_value());
      EXPECT_EQ(catalog::store::caption_langs(*c, x.id), catalog::store::caption_langs(*c, y.id));
      for (const auto& lang : catalog::store::caption_langs(*c, x.id))
        EXPECT_EQ(catalog::store::caption(*c, x.id, lang), catalog::store::caption(*c, y.id, lang));
      auto qa = catalog::store::questions(*c, x.id), qb = catalog::store::questions(*c, y.id);
      ASSERT_EQ(qa.size(), qb.size());
      for (std::size_t k = 0; k < qa.size(); ++k) {
        EXPECT_EQ(qa[k].position, qb[k].position);
        EXPECT_EQ(qa[k].kind, qb[k].kind);
        EXPECT_EQ(qa[k].prompt, qb[k].prompt);
        EXPECT_EQ(qa[k].feedback, qb[k].feedback);
        ASSERT_EQ(qa[k].options.size(), qb[k].options.size());
        for (std::size_t o = 0; o < qa[k].options.size(); ++o) {
          EXPECT_EQ(qa[k].options[o].position, qb[k].options[o].position);
          EXPECT_EQ(qa[k].options[o].text, qb[k].options[o].text);
          EXPECT_EQ(qa[k].options[o].correct, qb[k].options[o].correct);
        }
      }
    }
  }
}

bool noted(const pkg::ImportResult& r, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

std::int64_t count(TestServer& s, const std::string& table) {
  auto c = s.db().acquire();
  // The server's own daily jobs (privacy retention reschedules itself) are not the import's.
  if (table == "jobs") return c->one("SELECT COUNT(*) FROM jobs WHERE kind <> 'privacy_retention'")->i64(0);
  return c->one("SELECT COUNT(*) FROM " + table)->i64(0);
}

std::size_t files_under(const std::string& dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

}  // namespace

TEST(CatalogPackage, RoundTripKeepsEveryFieldCaptionsQuizAndTheVideoBytes) {
  TestServer s;
  auto org_a = new_org(s, "source-org"), org_b = new_org(s, "target-org");
  auto src = build_course(s, org_a);
  auto file = test::temp_dir("pkg") + "/course.zip";

  Lines out;
  auto exported = pkg::export_course(s.db(), s.services().config.data_dir, src.course, file, out.progress());
  ASSERT_TRUE(exported.ok()) << exported.error;
  EXPECT_EQ(exported.lessons, 3);
  EXPECT_EQ(exported.videos, 1);
  EXPECT_EQ(exported.captions, 2);
  EXPECT_TRUE(out.has("[1/5] lesson 'Three signs of a scam message': video lesson, video file ")) << out.lines.front();
  EXPECT_TRUE(out.has(", captions en, it"));
  EXPECT_TRUE(out.has("[3/5] lesson 'Quiz: passwords': quiz lesson"));
  EXPECT_TRUE(out.has("[4/5] 1 image, "));
  EXPECT_TRUE(out.has("[5/5] package written"));
  EXPECT_EQ(exported.images, 1);
  EXPECT_GT(exported.bytes, static_cast<std::int64_t>(src.video_bytes.size()));

  Lines in;
  auto r = pkg::import_course(s.db(), s.services().config.data_dir, file, org_b, in.progress());
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front());
  EXPECT_TRUE(in.has("[1/7] package checked: 'Safer passwords — “quoted” & <b…' (en), 2 modules, 3 lessons, 1 video"))
      << in.lines.front();
  EXPECT_TRUE(in.has(", 5 questions, 1 image"));
  EXPECT_TRUE(in.has("[2/7] 1 image stored (1 KB)"));
  EXPECT_TRUE(in.has("[3/7] lesson 'Three signs of a scam message': video "));
  EXPECT_TRUE(in.has(" stored, captions en, it"));
  EXPECT_TRUE(in.has("[4/7] lesson 'Two-factor sign-in': text, "));
  EXPECT_TRUE(in.has("[5/7] lesson 'Quiz: passwords': quiz, 5 questions"));
  EXPECT_TRUE(in.has("[6/7] course " + std::to_string(r.course_id) + " created as an unpublished draft in Org target-org"));
  EXPECT_TRUE(in.has("[7/7] lesson 'Three signs of a scam message': video "));

  std::optional<catalog::Course> a, b;
  {
    auto c = s.db().acquire();
    a = catalog::store::find(*c, src.course);
    b = catalog::store::find(*c, r.course_id);
  }
  ASSERT_TRUE(b);
  EXPECT_EQ(b->org_id, org_b);
  EXPECT_FALSE(b->published);
  EXPECT_FALSE(b->translation_of);
  EXPECT_EQ(b->lang, a->lang);
  EXPECT_EQ(b->title, a->title);
  EXPECT_EQ(b->summary, a->summary);
  // The image: the same bytes, the course's own, and the texts show it at its new address.
  std::vector<std::int64_t> images;
  {
    auto c = s.db().acquire();
    images = catalog::store::images(*c, r.course_id);
  }
  ASSERT_EQ(images.size(), 1u);
  EXPECT_NE(images[0], src.image_media);
  {
    auto c = s.db().acquire();
    auto cover = catalog::store::cover(*c, r.course_id);
    ASSERT_TRUE(cover.has_value()) << "the cover travels with the package";
    EXPECT_EQ(cover->media_id, images[0]);
    EXPECT_EQ(cover->alt, "A diagram of two keys");
  }
  auto old_url = "/courses/" + std::to_string(src.course) + "/images/" + std::to_string(src.image_media);
  auto new_url = "/courses/" + std::to_string(r.course_id) + "/images/" + std::to_string(images[0]);
  auto readdressed = [&](std::string text) {
    auto at = text.find(old_url);
    return at == std::string::npos ? text : text.replace(at, old_url.size(), new_url);
  };
  EXPECT_NE(b->description.find("![A diagram](" + new_url + ")"), std::string::npos) << b->description;
  EXPECT_EQ(b->description, readdressed(a->description));
  EXPECT_EQ(b->outcomes, a->outcomes);
  EXPECT_EQ(b->level, a->level);
  EXPECT_EQ(b->audience, a->audience);
  EXPECT_EQ(b->open_access, a->open_access);
  EXPECT_EQ(b->competences, a->competences);
  EXPECT_EQ(b->minutes, a->minutes);
  EXPECT_EQ(b->kinds, a->kinds);
  expect_same_lessons(s, src.course, r.course_id, readdressed);

  // The video: the same bytes, in a media row of the target organisation, processed again
  // with a poster of its own.
  std::optional<catalog::Lesson> lesson;
  {
    auto c = s.db().acquire();
    lesson = catalog::store::modules(*c, r.course_id).front().lessons.front();
  }
  ASSERT_TRUE(lesson->video_id);
  EXPECT_NE(*lesson->video_id, src.video_media);
  EXPECT_EQ(media_state(s, *lesson->video_id), "ready");
  std::optional<media::Item> item, original;
  {
    auto c = s.db().acquire();
    item = media::find(*c, *lesson->video_id);
    original = media::find(*c, src.video_media);
  }
  EXPECT_EQ(item->org_id, org_b);
  EXPECT_EQ(item->kind, "video");
  EXPECT_EQ(item->name, "intro clip.mp4");
  EXPECT_EQ(item->duration_seconds, std::optional<std::int64_t>(2));
  ASSERT_TRUE(item->poster_id);
  EXPECT_NE(item->poster_id, original->poster_id);
  EXPECT_EQ(slurp(media::path_for(s.services().config.data_dir, item->sha256)), src.video_bytes);

  // A draft: learners do not see it; an author of the target organisation does.
  EXPECT_EQ(s.client().get("/courses/" + std::to_string(r.course_id)).status, 404);
  auto author = test::unique_email("pkg-author");
  auto uid = s.add_user(author, test::kPassword);
  {
    auto c = s.db().acquire();
    orgs::store::grant(*c, uid, org_b, "author");
  }
  auto author_client = s.signed_in(author, test::kPassword);
  auto page = author_client.get("/author/courses/" + std::to_string(r.course_id));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Three signs of a scam message"), std::string::npos);
  auto shown = author_client.get(new_url);
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body, src.image_bytes);
}

TEST(CatalogPackage, ManifestIsVersionedReadableJsonAndPostersStayBehind) {
  TestServer s;
  auto org = new_org(s, "readable-org");
  auto src = build_course(s, org);
  auto file = test::temp_dir("pkg") + "/course.zip";
  ASSERT_TRUE(pkg::export_course(s.db(), s.services().config.data_dir, src.course, file).ok());
  auto zip = slurp(file);
  // The manifest comes first, indented; the video is stored, not deflated.
  EXPECT_EQ(zip.substr(30, 13), "manifest.json");
  auto bytes_at = zip.find(src.video_bytes.substr(0, 4096));
  EXPECT_NE(bytes_at, std::string::npos);
  EXPECT_EQ(zip.find("poster"), std::string::npos);
  auto missing = pkg::export_course(s.db(), s.services().config.data_dir, 999999, file);
  EXPECT_EQ(missing.error, "there is no course 999999");
  // A data folder without the video names what is missing.
  auto wrong = pkg::export_course(s.db(), test::temp_dir("empty-data"), src.course, test::temp_dir("pkg") + "/x.zip");
  EXPECT_NE(wrong.error.find("is missing from"), std::string::npos) << wrong.error;
  EXPECT_NE(wrong.error.find("Three signs of a scam message"), std::string::npos);
}

TEST(CatalogPackage, TranslationsReLinkOnlyToOneOriginalOfTheSameTitleAndLanguage) {
  TestServer s;
  auto org_a = new_org(s, "group-source"), org_b = new_org(s, "group-target");
  std::int64_t original_a = 0, original_b = 0;
  {
    auto c = s.db().acquire();
    catalog::Course x;
    x.org_id = org_a;
    x.lang = "it";
    x.title = "Password più sicure";
    x.summary = "Originale.";
    original_a = catalog::store::create_course(*c, x, 0);
  }
  auto src = build_course(s, org_a, original_a);
  auto dir = test::temp_dir("pkg");
  ASSERT_TRUE(pkg::export_course(s.db(), s.services().config.data_dir, src.course, dir + "/t.zip").ok());
  pkg::ImportOptions quick;
  quick.process_videos = false;

  // No original of that title and language in the target organisation: imported unlinked.
  auto r = pkg::import_course(s.db(), s.services().config.data_dir, dir + "/t.zip", org_b, {}, quick);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("imported unlinked; link it with --translation-of ID"), std::string::npos) << r.notes[0];
  {
    auto c = s.db().acquire();
    EXPECT_FALSE(catalog::store::find(*c, r.course_id)->translation_of);
    // The video's job is queued for the server's runner.
    auto lesson = catalog::store::modules(*c, r.course_id).front().lessons.front();
    EXPECT_TRUE(c->one("SELECT 1 FROM jobs WHERE kind = 'catalog_video' AND payload = ?",
                       {catalog::video::job_payload(*lesson.video_id)}));
    catalog::Course x;
    x.org_id = org_b;
    x.lang = "it";
    x.title = "Password più sicure";
    x.summary = "Originale, anche qui.";
    original_b = catalog::store::create_course(*c, x, 0);
  }
  // Exactly one original of that title and language: linked to it.
  r = pkg::import_course(s.db(), s.services().config.data_dir, dir + "/t.zip", org_b, {}, quick);
  ASSERT_TRUE(r.ok());
  {
    auto c = s.db().acquire();
    EXPECT_EQ(catalog::store::find(*c, r.course_id)->translation_of, original_b);
  }
  EXPECT_TRUE(noted(r, "linked as a translation of course " + std::to_string(original_b) + " 'Password più sicure' (it)"));
  // A second import of the same package is a second course, and the operator is told.
  EXPECT_TRUE(noted(r, "the organisation already has course "));
  // --translation-of wins, and names the group's original even when given a translation.
  quick.translation_of = r.course_id;
  r = pkg::import_course(s.db(), s.services().config.data_dir, dir + "/t.zip", org_b, {}, quick);
  ASSERT_TRUE(r.ok());
  {
    auto c = s.db().acquire();
    EXPECT_EQ(catalog::store::find(*c, r.course_id)->translation_of, original_b);
  }
  // Two originals of that title and language: which one is meant cannot be known.
  {
    auto c = s.db().acquire();
    catalog::Course x;
    x.org_id = org_b;
    x.lang = "it";
    x.title = "Password più sicure";
    x.summary = "Un altro originale.";
    catalog::store::create_course(*c, x, 0);
  }
  quick.translation_of.reset();
  r = pkg::import_course(s.db(), s.services().config.data_dir, dir + "/t.zip", org_b, {}, quick);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(noted(r, "and more than one original course of the organisation has that title and language"));
  {
    auto c = s.db().acquire();
    EXPECT_FALSE(catalog::store::find(*c, r.course_id)->translation_of);
  }
  quick.translation_of = 999999;
  auto before = count(s, "courses");
  r = pkg::import_course(s.db(), s.services().config.data_dir, dir + "/t.zip", org_b, {}, quick);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.errors.at(0), "--translation-of: there is no course 999999");
  EXPECT_EQ(count(s, "courses"), before);
}

namespace {

json::object good_manifest() {
  return json::parse(R"({
    "format": "cityskills-course", "version": 1,
    "course": {"lang": "en", "title": "Hostile", "summary": "A test.", "description": "", "outcomes": "",
               "level": "foundation", "audience": "all", "open_access": false, "competences": ["1.1"]},
    "modules": [{"title": "M", "lessons": [
      {"kind": "video", "title": "V", "video": {"file": "videos/1.mp4"},
       "captions": [{"lang": "en", "file": "captions/1-en.vtt"}]},
      {"kind": "text", "title": "T", "body": "Text."},
      {"kind": "quiz", "title": "Q", "questions": [
        {"kind": "true_false", "prompt": "Yes?", "options": [{"text": "true", "correct": true}, {"text": "false", "correct": false}]}]}
    ]}]})")
      .as_object();
}

json::object with_image(const std::string& url) {
  auto m = good_manifest();
  m["images"] = json::array{json::object{{"file", "images/1.png"}, {"url", url}}};
  return m;
}

std::string package(const json::object& manifest, std::vector<test::files::ZipEntry> extra = {},
                    const std::string& video = "", const std::string& captions = test::files::vtt()) {
  std::vector<test::files::ZipEntry> entries{{"manifest.json", json::serialize(manifest)},
                                             {"videos/1.mp4", video},
                                             {"captions/1-en.vtt", captions}};
  for (auto& e : extra) entries.push_back(std::move(e));
  return test::files::zip(entries);
}

}  // namespace

TEST(CatalogPackage, HostilePackagesAreRefusedWithTheirReasonAndWriteNothing) {
  TestServer s;
  auto org = new_org(s, "hostile-org");
  auto dir = test::temp_dir("hostile");
  auto data = s.services().config.data_dir;
  auto video = real_video();
  auto good = package(good_manifest(), {}, video);
  auto with = [&](auto change) {
    auto m = good_manifest();
    change(m);
    return package(m, {}, video);
  };
  auto lesson = [](json::object& m, std::size_t i) -> json::object& {
    return m["modules"].as_array()[0].as_object()["lessons"].as_array()[i].as_object();
  };
  std::vector<test::files::ZipEntry> many;
  for (int i = 0; i < 2001; ++i) many.push_back({"f" + std::to_string(i) + ".txt", "x"});
  auto long_title = std::string(201, 'a');

  struct Case {
    std::string name, zip, expected;
  };
  std::vector<Case> cases = {
      {"dotdot", package(good_manifest(), {{"../evil", "x"}}, video), "package entry '../evil' points outside the package"},
      {"absolute", package(good_manifest(), {{"/etc/cron.d/evil", "x"}}, video), "is an absolute path"},
      {"symlink", package(good_manifest(), {{"captions/link", "/etc/passwd", 0120777}}, video), "is a symbolic link"},
      {"too many", test::files::zip(many), "the package has 2001 entries; at most 2000 are allowed"},
      {"declared size", package(good_manifest(), {{"videos/big.mp4", "x", 0100644, 300u * 1024 * 1024}}, video),
       "'videos/big.mp4' would unpack to 300.0 MB; no file in a package may exceed 200.0 MB"},
      {"nested", package(good_manifest(), {{"inner.zip", test::files::docx()}}, video), "'inner.zip' is another archive"},
      {"nested by content", package(good_manifest(), {}, video, test::files::docx()),
       "'captions/1-en.vtt' is another archive"},
      {"not a zip", "<html>not a zip</html>", "as a zip file"},
      {"no manifest", test::files::zip({{"videos/1.mp4", video}}), "has no manifest.json"},
      {"bad json", test::files::zip({{"manifest.json", "{\"format\": "}}), "manifest.json is not valid JSON"},
      {"empty manifest", package(json::object{}, {}, video), "manifest.json: format: must be \"cityskills-course\""},
      {"format", with([](json::object& m) { m["format"] = "moodle-backup"; }), "format: must be \"cityskills-course\""},
      {"version", with([](json::object& m) { m["version"] = 2; }), "version: this cityskills reads version 1 of the format; the package has 2"},
      {"level", with([](json::object& m) { m["course"].as_object()["level"] = "expert"; }),
       "manifest.json: course.level: must be one of foundation, intermediate, advanced, highly_specialised; \"expert\" is not"},
      {"audience", with([](json::object& m) { m["course"].as_object()["audience"] = "robots"; }), "course.audience: must be one of"},
      {"kind", with([&](json::object& m) { lesson(m, 1)["kind"] = "podcast"; }), "modules[0].lessons[1].kind: must be one of video, text, quiz"},
      {"language", with([](json::object& m) { m["course"].as_object()["lang"] = "fr"; }),
       "course.lang: must be a supported language (it, en, de, sv, fi); \"fr\" is not"},
      {"caption language", with([&](json::object& m) { lesson(m, 0)["captions"].as_array()[0].as_object()["lang"] = "xx"; }),
       "modules[0].lessons[0].captions[0].lang: must be a supported language"},
      {"missing title", with([](json::object& m) { m["course"].as_object().erase("title"); }), "course.title: is missing"},
      {"title too long", with([&](json::object& m) { m["course"].as_object()["title"] = long_title; }),
       "course.title: is too long: at most 200 characters, this one has 201"},
      {"unknown field", with([](json::object& m) { m["course"].as_object()["levle"] = "x"; }),
       "course.levle: is not a field of this format"},
      {"competence", with([](json::object& m) { m["course"].as_object()["competences"] = json::array{"9.9"}; }),
       "course.competences[0]: must be a DigComp 2.2 competence code"},
      {"minutes", with([&](json::object& m) { lesson(m, 1)["minutes"] = 601; }),
       "modules[0].lessons[1].minutes: must be a whole number from 1 to 600"},
      {"single", with([&](json::object& m) {
         auto& q = lesson(m, 2)["questions"].as_array()[0].as_object();
         q["kind"] = "single";
         q["options"].as_array()[1].as_object()["correct"] = true;
       }), "modules[0].lessons[2].questions[0].options: a single question needs two or more options, exactly one of them correct"},
      {"empty text lesson", with([&](json::object& m) { lesson(m, 1)["body"] = "  "; }), "lessons[1].body: must not be empty"},
      {"missing file", with([&](json::object& m) { lesson(m, 0)["video"].as_object()["file"] = "videos/2.mp4"; }),
       "lessons[0].video.file: names 'videos/2.mp4', which is not in the package"},
      {"unnamed entry", package(good_manifest(), {{"notes.txt", "hello"}}, video), "'notes.txt' is not named by manifest.json"},
      {"caption timing", package(good_manifest(), {}, video, "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards\n"),
       "'captions/1-en.vtt' (modules[0].lessons[0].captions[0]): Line 3: a cue needs a timing"},
      {"caption signature", package(good_manifest(), {}, video, "Hello\n"), "the first line must be WEBVTT"},
      {"html video", package(good_manifest(), {}, "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
       "'videos/1.mp4' (modules[0].lessons[0].video): The content of the file is not a valid mp4 file."},
      {"sha256", with([&](json::object& m) { lesson(m, 0)["video"].as_object()["sha256"] = std::string(64, 'a'); }),
       "its SHA-256 differs from the manifest's"},
      {"html image",
       package(with_image("/courses/1/images/2"), {{"images/1.png", "<svg onload=alert(1)></svg>"}}, video),
       "'images/1.png' (images[0]): The content of the file is not a valid png file."},
      {"image address", package(with_image("https://evil.example/x.png"), {{"images/1.png", test::files::png(4, 4)}}, video),
       "images[0].url: must be the image's address in the course texts"},
      {"cover of no image", with([](json::object& m) {
         m["cover"] = json::object{{"url", "/courses/1/images/2"}, {"alt", "A picture"}};
       }), "cover.url: must be the url of one of the package's images"},
      {"cover without its description", package([] {
         auto m = with_image("/courses/1/images/2");
         m["cover"] = json::object{{"url", "/courses/1/images/2"}};
         return m;
       }(), {{"images/1.png", test::files::png(4, 4)}}, video), "cover.alt: is missing"},
  };
  auto courses = count(s, "courses"), media_rows = count(s, "media"), jobs = count(s, "jobs");
  for (const auto& c : cases) {
    auto file = dir + "/case.zip";
    spit(file, c.zip);
    auto r = pkg::import_course(s.db(), data, file, org);
    EXPECT_FALSE(r.ok()) << c.name;
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    EXPECT_NE(all.find(c.expected), std::string::npos) << c.name << ": " << all;
    EXPECT_EQ(count(s, "courses"), courses) << c.name;
    EXPECT_EQ(count(s, "media"), media_rows) << c.name;
    EXPECT_EQ(count(s, "jobs"), jobs) << c.name;
    EXPECT_EQ(files_under(data + "/media"), 0u) << c.name;
  }
  // Several problems are all reported at once, each with its field.
  auto m = good_manifest();
  m["course"].as_object()["level"] = "expert";
  lesson(m, 1)["minutes"] = 0;
  spit(dir + "/many.zip", package(m, {}, video));
  auto r = pkg::import_course(s.db(), data, dir + "/many.zip", org);
  EXPECT_EQ(r.errors.size(), 2u);
  // The same package without its faults is imported.
  spit(dir + "/good.zip", good);
  pkg::ImportOptions quick;
  quick.process_videos = false;
  r = pkg::import_course(s.db(), data, dir + "/good.zip", org, {}, quick);
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front());
  EXPECT_EQ(count(s, "courses"), courses + 1);
}

}  // namespace cityskills

namespace cityskills {

// The videos are stored before the course's transaction; when that transaction fails, they
// are removed again, so nothing of the course remains.
TEST(CatalogPackage, AFailingTransactionKeepsNothingOfTheCourseNorItsVideos) {
  TestServer s;
  auto org = new_org(s, "failing-org");
  {
    auto c = s.db().acquire();
    if (c->dialect() == db::Dialect::kPostgres)
      c->exec_script(
          "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.text = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; "
          "RETURN NEW; END $$ LANGUAGE plpgsql; CREATE TRIGGER boom BEFORE INSERT ON quiz_options FOR EACH ROW EXECUTE "
          "FUNCTION boom();");
    else
      c->exec_script("CREATE TRIGGER boom BEFORE INSERT ON quiz_options WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, "
                     "'boom'); END;");
  }
  auto m = good_manifest();
  auto& q = m["modules"].as_array()[0].as_object()["lessons"].as_array()[2].as_object()["questions"].as_array()[0].as_object();
  q["kind"] = "short";
  q["options"] = json::array{json::object{{"text", "boom"}}};
  auto file = test::temp_dir("failing") + "/p.zip";
  spit(file, package(m, {}, real_video()));
  auto data = s.services().config.data_dir;
  auto courses = count(s, "courses"), lessons = count(s, "lessons"), jobs = count(s, "jobs");
  Lines lines;
  auto r = pkg::import_course(s.db(), data, file, org, lines.progress());
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("the database refused the course, nothing was kept"), std::string::npos) << r.errors[0];
  EXPECT_TRUE(lines.has(" stored"));  // the video had been stored...
  EXPECT_EQ(count(s, "media"), 0);    // ...and is gone again, row and file
  EXPECT_EQ(files_under(data + "/media"), 0u);
  EXPECT_EQ(count(s, "courses"), courses);
  EXPECT_EQ(count(s, "lessons"), lessons);
  EXPECT_EQ(count(s, "jobs"), jobs);
}

}  // namespace cityskills
