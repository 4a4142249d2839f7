#include "web/form_input.hpp"

#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::web {

std::string FormInput::text(std::string_view name) {
  note(name);
  return ctx_.field(name);
}

std::string FormInput::trimmed(std::string_view name) { return std::string(util::trim(text(name))); }

std::optional<std::int64_t> FormInput::id(std::string_view name) { return util::parse_id(text(name)); }

std::optional<std::int64_t> FormInput::integer(std::string_view name) { return util::parse_int(util::trim(text(name))); }

bool FormInput::flag(std::string_view name) { return text(name) == "1"; }

std::vector<std::string> FormInput::all(std::string_view name) {
  note(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : ctx_.form)
    if (k == name) out.push_back(v);
  return out;
}

const UploadedFile* FormInput::file(std::string_view name) {
  note(name);
  return ctx_.file(name);
}

void FormInput::finish() const {
  for (const auto& [k, v] : ctx_.form)
    if (k != "_csrf" && !read_.contains(k)) reject_unexpected_field(ctx_, k, false);
  for (const auto& [k, f] : ctx_.files)
    if (!read_.contains(k)) reject_unexpected_field(ctx_, k, true);
}

void reject_unexpected_field(const Ctx& ctx, std::string_view field, bool is_file) {
  if (is_file)
    log::warn("file field not owned by the form", "\"request_id\":\"" + ctx.req.request_id + "\",\"field\":\"" +
                                                      util::json_escape(field) + "\"");
  else
    log::warn("form field not owned by the form", "\"request_id\":\"" + ctx.req.request_id + "\",\"field\":\"" +
                                                      util::json_escape(field) + "\",\"path\":\"" +
                                                      util::json_escape(ctx.req.path) + "\"");
  throw Reject{400, "errors.unexpected_field"};
}

}  // namespace cityskills::web
