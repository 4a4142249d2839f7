#pragma once
// The cookie centre's forms: a person's choice (from the notice or from /cookies) and the
// administrators' analytics tool. Each reads its fields once (the allow-list: a category the
// form does not know, such as "marketing=1", is refused before anything is recorded); the
// checks are pure and unit-tested without a server.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "features/consent/policy.hpp"
#include "features/consent/retention.hpp"
#include "web/forms.hpp"

namespace cityskills::consent {

struct ConsentForm {
  std::string choice;  // accept_all, refuse_all, choose
  bool analytics = false, profiling = false;
  std::string return_to;  // where the notice was shown

  void read(web::FormInput& in);
  // The categories chosen (valid only when check found no error).
  Choice result() const;
};
// "consent.validation.choice" when `choice` is missing or not one of the three.
web::FormErrors check(const ConsentForm& form);

inline constexpr std::size_t kSiteIdMax = 20;

struct AnalyticsForm {
  std::string url, site_id;
  void read(web::FormInput& in);
};
// Both empty (no tool), or an http(s) address whose origin can go in the CSP and a site id
// of digits.
web::FormErrors check(const AnalyticsForm& form);
inline constexpr std::size_t kControllerMax = 200;
inline constexpr std::size_t kReasonMax = 500;

// Who runs the platform: the controller's name and address, a contact address (also for
// accessibility feedback) and the data-protection officer's, shown on the legal pages.
struct ContactsForm {
  std::string controller, contact_email, dpo_email;
  void read(web::FormInput& in);
};
// The controller is required (one line, at most kControllerMax characters); the addresses are
// valid e-mail addresses, the DPO's optional.
web::FormErrors check(const ContactsForm& form);

// Erasing one's own account: the password again and an explicit confirmation.
struct EraseForm {
  std::string password;
  bool confirm = false;
  void read(web::FormInput& in);
};
// "rights.erase.password_required" (only for an account that has a password),
// "rights.erase.confirm_required"; whether the password is right is the handler's question (it
// needs the stored hash).
web::FormErrors check(const EraseForm& form, bool has_password = true);

// An administrator exporting or erasing someone's data: why (kept in the audit log), and for
// an erasure an explicit confirmation.
struct AdminRequestForm {
  std::string reason;
  bool confirm = false;
  void read(web::FormInput& in, bool erasing);
};
// The reason is required (at most kReasonMax characters); its error is on "reason" for an
// erasure and "export_reason" for an export (both forms share a page).
web::FormErrors check(const AdminRequestForm& form, bool erasing);

// The retention periods administrators set: one whole number of days per period, named as in
// retention_fields(); the raw text is kept so that the form is shown again as entered.
struct RetentionForm {
  std::vector<std::pair<std::string, std::string>> entered;  // name, text as sent
  std::vector<std::optional<std::int64_t>> values;          // parallel: the number read
  void read(web::FormInput& in);
  // The periods (valid only when check found no error).
  RetentionPeriods result() const;
};
// Each period within its field's bounds ("validation.number.range" with {min} and {max}).
web::FormErrors check(const RetentionForm& form);

inline constexpr std::size_t kFeedbackMax = 5000;
inline constexpr std::size_t kFeedbackPageMax = 500;
inline constexpr std::size_t kIssuesMax = 20000;

// A message about a barrier, from the accessibility statement. A signed-in sender is known by
// the account, so only an anonymous one is asked for a name and an address (both optional:
// without an address there is no reply).
struct FeedbackForm {
  std::string name, email, page, message;
  void read(web::FormInput& in, bool anonymous);
};
// The message is required (at most kFeedbackMax characters); the page at most
// kFeedbackPageMax; a name and an address, when given, valid.
web::FormErrors check(const FeedbackForm& form);

// The statement's editable parts: the date of the last review and the known non-conformities
// beyond the built-in ones.
struct StatementForm {
  std::string reviewed;  // YYYY-MM-DD
  std::string issues;    // Markdown, may be empty
  void read(web::FormInput& in);
  // The review date as UTC midnight (valid only when check found no error).
  std::int64_t reviewed_at() const;
};
// "consent.validation.review_date" unless a real day; the issues at most kIssuesMax characters.
web::FormErrors check(const StatementForm& form);

inline constexpr std::size_t kNoticeMax = 60000;

// The privacy notice an administrator writes: its language, the Markdown text, and whether it
// is published ("publish") or kept as the language's draft ("save").
struct NoticeForm {
  std::string lang, body, action;
  void read(web::FormInput& in);
  bool publishing() const { return action == "publish"; }
};
// The language one of those offered ("privacy.notice.lang_invalid"); the action one of the
// two; the text valid Markdown of at most kNoticeMax characters, and not empty when published
// ("privacy.notice.empty").
web::FormErrors check(const NoticeForm& form);

// Acknowledging a new privacy notice at sign-in: the version shown, and where to go next.
struct AcknowledgeForm {
  std::optional<std::int64_t> notice_id;
  std::string next;
  void read(web::FormInput& in);
};

// The address as stored: with a trailing slash, so that "matomo.js" can be appended.
std::string normalised_url(const std::string& url);

}  // namespace cityskills::consent
