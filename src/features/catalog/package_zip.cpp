// Course packages: small helpers, and the zip itself — read with its central directory checked
// before any entry is unpacked, and written with libzip.
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

// ---- small helpers ----

std::string size_text(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%llu KB", static_cast<unsigned long long>((bytes + 1023) / 1024));
  else std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// A title for a progress line: at most 32 characters, cut on a character boundary.
std::string short_title(const std::string& title) {
  constexpr std::size_t kMax = 32;
  if (util::utf8_length(title) <= kMax) return title;
  std::size_t i = 0, chars = 0;
  while (i < title.size() && chars < kMax - 1) {
    ++i;
    while (i < title.size() && (static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return std::string(util::trim(title.substr(0, i))) + "…";
}

// An untrusted entry name made safe to print.
std::string shown(std::string_view name) {
  std::string out;
  for (unsigned char ch : name.substr(0, 120)) out += (ch < 0x20 || ch == 0x7F || ch >= 0x80) ? '?' : static_cast<char>(ch);
  return out;
}

std::string english(const std::string& key, const i18n::Args& args) { return i18n::t("en", key, args); }

std::string list_of(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// Archives inside the package, by name or by their first bytes (BAD_INPUTS 28).
bool archive_name(std::string_view name) {
  auto lower = util::to_lower(name);
  for (std::string_view a : {".zip", ".jar", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".zst", ".lz", ".cab",
                             ".docx", ".xlsx", ".odt", ".ods", ".apk"})
    if (lower.ends_with(a)) return true;
  return false;
}

bool archive_bytes(std::string_view d) {
  for (std::string_view sig : {std::string_view("PK\x03\x04", 4), std::string_view("PK\x05\x06", 4),
                               std::string_view("\x1F\x8B", 2), std::string_view("7z\xBC\xAF\x27\x1C", 6),
                               std::string_view("Rar!", 4), std::string_view("BZh", 3),
                               std::string_view("\xFD" "7zXZ", 5), std::string_view("\x28\xB5\x2F\xFD", 4)})
    if (d.starts_with(sig)) return true;
  return false;
}

std::string extension_of(std::string_view name) {
  auto slash = name.rfind('/');
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  return util::to_lower(name.substr(dot + 1));
}

// ---- reading the zip ----

// Why an entry's name is unsafe, or nullopt.
std::optional<std::string> bad_name(std::string_view name) {
  if (name.empty()) return "has an empty name";
  if (name.size() > 255) return "has a name longer than 255 bytes";
  if (!util::valid_utf8(name)) return "has a name that is not UTF-8";
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7F) return "has control characters in its name";
  bool drive = name.size() > 1 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0]));
  if (name.front() == '/' || drive) return "is an absolute path";
  if (name.find('\\') != std::string_view::npos) return "uses backslashes in its path";
  auto body = name.ends_with('/') ? name.substr(0, name.size() - 1) : name;
  for (auto part : util::split(body, '/')) {
    if (part == "..") return "points outside the package (\"..\")";
    if (part.empty() || part == ".") return "has an empty or \".\" part in its path";
  }
  return std::nullopt;
}

// Why one entry of the central directory is refused, or nullopt.
std::optional<std::string> bad_entry(zip_t* z, zip_uint64_t i, const zip_stat_t& st, std::string_view name) {
  if (auto bad = bad_name(name)) return bad;
  zip_uint8_t opsys = 0;
  zip_uint32_t attrs = 0;
  if (zip_file_get_external_attributes(z, i, 0, &opsys, &attrs) == 0 && opsys == ZIP_OPSYS_UNIX) {
    auto mode = (attrs >> 16) & S_IFMT;
    if (mode == S_IFLNK) return "is a symbolic link; packages may not contain links";
    if (mode != 0 && mode != S_IFREG && mode != S_IFDIR) return "is a special file (device, pipe or socket)";
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) return "is encrypted";
  if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
    return "uses a compression method other than stored or deflate";
  if (archive_name(name)) return "is another archive; packages may not contain archives";
  if (st.size > kVideoMaxBytes)
    return "would unpack to " + size_text(st.size) + "; no file in a package may exceed " + size_text(kVideoMaxBytes);
  return std::nullopt;
}

// The files of the package by name, from the central directory alone; nullopt (with the
// reason in `errors`) when the archive is unsafe: too many entries, too large unpacked,
// absolute or ".." paths, links, encrypted entries or archives inside.
std::optional<std::map<std::string, Entry>> scan(zip_t* z, std::vector<std::string>& errors) {
  auto n = zip_get_num_entries(z, 0);
  if (n < 0) return errors.push_back("the zip's directory cannot be read"), std::nullopt;
  if (static_cast<std::uint64_t>(n) > kMaxEntries) {
    errors.push_back("the package has " + std::to_string(n) + " entries; at most " + std::to_string(kMaxEntries) +
                     " are allowed");
    return std::nullopt;
  }
  std::map<std::string, Entry> files;
  std::set<std::string> names;
  std::uint64_t total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(n); ++i) {
    const char* raw = zip_get_name(z, i, ZIP_FL_ENC_RAW);
    zip_stat_t st;
    zip_stat_init(&st);
    if (!raw || zip_stat_index(z, i, ZIP_FL_ENC_RAW, &st) != 0) {
      errors.push_back("entry " + std::to_string(i + 1) + " of the zip's directory cannot be read");
      return std::nullopt;
    }
    std::string name(raw);
    if (auto bad = bad_entry(z, i, st, name)) {
      errors.push_back("package entry '" + shown(name) + "' " + *bad);
      return std::nullopt;
    }
    if (!names.insert(name).second) {
      errors.push_back("package entry '" + shown(name) + "' appears twice");
      return std::nullopt;
    }
    total += st.size;
    if (total > kMaxTotalBytes) {
      errors.push_back("the package would unpack to more than " + size_text(kMaxTotalBytes));
      return std::nullopt;
    }
    if (!name.ends_with('/')) files[name] = {i, name, st.size};
  }
  return files;
}

