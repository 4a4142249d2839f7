#pragma once
// The news forms: an article and an image for it. Each reads its fields once (which makes them
// the form's allow-list); the checks are pure — what needs the database comes in as plain
// data — and unit-tested without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/news/store.hpp"
#include "i18n/zones.hpp"
#include "web/forms.hpp"

namespace cityskills::news {

inline constexpr std::size_t kTitleMax = 200;
inline constexpr std::size_t kSummaryMax = 500;
inline constexpr std::size_t kMaxTags = 10;
inline constexpr std::size_t kTagMax = 30;
inline constexpr std::size_t kAltMax = 300;
inline constexpr std::string_view kStatuses[] = {"published", "draft"};

// A tag: 1 to 30 of a-z, 0-9 and '-'.
bool valid_tag(std::string_view tag);

// What the form shows as text: the publication date, time and zone, and the tags.
struct ArticleTexts {
  std::string date, time, zone{i18n::kDefaultZone}, tags;
};

struct ArticleForm {
  std::optional<std::int64_t> org_id;
  std::string lang, title, summary, body, status;
  ArticleTexts texts;  // no date and no time: publish now

  void read(web::FormInput& in);
  // Copies the fields into `a`: its tags lower-cased, each once; its publication time when the
  // date and time exist in the zone (`now` when both are empty).
  void apply(Article& a, std::int64_t now) const;
};

// `org_allowed`: whether the person may write in the organisation chosen.
web::FormErrors check(const ArticleForm& form, bool org_allowed);

struct ImageForm {
  std::string alt;  // required: the elderly and blind read the news too
  const web::UploadedFile* image = nullptr;
  void read(web::FormInput& in);
};
web::FormErrors check(const ImageForm& form);

}  // namespace cityskills::news
