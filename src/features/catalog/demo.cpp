#include "features/catalog/demo.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "features/catalog/api.hpp"
#include "features/catalog/model.hpp"
#include "util/embedded.hpp"

namespace cityskills::catalog::demo {
namespace {

namespace json = boost::json;

constexpr std::string_view kDir = "src/features/catalog/demo/";
const std::vector<std::string> kLangs = {"it", "en", "de", "sv", "fi"};
constexpr std::size_t kCoverAltMax = 300;

struct Reader {
  const json::object& o;
  std::string where;

  [[noreturn]] void bad(const std::string& key, const std::string& what) const {
    throw std::runtime_error(where + "." + key + ": " + what);
  }
  const json::value* get(const std::string& key, bool required) const {
    auto* v = o.if_contains(key);
    if (!v && required) bad(key, "missing");
    return v;
  }
  // A string, or an array of lines joined with newlines (long Markdown reads better so).
  std::string text(const std::string& key, std::size_t max, bool required = true) const {
    auto* v = get(key, required);
    if (!v) return {};
    std::string out;
    if (v->is_string()) {
      out = std::string(v->as_string());
    } else if (v->is_array()) {
      for (const auto& line : v->as_array()) {
        if (!line.is_string()) bad(key, "expected lines of text");
        if (!out.empty()) out += '\n';
        out += std::string(line.as_string());
      }
    } else {
      bad(key, "expected text");
    }
    if (required && out.empty()) bad(key, "empty");
    if (out.size() > max) bad(key, "longer than " + std::to_string(max) + " bytes");
    return out;
  }
  std::vector<std::string> list(const std::string& key, std::size_t max, bool required = true) const {
    auto* v = get(key, required);
    std::vector<std::string> out;
    if (!v) return out;
    if (!v->is_array()) bad(key, "expected a list");
    for (const auto& x : v->as_array()) {
      if (!x.is_string() || x.as_string().empty() || x.as_string().size() > max) bad(key, "expected short texts");
      out.emplace_back(x.as_string());
    }
    return out;
  }
  std::string choice(const std::string& key, const std::vector<std::string>& allowed) const {
    auto s = text(key, 100);
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) bad(key, "'" + s + "' is not allowed");
    return s;
  }
  int number(const std::string& key, int fallback, int lo, int hi) const {
    auto* v = get(key, false);
    if (!v) return fallback;
    if (!v->is_int64() || v->as_int64() < lo || v->as_int64() > hi) bad(key, "expected a whole number");
    return static_cast<int>(v->as_int64());
  }
  const json::array& array(const std::string& key) const {
    auto* v = get(key, true);
    if (!v->is_array() || v->as_array().empty()) bad(key, "expected a non-empty list");
    return v->as_array();
  }
};

const json::object& object_of(const json::value& v, const std::string& where) {
  if (!v.is_object()) throw std::runtime_error(where + ": expected an object");
  return v.as_object();
}

Question question(const Reader& r) {
  Question q;
  q.kind = r.choice("kind", kQuestionKinds);
  q.prompt = r.text("prompt", kPromptMax);
  q.feedback = r.text("feedback", kFeedbackMax);
  if (q.kind == "true_false") {
    auto* v = r.get("answer", true);
    if (!v->is_bool()) r.bad("answer", "expected true or false");
    q.options = {{"true", v->as_bool()}, {"false", !v->as_bool()}};
    return q;
  }
  if (q.kind == "short" || q.kind == "ordering") {
    for (auto& s : r.list(q.kind == "short" ? "answers" : "order", kOptionMax)) q.options.emplace_back(s, true);
    if (q.options.size() < (q.kind == "ordering" ? 2u : 1u)) r.bad("options", "too few");
    return q;
  }
  // single and multiple: [["text", true], ["text", false], ...]
  int right = 0;
  for (const auto& o : r.array("options")) {
    if (!o.is_array() || o.as_array().size() != 2 || !o.as_array()[0].is_string() || !o.as_array()[1].is_bool())
      r.bad("options", "expected [\"text\", true|false] pairs");
    q.options.emplace_back(std::string(o.as_array()[0].as_string()), o.as_array()[1].as_bool());
    right += o.as_array()[1].as_bool() ? 1 : 0;
  }
  if (right == 0 || (q.kind == "single" && right != 1) || q.options.size() > kMaxOptions)
    r.bad("options", "a single-choice question needs one right option, a multiple-choice one at least one");
  return q;
}

Lesson lesson(const Reader& r) {
  Lesson l;
  l.kind = r.choice("kind", kLessonKinds);
  l.title = r.text("title", kTitleMax);
  l.minutes = r.number("minutes", 5, 1, kMinutesMax);
  if (l.kind == "text") l.body = r.text("body", kBodyMax);
  if (l.kind == "video") {
    const auto& slides = r.array("slides");
    for (std::size_t i = 0; i < slides.size(); ++i) {
      Reader s{object_of(slides[i], r.where + ".slides[" + std::to_string(i) + "]"), r.where + ".slides[" + std::to_string(i) + "]"};
      Slide x{s.text("title", 80), s.list("bullets", 120, false), s.list("flow", 40, false), s.list("say", 400)};
      if (x.bullets.size() > 5 || x.flow.size() == 1 || x.flow.size() > 4) s.bad("bullets", "at most 5 bullets and 2-4 flow boxes");
      l.slides.push_back(std::move(x));
    }
  }
  if (l.kind == "quiz") {
    l.pass_mark = r.number("pass_mark", 60, 1, 100);
    const auto& qs = r.array("questions");
    for (std::size_t i = 0; i < qs.size(); ++i) {
      auto w = r.where + ".questions[" + std::to_string(i) + "]";
      l.questions.push_back(question(Reader{object_of(qs[i], w), w}));
    }
  }
  return l;
}

Version version(const Reader& r) {
  Version v;
  v.lang = r.choice("lang", kLangs);
  v.title = r.text("title", kTitleMax);
  v.cover_alt = r.text("cover_alt", kCoverAltMax, false);
  v.summary = r.text("summary", kSummaryMax);
  v.description = r.text("description", kDescriptionMax);
  v.outcomes = r.text("outcomes", kOutcomesMax);
  v.module = r.text("module", kTitleMax);
  const auto& ls = r.array("lessons");
  for (std::size_t i = 0; i < ls.size(); ++i) {
    auto w = r.where + ".lessons[" + std::to_string(i) + "]";
    v.lessons.push_back(lesson(Reader{object_of(ls[i], w), w}));
  }
  return v;
}

}  // namespace

