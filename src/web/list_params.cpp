#include "web/list_params.hpp"

#include <algorithm>

#include "http/url.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"
#include "web/forms.hpp"

namespace cityskills::web {

ListParams::ListParams(const Ctx& ctx, std::string path, std::string invalid_key)
    : ctx_(ctx), path_(std::move(path)), invalid_key_(std::move(invalid_key)) {
  page_ = std::clamp<std::int64_t>(util::parse_int(ctx.query_value("page").value_or("1")).value_or(1), 1, 10000);
}

void ListParams::fail() const { throw Reject{400, invalid_key_}; }

std::string ListParams::choice(std::string_view name, const std::vector<std::string>& allowed) {
  auto v = ctx_.query_value(name).value_or("");
  if (!v.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) fail();
  kept_.emplace_back(std::string(name), v);
  return v;
}

std::string ListParams::language(std::string_view name) {
  auto v = ctx_.query_value(name).value_or("");
  if (!v.empty() && !i18n::supported(v)) fail();
  kept_.emplace_back(std::string(name), v);
  return v;
}

std::string ListParams::text(std::string_view name, std::size_t max) {
  auto v = ctx_.query_value(name).value_or("");
  if (v.size() > max) fail();
  kept_.emplace_back(std::string(name), v);
  return v;
}

bool ListParams::flag(std::string_view name) {
  bool on = ctx_.query_value(name).value_or("") == "1";
  kept_.emplace_back(std::string(name), on ? "1" : "");
  return on;
}

std::string ListParams::link(std::int64_t page) const {
  std::string out = path_ + "?";
  for (const auto& [k, v] : kept_)
    if (!v.empty()) out += http::percent_encode(k) + "=" + http::percent_encode(v) + "&";
  return out + "page=" + std::to_string(page);
}

void ListParams::paging(view::Data& d, std::size_t fetched, int per_page) const {
  if (page_ > 1) d.set("prev", link(page_ - 1));
  if (fetched > static_cast<std::size_t>(per_page)) d.set("next", link(page_ + 1));
}

view::List filter_menu(const Ctx& ctx, std::vector<std::pair<std::string, std::string>> values, const std::string& selected) {
  values.insert(values.begin(), {"", ctx.t("common.filter.any")});
  return options(values, selected);
}

view::List filter_menu(const Ctx& ctx, std::string_view label_prefix, const std::vector<std::string>& codes,
                       const std::string& selected) {
  return filter_menu(ctx, labelled(ctx, label_prefix, codes), selected);
}

view::List language_menu(const Ctx& ctx, const std::string& selected) { return filter_menu(ctx, language_names(), selected); }

}  // namespace cityskills::web
