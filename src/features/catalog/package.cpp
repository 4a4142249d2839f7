// Course packages (docs/course-package.md). Export reads one course in a read transaction
// and writes it with libzip; import refuses an unsafe zip from its central directory alone,
// then checks the manifest, every caption file and every video, and writes only when all
// of it passed.
#include "features/catalog/package.hpp"

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

namespace {

constexpr std::size_t kMaxErrors = 30;
constexpr const char* kManifest = "manifest.json";

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

std::string english(const std::string& key, const i18n::Args& args = {}) { return i18n::t("en", key, args); }

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

// ---- the manifest ----

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
struct Manifest {
  Course course;
  std::optional<Original> original;
  std::vector<PModule> modules;
  std::vector<ImageRef> images;
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

// Reads manifest fields with their path ("modules[0].lessons[2].title"), collecting every
// problem in the words an operator can act on.
class Reader {
 public:
  explicit Reader(std::vector<std::string>& errors) : errors_(errors) {}

  void fail(const std::string& path, const std::string& what) {
    if (errors_.size() < kMaxErrors) errors_.push_back("manifest.json: " + path + ": " + what);
  }
  static std::string at(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  static std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  // Unknown fields are refused: in a versioned format they are a typo or a newer writer.
  void only(const json::object& o, std::initializer_list<std::string_view> keys, const std::string& path) {
    for (const auto& kv : o)
      if (std::find(keys.begin(), keys.end(), std::string_view(kv.key())) == keys.end())
        fail(at(path, kv.key()), "is not a field of this format (version 1)");
  }

  const json::value* field(const json::object& o, std::string_view key, const std::string& path, bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
      if (required) fail(at(path, key), "is missing");
      return nullptr;
    }
    return &it->value();
  }

  const json::object* object(const json::object& o, std::string_view key, const std::string& path, bool required) {
    auto* v = field(o, key, path, required);
    if (v && !v->is_object()) fail(at(path, key), "must be an object");
    return v && v->is_object() ? &v->as_object() : nullptr;
  }

  const json::array* array(const json::object& o, std::string_view key, const std::string& path, bool required,
                           std::size_t max) {
    auto* v = field(o, key, path, required);
    if (!v) return nullptr;
    if (!v->is_array()) return fail(at(path, key), "must be a list"), nullptr;
    if (v->as_array().size() > max)
      return fail(at(path, key), "has " + std::to_string(v->as_array().size()) + " items; at most " + std::to_string(max) +
                                     " are allowed"),
             nullptr;
    return &v->as_array();
  }

  std::string string(const json::object& o, std::string_view key, const std::string& path, bool required) {
    auto* v = field(o, key, path, required);
    if (!v) return "";
    if (!v->is_string()) return fail(at(path, key), "must be a string"), "";
    return std::string(v->as_string());
  }

  // Free text: UTF-8 without NUL, at most `max` characters, Markdown that renders.
  std::string text(const json::object& o, std::string_view key, const std::string& path, std::size_t max, bool required,
                   bool markdown, bool trim) {
    auto v = string(o, key, path, required);
    if (trim) v = std::string(util::trim(v));
    auto p = at(path, key);
    if (v.find('\0') != std::string::npos) return fail(p, "contains a NUL character"), "";
    if (required && util::trim(v).empty() && field(o, key, path, false)) fail(p, "must not be empty");
    auto len = util::utf8_length(v);
    if (len > max) fail(p, "is too long: at most " + std::to_string(max) + " characters, this one has " + std::to_string(len));
    else if (markdown && view::render_markdown(v).too_deep) fail(p, english("news.validation.too_deep"));
    return v;
  }

  // A one-line name as the forms take it: not blank, no control characters or bidi overrides.
  std::string name(const json::object& o, std::string_view key, const std::string& path, std::size_t max) {
    auto v = std::string(util::trim(string(o, key, path, true)));
    if (!field(o, key, path, false)) return v;
    auto len = util::utf8_length(v);
    if (len > max) fail(at(path, key), "is too long: at most " + std::to_string(max) + " characters, this one has " + std::to_string(len));
    else if (auto err = web::check_name(v, max)) fail(at(path, key), english(*err));
    return v;
  }

