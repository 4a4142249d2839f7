#pragma once
// What every list page (practices, resources, ideas, ...) reads from its query and shows around
// its cards: filters chosen from fixed values, a page number, the filter menus with "any" first,
// and the previous/next links that keep the filters. A value outside its choices is a 400 with
// the list's own message; the page number is clamped.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "view/view.hpp"

namespace cityskills::web {

class Ctx;

class ListParams {
 public:
  // `path`: the list's address ("/practices"); `invalid_key`: the message of its 400.
  ListParams(const Ctx& ctx, std::string path, std::string invalid_key);
  // "" or one of `allowed`; anything else ends the request with the list's 400.
  std::string choice(std::string_view name, const std::vector<std::string>& allowed);
  // "" or a supported language.
  std::string language(std::string_view name = "language");
  // A free value (an organisation's slug) the caller checks, calling fail() when it is unknown.
  std::string text(std::string_view name, std::size_t max = 100);
  // A checkbox sent as "1"; any other value leaves it off.
  bool flag(std::string_view name);
  [[noreturn]] void fail() const;
  // The page asked for (?page=), 1 to 10,000.
  std::int64_t page() const { return page_; }
  int offset(int per_page) const { return static_cast<int>((page_ - 1) * per_page); }
  // The list's address on another page, with every filter read so far.
  std::string link(std::int64_t page) const;
  // Sets "prev" and "next" on `d`; `fetched` rows came back when `per_page + 1` were asked for.
  void paging(view::Data& d, std::size_t fetched, int per_page) const;

 private:
  const Ctx& ctx_;
  std::string path_, invalid_key_;
  std::vector<std::pair<std::string, std::string>> kept_;
  std::int64_t page_ = 1;
};

// A filter's menu: "any" (common.filter.any) first, then each value with its label.
view::List filter_menu(const Ctx& ctx, std::vector<std::pair<std::string, std::string>> values, const std::string& selected);
// The same for fixed codes whose labels are the keys `label_prefix + code`.
view::List filter_menu(const Ctx& ctx, std::string_view label_prefix, const std::vector<std::string>& codes,
                       const std::string& selected);
// The five languages, each in its own name.
view::List language_menu(const Ctx& ctx, const std::string& selected);

}  // namespace cityskills::web
