// Course packages: manifest.json read field by field, each problem named by its path.
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

// ---- the manifest ----

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

void read_cover(Reader& rd, const json::object& root, Manifest& m) {
  auto* o = rd.object(root, "cover", "", false);
  if (!o) return;
  rd.only(*o, {"url", "alt"}, "cover");
  CoverRef cover;
  cover.url = rd.string(*o, "url", "cover", true);
  cover.alt = rd.name(*o, "alt", "cover", kCoverAltMax);
  if (!cover.url.empty() &&
      std::none_of(m.images.begin(), m.images.end(), [&](const ImageRef& img) { return img.url == cover.url; }))
    rd.fail(Reader::at("cover", "url"), "must be the url of one of the package's images");
  m.cover = std::move(cover);
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
  rd.only(root, {"format", "version", "generator", "exported_at", "source", "translation_of", "course", "modules", "images",
                  "cover"},
          "");
  Manifest m;
  if (auto* course = rd.object(root, "course", "", true)) m.course = read_course(rd, *course);
  if (auto* orig = rd.object(root, "translation_of", "", false)) {
    rd.only(*orig, {"title", "lang"}, "translation_of");
    m.original = Original{rd.name(*orig, "title", "translation_of", kTitleMax), rd.language(*orig, "lang", "translation_of")};
  }
  read_modules(rd, root, m);
  read_images(rd, root, m);
  read_cover(rd, root, m);
  if (!errors.empty()) return std::nullopt;
  return m;
}

}  // namespace detail

}  // namespace cityskills::catalog::package
