#pragma once
// Form helpers shared by features: field errors with a summary, the typed form input that
// refuses fields the form does not own (mass assignment), and the checks forms share.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"
#include "web/form_input.hpp"

namespace cityskills::web {

class FormErrors {
 public:
  void add(std::string field, std::string key, i18n::Args args = {}) {
    items_.push_back({std::move(field), std::move(key), std::move(args)});
  }
  bool empty() const { return items_.empty(); }
  bool has(std::string_view field) const {
    for (const auto& item : items_)
      if (item.field == field) return true;
    return false;
  }
  // The first problem's translation key for `field`, "" when none (for tests of a form's check).
  std::string key(std::string_view field) const {
    for (const auto& item : items_)
      if (item.field == field) return item.key;
    return "";
  }
  // The arguments of that problem's message ({max}, {zone}, ...).
  i18n::Args args(std::string_view field) const {
    for (const auto& item : items_)
      if (item.field == field) return item.args;
    return {};
  }
  std::size_t size() const { return items_.size(); }
  // Sets "errors" (the summary list) and "<field>_error" for each field.
  void into(view::Data& d, const Ctx& ctx) const {
    view::List list;
    for (const auto& item : items_) {
      auto message = ctx.t(item.key, item.args);
      view::Data e;
      e.set("field", item.field);
      e.set("message", message);
      list.push_back(std::move(e));
      d.set(item.field + "_error", message);
    }
    if (!items_.empty()) {
      d.set("errors", list);
      d.set("has_errors", true);
    }
  }

 private:
  struct Item {
    std::string field, key;
    i18n::Args args;
  };
  std::vector<Item> items_;
};

// Rejects (400, logged) a form carrying a field outside `allowed`. New forms read through a
// FormInput instead, whose fields read are the allow-list.
inline void allow_fields(const Ctx& ctx, std::span<const std::string_view> allowed) {
  auto owned = [&](const std::string& k) {
    for (auto a : allowed)
      if (k == a) return true;
    return false;
  };
  for (const auto& [k, v] : ctx.form)
    if (k != "_csrf" && !owned(k)) reject_unexpected_field(ctx, k, false);
  for (const auto& [k, f] : ctx.files)
    if (!owned(k)) reject_unexpected_field(ctx, k, true);
}

inline void allow_fields(const Ctx& ctx, std::initializer_list<std::string_view> allowed) {
  allow_fields(ctx, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

// A <select>'s options with the current value marked.
inline view::List options(const std::vector<std::pair<std::string, std::string>>& values, std::string_view selected) {
  view::List out;
  for (const auto& [value, label] : values) {
    view::Data o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == selected);
    out.push_back(std::move(o));
  }
  return out;
}

// Fixed codes, each labelled by the translation key `label_prefix + code`.
inline std::vector<std::pair<std::string, std::string>> labelled(const Ctx& ctx, std::string_view label_prefix,
                                                                 const std::vector<std::string>& codes) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& code : codes) out.emplace_back(code, ctx.t(std::string(label_prefix) + code));
  return out;
}

// The five languages, each in its own name.
inline std::vector<std::pair<std::string, std::string>> language_names() {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto l : i18n::kLocales) out.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  return out;
}

// A free text field: valid UTF-8 without NUL ("validation.text.invalid"), not blank when
// required ("validation.text.required"), at most `max` characters (`too_long_key`, with {max}
// and {length}). Adds at most one error; returns whether it added none.
bool check_text(FormErrors& errors, const std::string& field, std::string_view text, std::size_t max,
                const std::string& too_long_key, bool required = true);
// The same for Markdown, which also must not be nested too deep to render
// ("news.validation.too_deep").
void check_markdown(FormErrors& errors, const std::string& field, std::string_view text, std::size_t max,
                    const std::string& too_long_key, bool required = true);


// One of the values offered (a <select>'s options, a fixed list of codes); otherwise
// "validation.choice.invalid" on `field`. Returns whether the value is allowed.
template <class Range>
bool check_choice(FormErrors& errors, const std::string& field, std::string_view value, const Range& allowed) {
  for (const auto& a : allowed)
    if (value == a) return true;
  errors.add(field, "validation.choice.invalid");
  return false;
}

// A link a person enters: an absolute http(s) address (see is_http_url), else
// "validation.url.invalid". An empty value passes unless `required`.
bool check_url(FormErrors& errors, const std::string& field, std::string_view url, bool required);

// A whole number from `min` to `max`; otherwise `key` (default "validation.number.range") with
// {min} and {max}. `value` is what FormInput::integer read (nullopt: absent or not a number).
std::optional<std::int64_t> check_int_range(FormErrors& errors, const std::string& field,
                                            std::optional<std::int64_t> value, std::int64_t min, std::int64_t max,
                                            const std::string& key = "validation.number.range");

// A local date (YYYY-MM-DD) and time (HH:MM) read as wall-clock time in an IANA zone.
enum class LocalTimeStatus {
  kOk,
  kMalformed,    // not YYYY-MM-DD / HH:MM, or no such day (31 April)
  kUnknownZone,  // not an IANA time zone
  kSkipped,      // in the spring gap: the clocks jump over it, the time does not exist
  kRepeated,     // in the autumn overlap: the time occurs twice; `utc` is the first occurrence
};
struct LocalTime {
  LocalTimeStatus status = LocalTimeStatus::kMalformed;
  std::int64_t utc = 0;  // set for kOk and kRepeated
  // The instant when the time exists, a repeated (autumn) time being its first occurrence.
  std::optional<std::int64_t> first() const {
    if (status == LocalTimeStatus::kOk || status == LocalTimeStatus::kRepeated) return utc;
    return std::nullopt;
  }
};
// An empty `time` means midnight only when `time_optional`.
LocalTime resolve_local_time(std::string_view date, std::string_view time, std::string_view zone,
                             bool time_optional = false);

// What to do with a repeated (autumn) wall time: take its first occurrence, as events and news
// always have, or refuse it and ask for another time.
enum class RepeatedTime { kFirst, kRefuse };
// The UTC instant of a local date + time in `zone`, or nullopt with the field error:
// malformed → "events.validation.datetime" on `date_field`; skipped (spring gap) →
// "events.validation.no_such_time" with {zone} on `time_field`; repeated (autumn) and refused →
// "validation.datetime.repeated" with {zone} on `time_field`. An unknown zone adds nothing:
// check the zone against the offered list with check_choice.
std::optional<std::int64_t> check_local_time(FormErrors& errors, const std::string& date_field,
                                             const std::string& time_field, std::string_view date,
                                             std::string_view time, std::string_view zone, RepeatedTime repeated);

}  // namespace cityskills::web
