// Course packages: import — every file the manifest names checked, then the media stored and
// the course created in one transaction, or nothing kept.
#include "features/catalog/package_parts.hpp"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/catalog/vtt.hpp"
#include "features/orgs/api.hpp"
#include "i18n/i18n.hpp"
#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/validate.hpp"

namespace cityskills::catalog::package {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace detail {

// ---- checking the files the manifest names ----

struct Files {
  zip_t* zip = nullptr;
  std::map<std::string, Entry> entries;
};

const Entry* named(const Files& f, const std::string& file, const std::string& path, std::vector<std::string>& errors) {
  auto it = f.entries.find(file);
  if (file == kManifest || it == f.entries.end()) {
    errors.push_back("manifest.json: " + path + ": names '" + shown(file) + "', which is not in the package");
    return nullptr;
  }
  return &it->second;
}

void check_captions(const Files& f, Manifest& m, std::vector<std::string>& errors) {
  for (auto& pm : m.modules)
    for (auto& pl : pm.lessons)
      for (auto& c : pl.captions) {
        const auto* e = named(f, c.file, c.path + ".file", errors);
        if (!e) continue;
        if (e->size > vtt::kMaxBytes) {
          errors.push_back("package entry '" + shown(c.file) + "' would unpack to " + size_text(e->size) +
                           "; a captions file may have at most " + size_text(vtt::kMaxBytes));
          continue;
        }
        std::string error;
        auto text = read_entry(f.zip, *e, error);
        if (!text) {
          errors.push_back(error);
          continue;
        }
        auto parsed = vtt::parse(*text);
        if (!parsed.ok)
          errors.push_back("package entry '" + shown(c.file) + "' (" + c.path + "): " +
                           english(parsed.error, {{"line", std::to_string(parsed.error_line)}}));
        else if (parsed.cues.empty())
          errors.push_back("package entry '" + shown(c.file) + "' (" + c.path + "): " + english("catalog.vtt.empty"));
        else c.text = std::move(*text);
      }
}

media::Policy video_policy() { return {{"mp4", "webm"}, {{media::Kind::kVideo, kVideoMaxBytes}}}; }

std::string media_error(const media::Result& r) { return english(r.error_key, r.args); }

// The bytes of a video, checked against the manifest and the media store's video rules.
std::optional<std::string> video_bytes(const Files& f, const VideoRef& v, std::string& error) {
  std::vector<std::string> errors;
  const auto* e = named(f, v.file, v.path + ".file", errors);
  if (!e) return error = errors.front(), std::nullopt;
  auto data = read_entry(f.zip, *e, error);
  if (!data) return std::nullopt;
  auto where = "package entry '" + shown(v.file) + "' (" + v.path + ")";
  if (v.size && static_cast<std::uint64_t>(*v.size) != data->size())
    return error = where + ": has " + std::to_string(data->size()) + " bytes, the manifest says " + std::to_string(*v.size), std::nullopt;
  if (!v.sha256.empty() && crypto::sha256_hex(*data) != v.sha256)
    return error = where + ": its SHA-256 differs from the manifest's: the package is damaged", std::nullopt;
  if (auto bad = media::check({v.name.empty() ? v.file : v.name, *data}, video_policy()))
    return error = where + ": " + media_error(*bad), std::nullopt;
  return data;
}

// The bytes of an image, checked against the manifest and the media store's image rules.
std::optional<std::string> image_bytes(const Files& f, const ImageRef& img, std::string& error) {
  std::vector<std::string> errors;
  const auto* e = named(f, img.file, img.path + ".file", errors);
  if (!e) return error = errors.front(), std::nullopt;
  auto data = read_entry(f.zip, *e, error);
  if (!data) return std::nullopt;
  auto where = "package entry '" + shown(img.file) + "' (" + img.path + ")";
  if (img.size && static_cast<std::uint64_t>(*img.size) != data->size())
    return error = where + ": has " + std::to_string(data->size()) + " bytes, the manifest says " + std::to_string(*img.size), std::nullopt;
  if (!img.sha256.empty() && crypto::sha256_hex(*data) != img.sha256)
    return error = where + ": its SHA-256 differs from the manifest's: the package is damaged", std::nullopt;
  if (auto bad = media::check({img.name.empty() ? img.file : img.name, *data}, media::image_policy()))
    return error = where + ": " + media_error(*bad), std::nullopt;
  return data;
}

void check_images(const Files& f, const Manifest& m, std::vector<std::string>& errors) {
  for (const auto& img : m.images) {
    std::string error;
    if (!image_bytes(f, img, error)) errors.push_back(std::move(error));
  }
}

void check_videos(const Files& f, const Manifest& m, std::vector<std::string>& errors) {
  std::set<std::string> seen;
  for (const auto& pm : m.modules)
    for (const auto& pl : pm.lessons) {
      if (!pl.video || !seen.insert(pl.video->file).second) continue;
      std::string error;
      if (!video_bytes(f, *pl.video, error)) errors.push_back(error);  // one video in memory at a time
    }
}

// Every file the manifest names is in the package, and every file of the package is named.
void check_references(const Files& f, const Manifest& m, std::vector<std::string>& errors) {
  std::set<std::string> used{kManifest};
  for (const auto& img : m.images)
    if (named(f, img.file, img.path + ".file", errors)) used.insert(img.file);
  for (const auto& pm : m.modules)
    for (const auto& pl : pm.lessons) {
      if (pl.video && named(f, pl.video->file, pl.video->path + ".file", errors)) used.insert(pl.video->file);
      for (const auto& c : pl.captions)
        if (named(f, c.file, c.path + ".file", errors)) used.insert(c.file);
    }
  for (const auto& [name, e] : f.entries)
    if (!used.count(name)) errors.push_back("package entry '" + shown(name) + "' is not named by manifest.json");
}

// The one original course of the organisation with this title and language; a note says
// what happened either way.
std::optional<std::int64_t> matching_original(db::Connection& c, const Original& original, std::int64_t org_id,
                                              ImportResult& r) {
  auto rows = c.query("SELECT id FROM courses WHERE org_id = ? AND title = ? AND lang = ? AND translation_of IS NULL ORDER BY id",
                      {org_id, original.title, original.lang});
  if (rows.size() == 1) {
    r.notes.push_back("linked as a translation of course " + std::to_string(rows[0].i64(0)) + " '" + original.title +
                      "' (" + original.lang + ")");
    return rows[0].i64(0);
  }
  r.notes.push_back("the package translates '" + original.title + "' (" + original.lang + "), and " +
                    (rows.empty() ? "no" : "more than one") +
                    " original course of the organisation has that title and language: imported unlinked; link it "
                    "with --translation-of ID or in the course's form");
  return std::nullopt;
}

// The group named by --translation-of: its original, also when given a translation.
std::optional<std::int64_t> linked(db::Connection& c, const ImportOptions& opt, ImportResult& r) {
  if (!opt.translation_of) return std::nullopt;
  auto o = store::find(c, *opt.translation_of);
  if (!o) {
    r.errors.push_back("--translation-of: there is no course " + std::to_string(*opt.translation_of));
    return std::nullopt;
  }
  return o->translation_of.value_or(o->id);
}

// The original a translation is linked to: --translation-of, else the manifest's original
// when the organisation has exactly one course that matches it. Also notes a course of the
// same title and language already there (importing a package twice makes two copies).
std::optional<std::int64_t> original_for(db::Connection& c, const Manifest& m, std::int64_t org_id,
                                         const ImportOptions& opt, ImportResult& r) {
  if (auto same = c.one("SELECT id FROM courses WHERE org_id = ? AND title = ? AND lang = ? ORDER BY id",
                        {org_id, m.course.title, m.course.lang}))
    r.notes.push_back("the organisation already has course " + std::to_string(same->i64(0)) +
                      " with this title and language; the import makes another, separate course");
  if (opt.translation_of || !m.original) return linked(c, opt, r);
  return matching_original(c, *m.original, org_id, r);
}

// ---- writing ----

struct Stored {
  std::map<std::string, std::int64_t> media;   // package file -> media row (videos)
  std::vector<std::int64_t> images;            // media rows, in the manifest's order
  std::vector<std::int64_t> all;
};

void forget(db::Database& db, const std::string& data_dir, const Stored& s) {
  for (auto id : s.all) media::remove(db, data_dir, id);
}

// Stores the images (the media store re-checks each); one progress line for all of them.
bool store_images(db::Database& db, const std::string& data_dir, const Files& f, const Manifest& m, std::int64_t org_id,
                  Stored& stored, ImportResult& r, std::uint64_t& bytes) {
  for (const auto& img : m.images) {
    std::string error;
    auto data = image_bytes(f, img, error);
    if (!data) return r.errors.push_back(error), false;
    auto s = media::store(db, data_dir, {img.name.empty() ? img.file : img.name, *data}, media::image_policy(), org_id,
                          std::nullopt);
    if (!s.ok()) return r.errors.push_back("package entry '" + shown(img.file) + "': " + media_error(s)), false;
    stored.images.push_back(s.item->id);
    stored.all.push_back(s.item->id);
    bytes += data->size();
  }
  return true;
}

// Stores the videos (the media store re-checks each) and reports each lesson as it goes.
bool store_videos(db::Database& db, const std::string& data_dir, const Files& f, const Manifest& m, std::int64_t org_id,
                  const Progress& progress, int step, int total, Stored& stored, ImportResult& r) {
  for (const auto& pm : m.modules)
    for (const auto& pl : pm.lessons) {
      ++step;
      const auto& l = pl.lesson;
      std::string what = "lesson '" + short_title(l.title) + "': ";
      if (pl.video) {
        auto it = stored.media.find(pl.video->file);
        std::string bytes_text;
        if (it == stored.media.end()) {
          std::string error;
          auto data = video_bytes(f, *pl.video, error);
          if (!data) return r.errors.push_back(error), false;
          auto s = media::store(db, data_dir, {pl.video->name.empty() ? pl.video->file : pl.video->name, *data},
                                video_policy(), org_id, std::nullopt);
          if (!s.ok()) return r.errors.push_back("package entry '" + shown(pl.video->file) + "': " + media_error(s)), false;
          stored.media[pl.video->file] = s.item->id;
          stored.all.push_back(s.item->id);
          bytes_text = size_text(data->size());
        }
        what += "video " + (bytes_text.empty() ? "shared with an earlier lesson" : bytes_text + " stored");
      } else if (l.kind == "video") {
        what += "video lesson without a video yet";
      } else if (l.kind == "quiz") {
        what += "quiz, " + std::to_string(pl.questions.size()) + " question" + (pl.questions.size() == 1 ? "" : "s");
      } else {
        what += "text, " + std::to_string(util::utf8_length(l.body)) + " characters";
      }
      if (!pl.captions.empty()) {
        std::vector<std::string> langs;
        for (const auto& c : pl.captions) langs.push_back(c.lang);
        what += ", captions " + list_of(langs);
      }
      if (progress) progress(step, total, what);
    }
  return true;
}

struct VideoJob {
  std::string lesson_title;
  std::int64_t media_id = 0, job_id = 0;
};

// The course, its modules, lessons, captions and questions, in one transaction; the
// videos' processing jobs are queued in it too, so they exist exactly when the course does.
std::int64_t create(db::Connection& c, const Manifest& m, std::int64_t org_id, std::optional<std::int64_t> original,
                    const Stored& stored, std::vector<VideoJob>& jobs_out) {
  Course x = m.course;
  x.org_id = org_id;
  x.translation_of = original;
  auto id = store::create_course(c, x, 0);
  // The texts show the images by their old addresses: give them the new ones.
  std::vector<std::pair<std::string, std::string>> moved;
  for (std::size_t i = 0; i < m.images.size(); ++i) {
    store::add_image(c, id, stored.images[i]);
    moved.emplace_back(m.images[i].url, "/courses/" + std::to_string(id) + "/images/" + std::to_string(stored.images[i]));
  }
  for (std::size_t i = 0; m.cover && i < m.images.size(); ++i)
    if (m.images[i].url == m.cover->url) store::set_cover(c, id, stored.images[i], m.cover->alt);
  if (!moved.empty()) {
    x.id = id;
    x.description = readdress(x.description, moved);
    store::update_course(c, x);
  }
  for (const auto& pm : m.modules) {
    auto mid = store::add_module(c, id, pm.title);
    for (const auto& pl : pm.lessons) {
      Lesson l = pl.lesson;
      l.course_id = id;
      l.module_id = mid;
      l.body = readdress(l.body, moved);
      l.transcript = readdress(l.transcript, moved);
      auto lid = store::create_lesson(c, l);
      if (pl.video) {
        auto media_id = stored.media.at(pl.video->file);
        store::set_video(c, lid, media_id);
        bool first = std::none_of(jobs_out.begin(), jobs_out.end(), [&](const VideoJob& j) { return j.media_id == media_id; });
        if (first) jobs_out.push_back({l.title, media_id, video::queue(c, media_id)});
      }
      for (const auto& cap : pl.captions) store::set_caption(c, lid, cap.lang, cap.text);
      for (auto q : pl.questions) {
        q.lesson_id = lid;
        store::save_question(c, q);
      }
    }
  }
  return id;
}

// Runs the queued video jobs here (the CLI has no job runner) and reports each outcome.
void process_videos(db::Database& db, const std::string& data_dir, const std::vector<VideoJob>& todo, int first_step,
                    int total, const Progress& progress, ImportResult& r) {
  jobs::Runner runner(db);
  runner.on(video::kJobKind, [&](const std::string& payload) { video::process(db, data_dir, payload); });
  std::set<std::int64_t> done;
  int step = first_step;
  for (const auto& j : todo) {
    std::string what = "lesson '" + short_title(j.lesson_title) + "': ";
    if (!runner.run(j.job_id)) {
      if (progress) progress(++step, total, what + "video taken by a server's job runner");
      continue;
    }
    std::optional<media::Item> item;
    {
      auto c = db.acquire();
      item = media::find(*c, j.media_id);
    }
    if (item && item->status == "ready")
      what += "video ready, " + vtt::clock(static_cast<double>(item->duration_seconds.value_or(0))) +
              (item->poster_id ? ", poster made" : ", no poster");
    else if (item && item->status == "failed") {
      what += "video could not be processed: " + item->error;
      r.notes.push_back("lesson '" + j.lesson_title + "': the video could not be processed (" + item->error +
                        "); upload another file on the lesson's authoring page");
    }
    if (progress) progress(++step, total, what);
  }
}

std::optional<std::string> org_name(db::Database& db, std::int64_t org_id) {
  auto c = db.acquire();
  for (const auto& o : orgs::all(*c))
    if (o.id == org_id) return o.name;
  return std::nullopt;
}

// Opens the package and checks it entirely; nullopt with the reasons in r.errors.
std::optional<Manifest> check_package(const std::string& path, ZipIn& zip, Files& files, ImportResult& r) {
  auto entries = scan(zip.get(), r.errors);
  if (!entries) return std::nullopt;
  files.entries = std::move(*entries);
  auto it = files.entries.find(kManifest);
  if (it == files.entries.end()) return r.errors.push_back(path + " has no manifest.json: it is not a course package"), std::nullopt;
  if (it->second.size > kMaxManifestBytes)
    return r.errors.push_back("manifest.json would unpack to " + size_text(it->second.size) + "; at most " +
                              size_text(kMaxManifestBytes) + " are allowed"),
           std::nullopt;
  std::string error;
  auto text = read_entry(zip.get(), it->second, error);
  if (!text) return r.errors.push_back(error), std::nullopt;
  auto m = read_manifest(*text, r.errors);
  if (!m) return std::nullopt;
  check_references(files, *m, r.errors);
  if (!r.errors.empty()) return std::nullopt;
  check_captions(files, *m, r.errors);
  check_videos(files, *m, r.errors);
  check_images(files, *m, r.errors);
  if (!r.errors.empty()) return std::nullopt;
  return m;
}

std::string summary_of(const Manifest& m, std::uint64_t video_bytes) {
  int captions = 0, questions = 0;
  for (const auto& pm : m.modules)
    for (const auto& pl : pm.lessons) {
      captions += static_cast<int>(pl.captions.size());
      questions += static_cast<int>(pl.questions.size());
    }
  auto n = [](std::size_t k, const std::string& one) { return std::to_string(k) + " " + one + (k == 1 ? "" : "s"); };
  return "package checked: '" + short_title(m.course.title) + "' (" + m.course.lang + "), " + n(m.modules.size(), "module") +
         ", " + n(static_cast<std::size_t>(m.lessons), "lesson") + ", " + n(static_cast<std::size_t>(m.videos()), "video") +
         (video_bytes ? " (" + size_text(video_bytes) + ")" : "") + ", " + n(static_cast<std::size_t>(captions), "caption file") +
         ", " + n(static_cast<std::size_t>(questions), "question") + (m.images.empty() ? "" : ", " + n(m.images.size(), "image"));
}

}  // namespace detail

using namespace detail;

ImportResult import_course(db::Database& db, const std::string& data_dir, const std::string& path, std::int64_t org_id,
                           const Progress& progress, const ImportOptions& options) {
  ImportResult r;
  auto org = org_name(db, org_id);
  if (!org) return r.errors.push_back("there is no organisation " + std::to_string(org_id)), r;
  std::string open_error;
  ZipIn zip(path, open_error);
  if (!zip.get()) return r.errors.push_back(open_error), r;
  Files files;
  files.zip = zip.get();
  auto m = check_package(path, zip, files, r);
  if (!m) return r;
  std::optional<std::int64_t> original;
  {
    auto c = db.acquire();
    original = original_for(*c, *m, org_id, options, r);
  }
  if (!r.errors.empty()) return r;
  std::uint64_t video_total = 0;
  std::set<std::string> counted;
  for (const auto& pm : m->modules)
    for (const auto& pl : pm.lessons)
      if (pl.video && counted.insert(pl.video->file).second) video_total += files.entries.at(pl.video->file).size;
  int total = 1 + (m->images.empty() ? 0 : 1) + m->lessons + 1 + (options.process_videos ? m->videos() : 0);
  if (progress) progress(1, total, summary_of(*m, video_total));

  Stored stored;
  std::vector<VideoJob> todo;
  const char* stage = "a file could not be stored";
  try {
    std::uint64_t image_total = 0;
    if (!store_images(db, data_dir, files, *m, org_id, stored, r, image_total)) return forget(db, data_dir, stored), r;
    if (!m->images.empty() && progress)
      progress(2, total, std::to_string(m->images.size()) + " image" + (m->images.size() == 1 ? "" : "s") + " stored (" +
                             size_text(image_total) + ")");
    if (!store_videos(db, data_dir, files, *m, org_id, progress, m->images.empty() ? 1 : 2, total, stored, r))
      return forget(db, data_dir, stored), r;
    stage = "the database refused the course";
    r.course_id = db.tx(db::TxKind::kWrite, [&](db::Connection& c) { return create(c, *m, org_id, original, stored, todo); });
  } catch (const std::exception& e) {
    forget(db, data_dir, stored);
    r.course_id = 0;
    r.errors.push_back(std::string(stage) + ", nothing was kept: " + e.what());
    return r;
  }
  log::info("course imported", "\"course_id\":" + std::to_string(r.course_id) + ",\"org_id\":" + std::to_string(org_id) +
                                   ",\"videos\":" + std::to_string(todo.size()));
  int step = 1 + (m->images.empty() ? 0 : 1) + m->lessons + 1;
  if (progress) progress(step, total, "course " + std::to_string(r.course_id) + " created as an unpublished draft in " + *org);
  if (!options.process_videos) return r;
  try {
    process_videos(db, data_dir, todo, step, total, progress, r);
  } catch (const std::exception& e) {
    r.notes.push_back(std::string("the videos could not be processed now (") + e.what() +
                      "); their jobs stay queued for a server's job runner");
  }
  return r;
}

std::string readdress(std::string_view text, const std::vector<std::pair<std::string, std::string>>& moved) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto at = moved.empty() ? std::string_view::npos : text.find("/courses/", i);
    if (at == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, at - i));
    auto whole = [&](const std::string& from) {
      auto end = at + from.size();
      return text.substr(at).starts_with(from) && !(end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])));
    };
    auto it = std::find_if(moved.begin(), moved.end(), [&](const auto& m) { return whole(m.first); });
    if (it == moved.end()) {
      out += '/';
      i = at + 1;
    } else {
      out += it->second;
      i = at + it->first.size();
    }
  }
  return out;
}

}  // namespace cityskills::catalog::package