// The bytes of an entry, never more than its declared size.
std::optional<std::string> read_entry(zip_t* z, const Entry& e, std::string& error) {
  zip_file_t* f = zip_fopen_index(z, e.index, 0);
  if (!f) {
    error = "package entry '" + shown(e.name) + "' cannot be opened: " + zip_strerror(z);
    return std::nullopt;
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(e.size));
  char buf[64 * 1024];
  while (true) {
    auto got = zip_fread(f, buf, sizeof buf);
    if (got < 0) {
      error = "package entry '" + shown(e.name) + "' cannot be unpacked: " + zip_file_strerror(f);
      zip_fclose(f);
      return std::nullopt;
    }
    if (got == 0) break;
    out.append(buf, static_cast<std::size_t>(got));
    if (out.size() > e.size) {
      zip_fclose(f);
      error = "package entry '" + shown(e.name) + "' is larger than the zip's directory says";
      return std::nullopt;
    }
  }
  zip_fclose(f);
  if (out.size() != e.size) {
    error = "package entry '" + shown(e.name) + "' is shorter than the zip's directory says";
    return std::nullopt;
  }
  if (archive_bytes(out)) {
    error = "package entry '" + shown(e.name) + "' is another archive; packages may not contain archives";
    return std::nullopt;
  }
  return out;
}

// Writes the files with libzip, which builds the archive under a temporary name beside
// `path` and renames it at the end: a failed export leaves no half-written package.
std::string write_zip(const std::string& path, const std::vector<OutFile>& files) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string msg = "cannot create " + path + ": " + zip_error_strerror(&e);
    zip_error_fini(&e);
    return msg;
  }
  auto failed = [&](const std::string& what) {
    std::string msg = what + ": " + zip_strerror(z);
    zip_discard(z);
    return msg;
  };
  for (const auto& f : files) {
    zip_source_t* src = f.disk_path.empty() ? zip_source_buffer(z, f.data.data(), f.data.size(), 0)
                                            : zip_source_file(z, f.disk_path.c_str(), 0, static_cast<zip_int64_t>(f.size));
    if (!src) return failed("cannot read " + (f.disk_path.empty() ? f.name : f.disk_path));
    auto index = zip_file_add(z, f.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(src);
      return failed("cannot add " + f.name);
    }
    if (f.stored && zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
      return failed("cannot add " + f.name);
  }
  if (zip_close(z) != 0) return failed("cannot write " + path);
  return "";
}

}  // namespace detail

}  // namespace cityskills::catalog::package
