#pragma once
// The ideas forms: a new idea, a comment and an organisation's status change. Each reads its
// fields once (which makes them the form's allow-list); the checks are pure and unit-tested
// without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/ideas/store.hpp"
#include "features/orgs/api.hpp"
#include "view/view.hpp"
#include "web/forms.hpp"

namespace cityskills::ideas {

inline constexpr std::size_t kTitleMax = 150;
inline constexpr std::size_t kBodyMax = 10000;
inline constexpr std::size_t kCommentMax = 5000;
inline constexpr std::size_t kNoteMax = 2000;

struct IdeaForm {
  std::optional<std::int64_t> org_id;
  std::string lang, title, body;

  void read(web::FormInput& in);
  void apply(Idea& idea) const;
};
// `org_ids`: the organisations an idea may be addressed to.
web::FormErrors check(const IdeaForm& form, const std::vector<std::int64_t>& org_ids);
// The new-idea page for `idea` (empty, or as entered when shown again with errors).
view::Data values(const Idea& idea, const std::vector<orgs::OrgRef>& orgs);

struct CommentForm {
  std::string comment;
  void read(web::FormInput& in);
};
web::FormErrors check(const CommentForm& form);

struct StatusForm {
  std::string status, note;  // the public explanation is required
  void read(web::FormInput& in);
};
web::FormErrors check(const StatusForm& form);

}  // namespace cityskills::ideas
