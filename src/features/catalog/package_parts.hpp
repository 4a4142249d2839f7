#pragma once
// Course packages, inside: what package_zip.cpp (zip reading and writing, small helpers),
// package_manifest.cpp (reading manifest.json), package_import.cpp and package_export.cpp
// share. Not for use outside the package code: the interface is package.hpp.
#include <zip.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "features/catalog/model.hpp"
#include "features/catalog/package.hpp"
#include "i18n/i18n.hpp"

namespace cityskills::catalog::package::detail {

inline constexpr std::size_t kMaxErrors = 30;
inline constexpr const char* kManifest = "manifest.json";

// ---- small helpers (package_zip.cpp) ----

std::string size_text(std::uint64_t bytes);
// A title for a progress line: at most 32 characters, cut on a character boundary.
std::string short_title(const std::string& title);
// An untrusted entry name made safe to print.
std::string shown(std::string_view name);
std::string english(const std::string& key, const i18n::Args& args = {});
std::string list_of(const std::vector<std::string>& values);
// Archives inside the package, by name or by their first bytes (BAD_INPUTS 28).
bool archive_name(std::string_view name);
bool archive_bytes(std::string_view d);
std::string extension_of(std::string_view name);

// ---- the zip (package_zip.cpp) ----

struct Entry {
  zip_uint64_t index = 0;
  std::string name;
  std::uint64_t size = 0;  // unpacked, as the central directory declares
};

class ZipIn {
 public:
  ZipIn(const std::string& path, std::string& error) {
    int code = 0;
    z_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!z_) {
      zip_error_t e;
      zip_error_init_with_code(&e, code);
      error = "cannot read " + path + " as a zip file: " + zip_error_strerror(&e);
      zip_error_fini(&e);
    }
  }
  ZipIn(const ZipIn&) = delete;
  ZipIn& operator=(const ZipIn&) = delete;
  ~ZipIn() {
    if (z_) zip_discard(z_);
  }
  zip_t* get() const { return z_; }

 private:
  zip_t* z_ = nullptr;
};

// The files of the package by name, from the central directory alone; nullopt (with the
// reason in `errors`) when the archive is unsafe: too many entries, too large unpacked,
// absolute or ".." paths, links, encrypted entries or archives inside.
std::optional<std::map<std::string, Entry>> scan(zip_t* z, std::vector<std::string>& errors);
// The bytes of an entry, never more than its declared size.
std::optional<std::string> read_entry(zip_t* z, const Entry& e, std::string& error);

struct OutFile {
  std::string name, data;  // data, or the file at disk_path
  std::string disk_path, lang;
  std::uint64_t size = 0;
  bool stored = false;  // videos and images are compressed already: no deflate
};

// Writes the files with libzip, which builds the archive under a temporary name beside
// `path` and renames it at the end: a failed export leaves no half-written package.
std::string write_zip(const std::string& path, const std::vector<OutFile>& files);

// ---- the manifest (package_manifest.cpp) ----

struct VideoRef {
  std::string file, name, sha256;
  std::optional<std::int64_t> size;
  std::string path;  // in the manifest, for messages
};
struct CaptionRef {
  std::string lang, file, path, text;
};
struct PLesson {
  Lesson lesson;
  std::optional<VideoRef> video;
  std::vector<CaptionRef> captions;
  std::vector<Question> questions;
};
struct PModule {
  std::string title;
  std::vector<PLesson> lessons;
};
struct Original {
  std::string title, lang;
};
// An image the course's Markdown shows, by the address it had on the exporting instance.
struct ImageRef {
  std::string file, name, sha256, url, path;
  std::optional<std::int64_t> size;
};
// The course's cover: one of the images, by its address, with its description.
struct CoverRef {
  std::string url, alt;
};
struct Manifest {
  Course course;
  std::optional<Original> original;
  std::vector<PModule> modules;
  std::vector<ImageRef> images;
  std::optional<CoverRef> cover;
  int lessons = 0;
  // Distinct video files (two lessons may share one).
  int videos() const {
    std::set<std::string> files;
    for (const auto& pm : modules)
      for (const auto& pl : pm.lessons)
        if (pl.video) files.insert(pl.video->file);
    return static_cast<int>(files.size());
  }
};

// The manifest, or nullopt with the reasons in `errors`.
std::optional<Manifest> read_manifest(const std::string& text, std::vector<std::string>& errors);

}  // namespace cityskills::catalog::package::detail
