#pragma once
// The page of a report or an administrators' list (?page=) and its previous/next links. The
// number is 1 when absent or not a number and is clamped to 1–100,000: these pages are read by
// staff, and a stray value shows the first or the last page, where a public list
// (web::ListParams) refuses it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/strings.hpp"
#include "view/view.hpp"
#include "web/app.hpp"

namespace cityskills::web {

class ReportPage {
 public:
  ReportPage(const Ctx& ctx, std::size_t per_page)
      : per_page_(per_page),
        number_(std::clamp<std::int64_t>(util::parse_int(ctx.query_value("page").value_or("1")).value_or(1), 1, 100000)) {}

  std::int64_t number() const { return number_; }
  // The index of the page's first row.
  std::size_t from() const { return static_cast<std::size_t>(number_ - 1) * per_page_; }

  // `row` of each of this page's rows, out of a report read whole.
  template <class T, class Row>
  view::List rows(const std::vector<T>& all, Row&& row) const {
    view::List out;
    for (std::size_t i = from(); i < all.size() && i < from() + per_page_; ++i) out.push_back(row(all[i]));
    return out;
  }

  // Sets "prev" past the first page and "next" when `total` rows run past this one, each
  // `link` (which ends in "page=") followed by the page's number.
  void links(view::Data& d, const std::string& link, std::size_t total) const {
    if (number_ > 1) d.set("prev", link + std::to_string(number_ - 1));
    if (total > from() + per_page_) d.set("next", link + std::to_string(number_ + 1));
  }

 private:
  std::size_t per_page_;
  std::int64_t number_;
};

}  // namespace cityskills::web
