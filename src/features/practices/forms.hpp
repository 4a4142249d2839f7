#pragma once
// The good-practice submission form: the fields an author sends (read once, which makes them
// the form's allow-list), their checks — pure, unit-tested without a server — and the copy
// into the stored practice.
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

}  // namespace cityskills::practices
