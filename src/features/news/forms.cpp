#include "features/news/forms.hpp"

#include <algorithm>
#include <tuple>

#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/validate.hpp"

namespace cityskills::news {
namespace {

struct Tags {
  std::vector<std::string> list;  // lower-cased, each once, up to the first bad one
  bool bad = false;
};

Tags parse_tags(const std::string& text) {
  Tags out;
  const std::string lowered = util::to_lower(text);  // split() returns views into it
  for (auto t : util::split(lowered, ',')) {
    auto tag = std::string(util::trim(t));
    if (tag.empty()) continue;
    if (!valid_tag(tag)) {
      out.bad = true;
      break;
    }
    if (std::find(out.list.begin(), out.list.end(), tag) == out.list.end()) out.list.push_back(std::move(tag));
  }
  return out;
}

// The publication time: now without a date and time; otherwise the local date (and time,
// midnight when empty) in the zone, a repeated autumn time being its first occurrence.
std::optional<std::int64_t> publish_time(const ArticleTexts& in, std::int64_t now) {
  if (in.date.empty() && in.time.empty()) return now;
  return web::resolve_local_time(in.date, in.time, in.zone, true).first();
}

}  // namespace

bool valid_tag(std::string_view t) {
  if (t.empty() || t.size() > kTagMax) return false;
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

void ArticleForm::read(web::FormInput& in) {
  org_id = in.id("org_id");
  lang = in.text("lang");
  title = in.trimmed("title");
  summary = in.trimmed("summary");
  body = in.text("body");
  status = in.text("status");
  texts.tags = in.text("tags");
  texts.date = in.text("date");
  texts.time = in.text("time");
  texts.zone = in.text("zone");
}

void ArticleForm::apply(Article& a, std::int64_t now) const {
  a.org_id = org_id.value_or(0);
  std::tie(a.lang, a.title, a.summary, a.body, a.status) = std::tie(lang, title, summary, body, status);
  a.tags = parse_tags(texts.tags).list;
  if (auto when = publish_time(texts, now)) a.publish_at = *when;
}

web::FormErrors check(const ArticleForm& form, bool org_allowed) {
  web::FormErrors errors;
  if (!form.org_id || !org_allowed) errors.add("org_id", "validation.choice.invalid");
  web::check_choice(errors, "lang", form.lang, i18n::kLocales);
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e);
  if (auto e = web::check_name(form.summary, kSummaryMax)) errors.add("summary", *e);
  // The body's limit is in bytes: what the route's body limit is measured in.
  if (!util::valid_utf8(form.body)) errors.add("body", "validation.text.invalid");
  else if (form.body.size() > view::kMarkdownMax)
    errors.add("body", "news.validation.body_too_long",
               {{"max", std::to_string(view::kMarkdownMax)}, {"length", std::to_string(form.body.size())}});
  else if (util::trim(form.body).empty()) errors.add("body", "validation.text.required");
  else if (view::render_markdown(form.body).too_deep) errors.add("body", "news.validation.too_deep");
  web::check_choice(errors, "status", form.status, kStatuses);
  auto tags = parse_tags(form.texts.tags);
  if (tags.bad) errors.add("tags", "news.validation.tag");
  if (tags.list.size() > kMaxTags) errors.add("tags", "news.validation.too_many_tags", {{"max", std::to_string(kMaxTags)}});
  if (!i18n::is_offered_zone(form.texts.zone)) errors.add("zone", "validation.choice.invalid");
  if (!publish_time(form.texts, 0)) errors.add("date", "news.validation.date");
  return errors;
}

void ImageForm::read(web::FormInput& in) {
  image = in.file("image");
  alt = in.trimmed("alt");
}

web::FormErrors check(const ImageForm& form) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.alt, kAltMax)) errors.add("alt", *e, {{"max", std::to_string(kAltMax)}});
  if (!form.image) errors.add("image", "news.images.choose_file");
  return errors;
}

}  // namespace cityskills::news