  int integer(const json::object& o, std::string_view key, const std::string& path, int lo, int hi, int def) {
    auto* v = field(o, key, path, false);
    if (!v) return def;
    std::optional<std::int64_t> n;
    if (v->is_int64()) n = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(hi)) n = static_cast<std::int64_t>(v->as_uint64());
    if (!n || *n < lo || *n > hi)
      return fail(at(path, key), "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)), def;
    return static_cast<int>(*n);
  }

  bool boolean(const json::object& o, std::string_view key, const std::string& path, bool def) {
    auto* v = field(o, key, path, false);
    if (!v) return def;
    if (!v->is_bool()) return fail(at(path, key), "must be true or false"), def;
    return v->as_bool();
  }

  // One of `allowed`, named in the message when it is not.
  std::string choice(const json::object& o, std::string_view key, const std::string& path,
                     const std::vector<std::string>& allowed) {
    auto v = string(o, key, path, true);
    if (field(o, key, path, false) && o.at(key).is_string() && !one_of(v, allowed))
      fail(at(path, key), "must be one of " + list_of(allowed) + "; \"" + shown(v) + "\" is not");
    return v;
  }

  std::string language(const json::object& o, std::string_view key, const std::string& path) {
    auto v = string(o, key, path, true);
    if (field(o, key, path, false) && o.at(key).is_string() && !i18n::supported(v))
      fail(at(path, key), "must be a supported language (it, en, de, sv, fi); \"" + shown(v) + "\" is not");
    return v;
  }

 private:
  std::vector<std::string>& errors_;
};

Course read_course(Reader& rd, const json::object& o) {
  const std::string p = "course";
  rd.only(o, {"lang", "title", "summary", "description", "outcomes", "level", "audience", "open_access", "competences"}, p);
  Course x;
  x.lang = rd.language(o, "lang", p);
  x.title = rd.name(o, "title", p, kTitleMax);
  x.summary = rd.name(o, "summary", p, kSummaryMax);
  x.description = rd.text(o, "description", p, kDescriptionMax, false, true, false);
  x.outcomes = rd.text(o, "outcomes", p, kOutcomesMax, false, false, false);
  x.level = rd.choice(o, "level", p, kLevels);
  x.audience = rd.choice(o, "audience", p, kAudiences);
  x.open_access = rd.boolean(o, "open_access", p, false);
  if (auto* list = rd.array(o, "competences", p, false, kCompetences.size())) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& v = (*list)[i];
      auto path = Reader::at(Reader::at(p, "competences"), i);
      if (!v.is_string()) rd.fail(path, "must be a string");
      else if (!one_of(std::string(v.as_string()), kCompetences))
        rd.fail(path, "must be a DigComp 2.2 competence code (1.1 to 5.4); \"" + shown(v.as_string()) + "\" is not");
      else if (one_of(std::string(v.as_string()), x.competences)) rd.fail(path, "is listed twice");
      else x.competences.emplace_back(v.as_string());
    }
  }
  return x;
}

std::optional<VideoRef> read_video(Reader& rd, const json::object& lesson, const std::string& lp) {
  auto* o = rd.object(lesson, "video", lp, false);
  if (!o) return std::nullopt;
  auto p = Reader::at(lp, "video");
  rd.only(*o, {"file", "name", "sha256", "size"}, p);
  VideoRef v;
  v.path = p;
  v.file = rd.string(*o, "file", p, true);
  auto ext = extension_of(v.file);
  if (!v.file.empty() && ext != "mp4" && ext != "webm") rd.fail(Reader::at(p, "file"), "must name an .mp4 or .webm file");
  v.name = rd.string(*o, "name", p, false);
  if (!v.name.empty() && extension_of(v.name) != ext)
    rd.fail(Reader::at(p, "name"), "must end in ." + ext + " like the file it names");
  if (v.name.size() > 255) rd.fail(Reader::at(p, "name"), "is longer than 255 bytes");
  v.sha256 = rd.string(*o, "sha256", p, false);
  if (!v.sha256.empty() &&
      (v.sha256.size() != 64 || v.sha256.find_first_not_of("0123456789abcdef") != std::string::npos))
    rd.fail(Reader::at(p, "sha256"), "must be 64 lower-case hexadecimal digits");
  if (rd.field(*o, "size", p, false)) v.size = rd.integer(*o, "size", p, 1, static_cast<int>(kVideoMaxBytes), 0);
  return v;
}

