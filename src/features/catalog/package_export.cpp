// Course packages: export — one course read in a read transaction, written as manifest.json
// with its videos, captions and images.
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

// ---- export ----

// Indented JSON, so that an operator can read and diff a manifest.
void pretty(std::string& out, const json::value& v, int indent) {
  auto pad = [&](int n) { out.append(static_cast<std::size_t>(n), ' '); };
  if (v.is_object() && !v.as_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& kv : v.as_object()) {
      if (!first) out += ",\n";
      first = false;
      pad(indent + 2);
      out += json::serialize(json::value(kv.key())) + ": ";
      pretty(out, kv.value(), indent + 2);
    }
    out += "\n";
    pad(indent);
    out += "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& item : v.as_array()) {
      if (!first) out += ",\n";
      first = false;
      pad(indent + 2);
      pretty(out, item, indent + 2);
    }
    out += "\n";
    pad(indent);
    out += "]";
  } else {
    out += json::serialize(v);
  }
}

// What the export reads, in one read transaction so that it is consistent.
struct Snapshot {
  Course course;
  std::optional<Course> original;
  std::vector<Module> modules;
  std::map<std::int64_t, std::vector<Question>> questions;
  std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> captions;  // lang, vtt
  std::map<std::int64_t, media::Item> videos;
  std::vector<media::Item> images;
  std::optional<store::Cover> cover;
};

std::optional<Snapshot> snapshot(db::Database& db, std::int64_t course_id) {
  return db.tx(db::TxKind::kRead, [&](db::Connection& c) -> std::optional<Snapshot> {
    auto course = store::find(c, course_id);
    if (!course) return std::nullopt;
    Snapshot s;
    s.course = *course;
    if (course->translation_of) s.original = store::find(c, *course->translation_of);
    s.modules = store::modules(c, course_id);
    for (auto id : store::images(c, course_id))
      if (auto item = media::find(c, id); item && item->kind == "image") s.images.push_back(*item);
    s.cover = store::cover(c, course_id);
    for (const auto& m : s.modules)
      for (const auto& l : m.lessons) {
        if (l.kind == "quiz") s.questions[l.id] = store::questions(c, l.id);
        if (l.kind != "video") continue;
        for (const auto& lang : store::caption_langs(c, l.id)) s.captions[l.id].emplace_back(lang, *store::caption(c, l.id, lang));
        if (l.video_id)
          if (auto item = media::find(c, *l.video_id); item && item->kind == "video") s.videos[l.id] = *item;
      }
    return s;
  });
}

json::object course_json(const Course& x) {
  json::array competences;
  for (const auto& code : x.competences) competences.emplace_back(code);
  return {{"lang", x.lang},         {"title", x.title},       {"summary", x.summary},
          {"description", x.description}, {"outcomes", x.outcomes}, {"level", x.level},
          {"audience", x.audience}, {"open_access", x.open_access}, {"competences", competences}};
}

json::array questions_json(const std::vector<Question>& questions) {
  json::array out;
  for (const auto& q : questions) {
    json::array options;
    for (const auto& o : q.options) options.push_back(json::object{{"text", o.text}, {"correct", o.correct}});
    out.push_back(json::object{{"kind", q.kind}, {"prompt", q.prompt}, {"feedback", q.feedback}, {"options", options}});
  }
  return out;
}

// One lesson's manifest entry; its files join `files` (a video shared by two lessons once).
// The size of a stored file on disk at `disk`; nullopt, with `error` naming `what`, when it is
// missing or not the size recorded.
std::optional<std::uintmax_t> size_on_disk(const media::Item& item, const std::string& disk, const std::string& what,
                                           std::string& error) {
  std::error_code ec;
  auto size = fs::file_size(disk, ec);
  if (!ec && size == static_cast<std::uintmax_t>(item.size)) return size;
  error = what + " (media " + std::to_string(item.id) + ") is missing from " + disk + ": is --data the server's data folder?";
  return std::nullopt;
}

json::object lesson_json(const Snapshot& s, const Lesson& l, int number, const std::string& data_dir,
                         std::vector<OutFile>& files, std::map<std::string, std::string>& by_hash, std::string& error) {
  json::object o{{"kind", l.kind}, {"title", l.title}, {"body", l.body}, {"transcript", l.transcript},
                 {"minutes", l.minutes}, {"allow_download", l.allow_download}};
  if (l.kind == "quiz") {
    o["pass_mark"] = l.pass_mark;
    o["max_attempts"] = l.max_attempts;
    auto q = s.questions.find(l.id);
    o["questions"] = q == s.questions.end() ? json::array{} : questions_json(q->second);
  }
  if (l.kind != "video") return o;
  if (auto v = s.videos.find(l.id); v != s.videos.end()) {
    const auto& item = v->second;
    auto disk = media::path_for(data_dir, item.sha256);
    auto size = size_on_disk(item, disk, "the video of lesson '" + l.title + "'", error);
    if (!size) return o;
    auto ext = item.mime == "video/webm" ? "webm" : "mp4";
    auto& name = by_hash[item.sha256];
    if (name.empty()) {
      name = "videos/" + std::to_string(number) + "." + ext;
      files.push_back({name, "", disk, "", *size, true});
    }
    o["video"] = json::object{{"file", name}, {"name", item.name}, {"sha256", item.sha256}, {"size", item.size}};
  }
  json::array captions;
  if (auto c = s.captions.find(l.id); c != s.captions.end())
    for (const auto& [lang, text] : c->second) {
      auto name = "captions/" + std::to_string(number) + "-" + lang + ".vtt";
      files.push_back({name, text, "", lang, text.size(), false});
      captions.push_back(json::object{{"lang", lang}, {"file", name}});
    }
  o["captions"] = captions;
  return o;
}

