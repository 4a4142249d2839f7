#pragma once
// The node's copy of the organisations, for menus and lists that every visitor sees.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "web/app.hpp"

namespace cityskills::orgs {

struct OrgCard {
  std::int64_t id = 0;
  std::string name, slug, kind, country;
};
// Every organisation by name, the same for everyone: kept by the node at most a second
// (decision note 0029), and dropped on this node by organisations_changed when one is saved
// through it. Menus and lists read it; forms that check a choice read the table.
std::shared_ptr<const std::vector<OrgCard>> all_cached(web::Services& svc);
void organisations_changed(web::Services& svc);

}  // namespace cityskills::orgs
