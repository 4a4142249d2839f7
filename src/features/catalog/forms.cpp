#include "features/catalog/forms.hpp"

#include <tuple>

#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
#include "features/catalog/vtt.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::catalog {
namespace {
const std::string kTooLong = "catalog.validation.too_long";
const std::string kRange = "catalog.validation.range";

// The number when it is from `lo` to `hi`, else `lo` (what a refused number shows again as).
int or_lowest(std::optional<std::int64_t> v, int lo, int hi) {
  return v && *v >= lo && *v <= hi ? static_cast<int>(*v) : lo;
}

// The answers the options text lists (one a line, blank lines skipped, "*" marking a right one
// of a single or multiple choice; every answer to a short or ordering question is right), into
// `out`. False, with the answers before it, at the first answer longer than kOptionMax.
bool parse_answers(const std::string& kind, const std::string& text, std::vector<Option>& out) {
  for (auto line : util::split(text, '\n')) {
    auto t = util::trim(line);
    if (t.empty()) continue;
    bool correct = kind == "short" || kind == "ordering";
    if ((kind == "single" || kind == "multiple") && t.starts_with("*")) {
      correct = true;
      t = util::trim(t.substr(1));
    }
    if (util::utf8_length(t) > kOptionMax) return false;
    out.push_back({0, static_cast<int>(out.size()) + 1, std::string(t), correct});
  }
  return true;
}

}  // namespace

void CourseForm::read(web::FormInput& in) {
  org_id = in.id("org_id");
  lang = in.text("lang");
  title = in.trimmed("title");
  summary = in.trimmed("summary");
  description = in.text("description");
  outcomes = in.text("outcomes");
  level = in.text("level");
  audience = in.text("audience");
  open_access = in.flag("open_access");
  for (const auto& code : kCompetences)
    if (in.flag("competence_" + code)) competences.push_back(code);
  translation_of = in.text("translation_of");
}

void CourseForm::apply(Course& x) const {
  x.org_id = org_id.value_or(0);
  std::tie(x.lang, x.title, x.summary, x.description, x.outcomes, x.level, x.audience) =
      std::tie(lang, title, summary, description, outcomes, level, audience);
  x.open_access = open_access;
  x.competences = competences;
}

web::FormErrors check(const CourseForm& form, bool org_allowed, bool original_allowed) {
  web::FormErrors e;
  if (!form.org_id || !org_allowed) e.add("org_id", "validation.choice.invalid");
  web::check_choice(e, "lang", form.lang, i18n::kLocales);
  if (auto err = web::check_name(form.title, kTitleMax)) e.add("title", *err);
  if (auto err = web::check_name(form.summary, kSummaryMax)) e.add("summary", *err);
  web::check_markdown(e, "description", form.description, kDescriptionMax, kTooLong, false);
  web::check_text(e, "outcomes", form.outcomes, kOutcomesMax, kTooLong, false);
  web::check_choice(e, "level", form.level, kLevels);
  web::check_choice(e, "audience", form.audience, kAudiences);
  if (!form.translation_of.empty() && !original_allowed) e.add("translation_of", "validation.choice.invalid");
  return e;
}

void CoverForm::read(web::FormInput& in) {
  media_id = in.id("media_id");
  alt = in.trimmed("alt");
}

web::FormErrors check(const CoverForm& form) {
  web::FormErrors e;
  if (auto bad = web::check_name(form.alt, kCoverAltMax))
    e.add("cover_alt_" + std::to_string(form.media_id.value_or(0)), *bad, {{"max", std::to_string(kCoverAltMax)}});
  return e;
}

void LessonForm::read(web::FormInput& in) {
  kind = in.text("kind");
  title = in.trimmed("title");
  body = in.text("body");
  transcript = in.text("transcript");
  minutes = in.integer("minutes");
  allow_download = in.flag("allow_download");
  pass_mark = in.integer("pass_mark");
  max_attempts = in.integer("max_attempts");
  module_id = in.id("module_id");
}

void LessonForm::apply(Lesson& l) const {
  std::tie(l.title, l.body, l.transcript) = std::tie(title, body, transcript);
  l.minutes = or_lowest(minutes, 1, kMinutesMax);
  l.allow_download = allow_download;
  if (kind == "quiz") {
    l.pass_mark = or_lowest(pass_mark, 0, 100);
    l.max_attempts = or_lowest(max_attempts, 0, kAttemptsMax);
  }
}

web::FormErrors check(const LessonForm& form, bool module_ok) {
  web::FormErrors e;
  web::check_int_range(e, "minutes", form.minutes, 1, kMinutesMax, kRange);
  if (form.kind == "quiz") {
    web::check_int_range(e, "pass_mark", form.pass_mark, 0, 100, kRange);
    web::check_int_range(e, "max_attempts", form.max_attempts, 0, kAttemptsMax, kRange);
  }
  if (auto err = web::check_name(form.title, kTitleMax)) e.add("title", *err);
  web::check_markdown(e, "body", form.body, kBodyMax, kTooLong, form.kind == "text");
  web::check_markdown(e, "transcript", form.transcript, kBodyMax, kTooLong, false);
  if (!module_ok) e.add("module_id", "validation.choice.invalid");
  return e;
}

void CaptionForm::read(web::FormInput& in) {
  lang = in.text("lang");
  vtt = in.text("vtt");
}

web::FormErrors check(const CaptionForm& form) {
  web::FormErrors e;
  if (!i18n::supported(form.lang)) e.add("caption_lang", "validation.choice.invalid");
  auto parsed = vtt::parse(form.vtt);
  if (!parsed.ok) e.add("vtt", parsed.error, {{"line", std::to_string(parsed.error_line)}});
  else if (parsed.cues.empty()) e.add("vtt", "catalog.vtt.empty");
  return e;
}

void QuestionForm::read(web::FormInput& in) {
  kind = in.text("kind");
  prompt = in.trimmed("prompt");
  feedback = in.trimmed("feedback");
  options = in.text("options");
  truth = in.text("truth");
}

void QuestionForm::apply(Question& q) const {
  std::tie(q.kind, q.prompt, q.feedback) = std::tie(kind, prompt, feedback);
  q.options.clear();
  if (kind == "true_false") q.options = {{0, 1, "true", truth == "true"}, {0, 2, "false", truth == "false"}};
  else if (util::valid_utf8(options)) parse_answers(kind, options, q.options);
}

web::FormErrors check(const QuestionForm& form) {
  web::FormErrors e;
  web::check_choice(e, "kind", form.kind, kQuestionKinds);
  web::check_text(e, "prompt", form.prompt, kPromptMax, kTooLong);
  web::check_text(e, "feedback", form.feedback, kFeedbackMax, kTooLong, false);
  if (form.kind == "true_false") {
    if (form.truth != "true" && form.truth != "false") e.add("truth", "validation.choice.invalid");
    return e;
  }
  if (!util::valid_utf8(form.options)) {
    e.add("options", "validation.text.required");
    return e;
  }
  Question q;
  q.kind = form.kind;
  if (!parse_answers(form.kind, form.options, q.options))
    e.add("options", "catalog.validation.option_too_long", {{"max", std::to_string(kOptionMax)}});
  else if (auto bad = options_problem(q))
    e.add("options", *bad, {{"max", std::to_string(kMaxOptions)}});
  return e;
}

}  // namespace cityskills::catalog
