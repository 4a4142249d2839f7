#pragma once
// Course packages: one course as a zip (manifest.json, its videos, its captions as .vtt
// files) written by one cityskills instance and read by another. The format is described
// in docs/course-package.md; an import checks the whole package before it writes anything
// and creates the course as an unpublished draft.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace cityskills::catalog::package {

inline constexpr const char* kFormat = "cityskills-course";
inline constexpr int kVersion = 1;

// What a package may hold, checked from the zip's central directory before any entry is
// unpacked.
inline constexpr std::size_t kMaxEntries = 2000;
inline constexpr std::uint64_t kMaxTotalBytes = 4ull * 1024 * 1024 * 1024;  // all entries, unpacked
inline constexpr std::size_t kMaxManifestBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxModules = 200, kMaxLessons = 1000, kMaxQuestions = 200, kMaxImages = 500;

// One step of a long operation: "[step/total] what".
using Progress = std::function<void(int step, int total, const std::string& what)>;

struct ExportResult {
  std::string error;  // empty on success
  std::int64_t bytes = 0;
  int lessons = 0, videos = 0, captions = 0, images = 0;
  bool ok() const { return error.empty(); }
};

// Writes course `course_id` with its video files (read from `data_dir`) to the zip `path`,
// replacing it; nothing is left at `path` when the export fails. Posters are not exported:
// the importing instance makes its own.
ExportResult export_course(db::Database& db, const std::string& data_dir, std::int64_t course_id,
                           const std::string& path, const Progress& progress = {});

struct ImportOptions {
  // The course this one translates (its group's original is used). Without it the
  // manifest's translation_of is looked up in the target organisation by title and
  // language, and linked only when exactly one original course matches.
  std::optional<std::int64_t> translation_of;
  // Runs the imported videos' catalog_video jobs here and now (duration, poster) instead of
  // leaving them to a server's job runner; the jobs are queued either way.
  bool process_videos = true;
};

struct ImportResult {
  // Each names the package entry or the manifest field ("modules[0].lessons[2].level") and
  // says what is wrong; nothing was written when there is any.
  std::vector<std::string> errors;
  std::vector<std::string> notes;  // worth telling the operator, not errors
  std::int64_t course_id = 0;
  bool ok() const { return errors.empty() && course_id > 0; }
};

// Checks the package at `path` entirely (zip sanity, manifest, captions, videos) and only
// then stores its videos and creates the course, unpublished, in organisation `org_id`, in
// one transaction; a failure removes the videos it stored, so nothing of the course remains.
ImportResult import_course(db::Database& db, const std::string& data_dir, const std::string& path, std::int64_t org_id,
                           const Progress& progress = {}, const ImportOptions& options = {});

// `text` with each image address `from` replaced by its `to`, in one pass (a replacement is
// never replaced again, though a new address may equal another image's old one), and only
// whole addresses (/courses/1/images/3 is not the start of /courses/1/images/34).
std::string readdress(std::string_view text, const std::vector<std::pair<std::string, std::string>>& moved);

}  // namespace cityskills::catalog::package
