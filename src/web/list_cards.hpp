#pragma once
// A list page's cards: `card` of each of the first `per_page` rows (`per_page + 1` were fetched),
// with the page's "prev" and "next" links set on `d` as ListParams::paging does.
#include <cstddef>
#include <vector>

#include "view/view.hpp"
#include "web/list_params.hpp"

namespace cityskills::web {

template <class T, class Card>
view::List page_cards(const ListParams& q, view::Data& d, const std::vector<T>& fetched, int per_page, Card&& card) {
  view::List out;
  for (std::size_t i = 0; i < fetched.size() && i < static_cast<std::size_t>(per_page); ++i)
    out.push_back(card(fetched[i]));
  q.paging(d, fetched.size(), per_page);
  return out;
}

}  // namespace cityskills::web