std::vector<CaptionRef> read_captions(Reader& rd, const json::object& lesson, const std::string& lp) {
  std::vector<CaptionRef> out;
  auto* list = rd.array(lesson, "captions", lp, false, std::size(i18n::kLocales));
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto p = Reader::at(Reader::at(lp, "captions"), i);
    if (!(*list)[i].is_object()) {
      rd.fail(p, "must be an object");
      continue;
    }
    const auto& o = (*list)[i].as_object();
    rd.only(o, {"lang", "file"}, p);
    CaptionRef c;
    c.path = p;
    c.lang = rd.language(o, "lang", p);
    c.file = rd.string(o, "file", p, true);
    if (!c.file.empty() && extension_of(c.file) != "vtt") rd.fail(Reader::at(p, "file"), "must name a .vtt file");
    for (const auto& other : out)
      if (other.lang == c.lang) rd.fail(Reader::at(p, "lang"), "has captions in \"" + c.lang + "\" twice");
    out.push_back(std::move(c));
  }
  return out;
}

// The forms' rule for a question's options, in the package's terms.
std::string options_rule(const std::string& kind) {
  if (kind == "single") return "a single question needs two or more options, exactly one of them correct";
  if (kind == "multiple") return "a multiple question needs two or more options, at least one of them correct";
  if (kind == "short") return "a short question needs at least one accepted answer";
  return "an ordering question needs at least two items, in their right order";
}

std::vector<Option> read_options(Reader& rd, const json::object& q, const std::string& qp, const std::string& kind) {
  std::vector<Option> out;
  auto* list = rd.array(q, "options", qp, true, kMaxOptions);
  if (!list) return out;
  bool fixed = kind == "short" || kind == "ordering";  // every option is an accepted answer / an item
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto p = Reader::at(Reader::at(qp, "options"), i);
    if (!(*list)[i].is_object()) {
      rd.fail(p, "must be an object");
      continue;
    }
    const auto& o = (*list)[i].as_object();
    rd.only(o, {"text", "correct"}, p);
    Option opt;
    opt.position = static_cast<int>(i) + 1;
    opt.text = rd.text(o, "text", p, kOptionMax, true, false, true);
    if (fixed) {
      if (!rd.boolean(o, "correct", p, true))
        rd.fail(Reader::at(p, "correct"), "must be true (or left out) for a " + kind + " question");
      opt.correct = true;
    } else {
      if (!rd.field(o, "correct", p, false)) rd.fail(Reader::at(p, "correct"), "is missing");
      opt.correct = rd.boolean(o, "correct", p, false);
    }
    out.push_back(std::move(opt));
  }
  return out;
}

std::vector<Question> read_questions(Reader& rd, const json::object& lesson, const std::string& lp) {
  std::vector<Question> out;
  auto* list = rd.array(lesson, "questions", lp, false, kMaxQuestions);
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto p = Reader::at(Reader::at(lp, "questions"), i);
    if (!(*list)[i].is_object()) {
      rd.fail(p, "must be an object");
      continue;
    }
    const auto& o = (*list)[i].as_object();
    rd.only(o, {"kind", "prompt", "feedback", "options"}, p);
    Question q;
    q.kind = rd.choice(o, "kind", p, kQuestionKinds);
    q.prompt = rd.text(o, "prompt", p, kPromptMax, true, false, true);
    q.feedback = rd.text(o, "feedback", p, kFeedbackMax, false, false, true);
    q.options = read_options(rd, o, p, q.kind);
    auto op = Reader::at(p, "options");
    if (q.kind == "true_false") {
      bool shape = q.options.size() == 2 && q.options[0].text == "true" && q.options[1].text == "false" &&
                   q.options[0].correct != q.options[1].correct;
      if (!shape) rd.fail(op, "a true_false question has the options \"true\" then \"false\", exactly one of them correct");
    } else if (one_of(q.kind, kQuestionKinds)) {
      if (auto bad = options_problem(q)) rd.fail(op, options_rule(q.kind));
    }
    out.push_back(std::move(q));
  }
  return out;
}

