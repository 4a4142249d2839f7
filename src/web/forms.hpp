#pragma once
// Form helpers shared by features: field errors with a summary, and refusing fields the
// form does not own (mass assignment).
#include <initializer_list>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"

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
  // Sets "errors" (the summary list) and "<field>_error" for each field.
  void into(view::Data& d, const Ctx& ctx) const {
    view::List list;
    for (const auto& item : items_) {
      auto message = ctx.t(item.key, item.args);
      view::Data e;
      e.set("field", item.field);
      e.set("message", message);
      list.push_back(e);
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

// Rejects (400, logged) a form carrying a field outside `allowed`.
inline void allow_fields(const Ctx& ctx, std::span<const std::string_view> allowed) {
  for (const auto& [k, v] : ctx.form) {
    bool ok = k == "_csrf";
    for (auto a : allowed) ok = ok || k == a;
    if (!ok) {
      log::warn("form field not owned by the form", "\"request_id\":\"" + ctx.req.request_id + "\",\"field\":\"" +
                                                        util::json_escape(k) + "\",\"path\":\"" +
                                                        util::json_escape(ctx.req.path) + "\"");
      throw Reject{400, "errors.unexpected_field"};
    }
  }
  for (const auto& [k, f] : ctx.files) {
    bool ok = false;
    for (auto a : allowed) ok = ok || k == a;
    if (!ok) {
      log::warn("file field not owned by the form", "\"request_id\":\"" + ctx.req.request_id + "\",\"field\":\"" +
                                                        util::json_escape(k) + "\"");
      throw Reject{400, "errors.unexpected_field"};
    }
  }
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
    out.push_back(o);
  }
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

}  // namespace cityskills::web
