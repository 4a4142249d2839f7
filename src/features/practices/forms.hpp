#pragma once
// The good-practice forms: the submission an author sends, a moderator's decision and a
// comment. Each reads its fields once (which makes them the form's allow-list); the checks are
// pure and unit-tested without a server; the submission is copied into the stored practice.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/practices/store.hpp"
#include "web/forms.hpp"

namespace cityskills::practices {

inline constexpr std::size_t kTitleMax = 150;
inline constexpr std::size_t kTextMax = 8000;
inline constexpr std::size_t kFiguresMax = 1000;
inline constexpr std::size_t kContactNameMax = 100;
inline constexpr std::size_t kCommentMax = 5000;
inline constexpr std::size_t kReasonMax = 1000;

struct PracticeForm {
  std::optional<std::int64_t> org_id;
  std::string lang, title, problem, actions, results, figures, lessons;
  std::string cost_band, effort_band, size_band, country, contact_name, contact_email;
  std::vector<std::string> areas, themes;  // each code once, in the order sent
  const web::UploadedFile* attachment = nullptr;  // the first attachment, when one was chosen

  void read(web::FormInput& in);
  // Copies the entered fields into `p` (its organisation too: a submission chooses it).
  void apply(Practice& p) const;
};

// The form's field errors; `org_ids` are the organisations a practice may be submitted to,
// `countries` the country codes offered.
web::FormErrors check(const PracticeForm& form, const std::vector<std::int64_t>& org_ids,
                      const std::vector<std::string>& countries);

// A moderator's decision on a submitted practice.
struct DecisionForm {
  std::string decision;  // "approve" or "reject"
  std::string reason;    // told to the author
  void read(web::FormInput& in);
  bool approve() const { return decision == "approve"; }
};
// A rejection always says why; an approval may.
web::FormErrors check(const DecisionForm& form);

struct CommentForm {
  std::string comment;  // Markdown
  void read(web::FormInput& in);
};
web::FormErrors check(const CommentForm& form);

}  // namespace cityskills::practices