PLesson read_lesson(Reader& rd, const json::object& o, const std::string& p) {
  rd.only(o, {"kind", "title", "body", "transcript", "minutes", "allow_download", "pass_mark", "max_attempts", "video",
              "captions", "questions"},
          p);
  PLesson pl;
  auto& l = pl.lesson;
  l.kind = rd.choice(o, "kind", p, kLessonKinds);
  l.title = rd.name(o, "title", p, kTitleMax);
  l.body = rd.text(o, "body", p, kBodyMax, l.kind == "text", true, false);
  l.transcript = rd.text(o, "transcript", p, kBodyMax, false, true, false);
  l.minutes = rd.integer(o, "minutes", p, 1, kMinutesMax, 5);
  l.allow_download = rd.boolean(o, "allow_download", p, false);
  auto only_for = [&](std::string_view key, const std::string& kind) {
    if (rd.field(o, key, p, false) && l.kind != kind && one_of(l.kind, kLessonKinds))
      rd.fail(Reader::at(p, key), "belongs only to " + kind + " lessons, and this one is a " + l.kind + " lesson");
  };
  for (auto key : {"pass_mark", "max_attempts", "questions"}) only_for(key, "quiz");
  for (auto key : {"video", "captions"}) only_for(key, "video");
  l.pass_mark = rd.integer(o, "pass_mark", p, 0, 100, 70);
  l.max_attempts = rd.integer(o, "max_attempts", p, 0, kAttemptsMax, 0);
  if (l.kind == "video") {
    pl.video = read_video(rd, o, p);
    pl.captions = read_captions(rd, o, p);
  }
  if (l.kind == "quiz") pl.questions = read_questions(rd, o, p);
  return pl;
}

void read_modules(Reader& rd, const json::object& root, Manifest& m) {
  auto* list = rd.array(root, "modules", "", true, kMaxModules);
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto p = Reader::at("modules", i);
    if (!(*list)[i].is_object()) {
      rd.fail(p, "must be an object");
      continue;
    }
    const auto& o = (*list)[i].as_object();
    rd.only(o, {"title", "lessons"}, p);
    PModule pm;
    pm.title = rd.name(o, "title", p, kTitleMax);
    if (auto* lessons = rd.array(o, "lessons", p, true, kMaxLessons)) {
      for (std::size_t k = 0; k < lessons->size(); ++k) {
        auto lp = Reader::at(Reader::at(p, "lessons"), k);
        if (++m.lessons > static_cast<int>(kMaxLessons)) return rd.fail(lp, "is one lesson too many: at most " + std::to_string(kMaxLessons) + " per course");
        if (!(*lessons)[k].is_object()) {
          rd.fail(lp, "must be an object");
          continue;
        }
        pm.lessons.push_back(read_lesson(rd, (*lessons)[k].as_object(), lp));
      }
    }
    m.modules.push_back(std::move(pm));
  }
}

bool image_address(std::string_view url) {
  static const std::regex re("/courses/[0-9]{1,18}/images/[0-9]{1,18}");
  return std::regex_match(url.begin(), url.end(), re);
}

void read_images(Reader& rd, const json::object& root, Manifest& m) {
  auto* list = rd.array(root, "images", "", false, kMaxImages);
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto p = Reader::at("images", i);
    if (!(*list)[i].is_object()) {
      rd.fail(p, "must be an object");
      continue;
    }
    const auto& o = (*list)[i].as_object();
    rd.only(o, {"file", "name", "sha256", "size", "url"}, p);
    ImageRef img;
    img.path = p;
    img.file = rd.string(o, "file", p, true);
    auto ext = extension_of(img.file);
    if (!img.file.empty() && !one_of(ext, media::image_policy().extensions))
      rd.fail(Reader::at(p, "file"), "must name a .png, .jpg, .jpeg or .webp file");
    img.name = rd.string(o, "name", p, false);
    if (!img.name.empty() && extension_of(img.name) != ext)
      rd.fail(Reader::at(p, "name"), "must end in ." + ext + " like the file it names");
    img.sha256 = rd.string(o, "sha256", p, false);
    if (!img.sha256.empty() &&
        (img.sha256.size() != 64 || img.sha256.find_first_not_of("0123456789abcdef") != std::string::npos))
      rd.fail(Reader::at(p, "sha256"), "must be 64 lower-case hexadecimal digits");
    if (rd.field(o, "size", p, false)) img.size = rd.integer(o, "size", p, 1, static_cast<int>(kVideoMaxBytes), 0);
    img.url = rd.string(o, "url", p, true);
    if (!img.url.empty() && !image_address(img.url))
      rd.fail(Reader::at(p, "url"), "must be the image's address in the course texts, like /courses/12/images/34");
    for (const auto& other : m.images)
      if (!img.url.empty() && other.url == img.url) rd.fail(Reader::at(p, "url"), "is the address of an earlier image too");
    m.images.push_back(std::move(img));
  }
}