// The course's images, by the address its texts use for each.
json::array images_json(const Snapshot& s, const std::string& data_dir, std::vector<OutFile>& files, std::string& error) {
  json::array out;
  int number = 0;
  for (const auto& item : s.images) {
    auto disk = media::path_for(data_dir, item.sha256);
    auto size = size_on_disk(item, disk, "the image '" + item.name + "'", error);
    if (!size) return out;
    auto ext = item.mime == "image/png" ? "png" : item.mime == "image/webp" ? "webp" : "jpg";
    auto name = "images/" + std::to_string(++number) + "." + ext;
    files.push_back({name, "", disk, "", *size, true});
    out.push_back(json::object{{"file", name},
                               {"name", item.name},
                               {"sha256", item.sha256},
                               {"size", item.size},
                               {"url", "/courses/" + std::to_string(s.course.id) + "/images/" + std::to_string(item.id)}});
  }
  return out;
}

std::string iso_now() { return util::format_utc(util::now_unix(), "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace detail

using namespace detail;

ExportResult export_course(db::Database& db, const std::string& data_dir, std::int64_t course_id, const std::string& path,
                           const Progress& progress) {
  ExportResult r;
  auto s = snapshot(db, course_id);
  if (!s) return r.error = "there is no course " + std::to_string(course_id), r;
  int total = 1 + (s->images.empty() ? 0 : 1);
  for (const auto& m : s->modules) total += static_cast<int>(m.lessons.size());
  std::vector<OutFile> files(1);  // the manifest first, so a reader meets it before the media
  std::map<std::string, std::string> by_hash;
  json::array modules;
  int number = 0;
  for (const auto& m : s->modules) {
    json::array lessons;
    for (const auto& l : m.lessons) {
      auto before = files.size();
      lessons.push_back(lesson_json(*s, l, ++number, data_dir, files, by_hash, r.error));
      if (!r.error.empty()) return r;
      std::string what = "lesson '" + short_title(l.title) + "': " + l.kind + " lesson";
      std::vector<std::string> langs;
      for (auto i = before; i < files.size(); ++i) {
        if (files[i].stored) what += ", video file " + size_text(files[i].size);
        else langs.push_back(files[i].lang);
        (files[i].stored ? r.videos : r.captions) += 1;
      }
      if (!langs.empty()) what += ", captions " + list_of(langs);
      ++r.lessons;
      if (progress) progress(number, total, what);
    }
    modules.push_back(json::object{{"title", m.title}, {"lessons", lessons}});
  }
  json::object manifest{{"format", kFormat}, {"version", kVersion}, {"generator", "cityskills"}, {"exported_at", iso_now()},
                        {"source", json::object{{"course_id", s->course.id}, {"organisation", s->course.org_slug}}}};
  // Translations travel one by one; the original is named so that an import can re-link.
  if (s->original) manifest["translation_of"] = json::object{{"title", s->original->title}, {"lang", s->original->lang}};
  manifest["course"] = course_json(s->course);
  manifest["modules"] = modules;
  if (!s->images.empty()) {
    auto before = files.size();
    manifest["images"] = images_json(*s, data_dir, files, r.error);
    if (!r.error.empty()) return r;
    std::uint64_t bytes = 0;
    for (auto i = before; i < files.size(); ++i) bytes += files[i].size;
    r.images = static_cast<int>(s->images.size());
    if (progress) progress(++number, total, std::to_string(r.images) + " image" + (r.images == 1 ? "" : "s") + ", " + size_text(bytes));
    // The cover is one of the images (set_cover adds it to them), named by its address.
    if (s->cover)
      manifest["cover"] = json::object{
          {"url", "/courses/" + std::to_string(s->course.id) + "/images/" + std::to_string(s->cover->media_id)},
          {"alt", s->cover->alt}};
  }
  files[0].name = kManifest;
  pretty(files[0].data, manifest, 0);
  files[0].data += "\n";
  files[0].size = files[0].data.size();
  if (auto err = write_zip(path, files); !err.empty()) return r.error = err, r;
  std::error_code ec;
  r.bytes = static_cast<std::int64_t>(fs::file_size(path, ec));
  if (progress) progress(total, total, "package written: " + path + ", " + size_text(static_cast<std::uint64_t>(r.bytes)));
  log::info("course exported", "\"course_id\":" + std::to_string(course_id) + ",\"bytes\":" + std::to_string(r.bytes));
  return r;
}

}  // namespace cityskills::catalog::package
