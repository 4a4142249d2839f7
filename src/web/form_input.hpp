#pragma once
// The fields of one submitted form, handed out typed. Every name asked for is recorded, so the
// fields a form reads are its allow-list: `finish()` refuses (400, logged) anything else that
// was sent — a `role=admin` or `org_id` the form does not own (mass assignment). A form thus
// names each field once, where it reads it.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/app.hpp"

namespace cityskills::web {

class FormInput {
 public:
  explicit FormInput(const Ctx& ctx) : ctx_(ctx) {}

  // A single-valued field as sent ("" when absent); Reject 400 "errors.duplicate_parameter"
  // when it was sent more than once (parameter pollution).
  std::string text(std::string_view name);
  // The same with surrounding white space removed.
  std::string trimmed(std::string_view name);
  // A positive database id, or nullopt when absent or not a valid id.
  std::optional<std::int64_t> id(std::string_view name);
  // A whole number (surrounding white space ignored), or nullopt when absent or not a number.
  std::optional<std::int64_t> integer(std::string_view name);
  // A checkbox: ticked when sent with the value "1".
  bool flag(std::string_view name);
  // Every value of a repeated field (checkbox groups, multiple selects), in the order sent.
  std::vector<std::string> all(std::string_view name);
  // An uploaded file, or nullptr when none was chosen.
  const UploadedFile* file(std::string_view name);

  // Rejects (400 "errors.unexpected_field", logged) a form field or file that was never read;
  // the CSRF token `_csrf` is always allowed. Call after the form has read its fields.
  void finish() const;

  // The names read so far (for tests and logs).
  const std::set<std::string, std::less<>>& names() const { return read_; }

 private:
  void note(std::string_view name) { read_.emplace(name); }
  const Ctx& ctx_;
  std::set<std::string, std::less<>> read_;
};

// Reads a form struct (one with `read(FormInput&, args...)`) and refuses any field it did
// not read: the usual first step of a handler that takes a form.
template <class Form, class... Args>
Form read_form(const Ctx& ctx, Args&&... args) {
  FormInput in(ctx);
  Form form;
  form.read(in, std::forward<Args>(args)...);
  in.finish();
  return form;
}

// Logs and rejects a field the form does not own (shared with allow_fields).
[[noreturn]] void reject_unexpected_field(const Ctx& ctx, std::string_view field, bool is_file);

}  // namespace cityskills::web