// The manifest, or nullopt with the reasons in `errors`.
std::optional<Manifest> read_manifest(const std::string& text, std::vector<std::string>& errors) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return errors.push_back("manifest.json is not valid JSON: " + ec.message()), std::nullopt;
  if (!v.is_object()) return errors.push_back("manifest.json must hold a JSON object"), std::nullopt;
  const auto& root = v.as_object();
  Reader rd(errors);
  auto format = root.if_contains("format");
  if (!format || !format->is_string() || format->as_string() != kFormat) {
    rd.fail("format", std::string("must be \"") + kFormat + "\": this is not a cityskills course package");
    return std::nullopt;
  }
  auto version = root.if_contains("version");
  if (!version || !version->is_int64() || version->as_int64() != kVersion) {
    rd.fail("version", "this cityskills reads version " + std::to_string(kVersion) + " of the format; the package has " +
                           (version ? json::serialize(*version) : std::string("none")));
    return std::nullopt;
  }
  rd.only(root, {"format", "version", "generator", "exported_at", "source", "translation_of", "course", "modules", "images"},
          "");
  Manifest m;
  if (auto* course = rd.object(root, "course", "", true)) m.course = read_course(rd, *course);
  if (auto* orig = rd.object(root, "translation_of", "", false)) {
    rd.only(*orig, {"title", "lang"}, "translation_of");
    m.original = Original{rd.name(*orig, "title", "translation_of", kTitleMax), rd.language(*orig, "lang", "translation_of")};
  }
  read_modules(rd, root, m);
  read_images(rd, root, m);
  if (!errors.empty()) return std::nullopt;
  return m;
}

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
    if (!image_bytes(f, img, error)) errors.push_back(error);
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
        if (first) {
          c.exec("UPDATE media SET status = 'processing', error = NULL WHERE id = ?", {media_id});
          jobs_out.push_back({l.title, media_id, jobs::enqueue(c, video::kJobKind, video::job_payload(media_id))});
        }
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

struct OutFile {
  std::string name, data;  // data, or the file at disk_path
  std::string disk_path, lang;
  std::uint64_t size = 0;
  bool stored = false;  // videos and images are compressed already: no deflate
};

// What the export reads, in one read transaction so that it is consistent.
struct Snapshot {
  Course course;
  std::optional<Course> original;
  std::vector<Module> modules;
  std::map<std::int64_t, std::vector<Question>> questions;
  std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> captions;  // lang, vtt
  std::map<std::int64_t, media::Item> videos;
  std::vector<media::Item> images;
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
    std::error_code ec;
    auto size = fs::file_size(disk, ec);
    if (ec || size != static_cast<std::uintmax_t>(item.size)) {
      error = "the video of lesson '" + l.title + "' (media " + std::to_string(item.id) + ") is missing from " + disk +
              ": is --data the server's data folder?";
      return o;
    }
    auto ext = item.mime == "video/webm" ? "webm" : "mp4";
    auto& name = by_hash[item.sha256];
    if (name.empty()) {
      name = "videos/" + std::to_string(number) + "." + ext;
      files.push_back({name, "", disk, "", size, true});
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
    std::error_code ec;
    auto size = fs::file_size(disk, ec);
    if (ec || size != static_cast<std::uintmax_t>(item.size)) {
      error = "the image '" + item.name + "' (media " + std::to_string(item.id) + ") is missing from " + disk +
              ": is --data the server's data folder?";
      return out;
    }
    auto ext = item.mime == "image/png" ? "png" : item.mime == "image/webp" ? "webp" : "jpg";
    auto name = "images/" + std::to_string(++number) + "." + ext;
    files.push_back({name, "", disk, "", size, true});
    out.push_back(json::object{{"file", name},
                               {"name", item.name},
                               {"sha256", item.sha256},
                               {"size", item.size},
                               {"url", "/courses/" + std::to_string(s.course.id) + "/images/" + std::to_string(item.id)}});
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

std::string iso_now() { return util::format_utc(util::now_unix(), "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace

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
