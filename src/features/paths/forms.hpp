#pragma once
// The paths' forms: the fields an author sends (read once, which makes them the allow-list) and
// their checks, pure — what they need of the database comes in as plain data — so they are
// unit-tested without a server.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "features/paths/model.hpp"
#include "web/forms.hpp"

namespace cityskills::paths {

struct PathForm {
  std::optional<std::int64_t> org_id;  // chosen when creating; fixed afterwards
  std::string lang, title, summary, description, audience, level;
  bool qualification = false;
  std::vector<std::string> issuers;  // co-issuing organisations (ids as sent)

  void read(web::FormInput& in, bool creating);
  void apply(Path& p) const;
  // The co-issuers as ids (those that parse; check() reports the others).
  std::vector<std::int64_t> issuer_ids() const;
};
// `orgs`: every organisation id that exists (co-issuers must be among them).
web::FormErrors check(const PathForm& form, const std::set<std::int64_t>& orgs);

struct StepForm {
  std::string title;
  std::optional<std::int64_t> need;
  void read(web::FormInput& in);
};
// `requirements`: how many the step holds now (0 for a new step, whose requirements come next).
web::FormErrors check(const StepForm& form, int requirements);

struct RequirementForm {
  std::string kind, area, band;
  std::optional<std::int64_t> course_id, event_id, path_id;
  std::string course_text, event_text, path_text;  // as sent, to tell "absent" from "not an id"
  void read(web::FormInput& in);
  Requirement requirement() const;
};

// What the database says about the item a requirement names.
struct Named {
  bool exists = false;
  std::int64_t org_id = 0;
  bool cycle = false;  // a path: requiring it would make the path require itself
};
// `allowed_orgs`: the path's organisation and its co-issuers, whose courses, events and paths it
// may name; `areas`: the self-test areas; `count`: requirements the step already holds.
web::FormErrors check(const RequirementForm& form, const Named& named, const std::set<std::int64_t>& allowed_orgs,
                      const std::vector<std::string>& areas, int count);

}  // namespace cityskills::paths