Course parse(std::string_view json_text, const std::string& where) {
  json::value root;
  try {
    root = json::parse(json_text);
  } catch (const std::exception& e) {
    throw std::runtime_error(where + ": not valid JSON: " + e.what());
  }
  Reader r{object_of(root, where), where};
  Course c;
  c.key = r.text("key", 60);
  c.org = r.text("org", 60);
  c.level = r.choice("level", kLevels);
  c.audience = r.choice("audience", kAudiences);
  auto* open = r.get("open_access", false);
  c.open_access = open && open->is_bool() && open->as_bool();
  c.competences = r.list("competences", 5);
  for (const auto& code : c.competences)
    if (std::find(kCompetences.begin(), kCompetences.end(), code) == kCompetences.end()) r.bad("competences", code + " is not a DigComp 2.2 code");
  if (auto* cover = r.get("cover", false)) {
    Reader cr{object_of(*cover, where + ".cover"), where + ".cover"};
    c.cover_symbol = cr.text("symbol", 8);
    c.cover_colour = cr.text("colour", 7);
    if (c.cover_colour.size() != 7 || c.cover_colour[0] != '#' ||
        c.cover_colour.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
      cr.bad("colour", "expected #rrggbb");
  }
  const auto& vs = r.array("versions");
  for (std::size_t i = 0; i < vs.size(); ++i) {
    auto w = where + ".versions[" + std::to_string(i) + "]";
    c.versions.push_back(version(Reader{object_of(vs[i], w), w}));
    for (std::size_t j = 0; j + 1 < c.versions.size(); ++j)
      if (c.versions[j].lang == c.versions.back().lang) throw std::runtime_error(w + ".lang: twice in one course");
    // A picture everyone sees is described to everyone, in their language.
    if (!c.cover_symbol.empty() && c.versions.back().cover_alt.empty())
      throw std::runtime_error(w + ".cover_alt: missing (the course has a cover)");
  }
  return c;
}

std::vector<Course> courses() {
  auto files = embedded::list(kDir, ".json");
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  std::vector<Course> out;
  for (const auto& f : files) out.push_back(parse(f.data, std::string(f.path)));
  return out;
}

}  // namespace cityskills::catalog::demo
