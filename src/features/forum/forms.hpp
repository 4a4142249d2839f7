#pragma once
// The forum's forms: a new thread, a reply, an edit, a reason (a report, a moderator's action
// on a post or a thread, with the category a moved thread goes to) and a category. Each reads
// its fields once (which makes them the form's allow-list); the checks are pure — what needs
// the database (the categories a moderator may move to, whether an organisation exists) comes
// in as plain data — and unit-tested without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/forum/store.hpp"
#include "web/forms.hpp"

namespace cityskills::forum {

struct ThreadForm {
  std::string title, body, lang;
  void read(web::FormInput& in);
};
web::FormErrors check(const ThreadForm& form);

struct ReplyForm {
  std::string body;
  void read(web::FormInput& in);
};
web::FormErrors check(const ReplyForm& form);

// An edit of one's post; the title is the thread's, edited with its opening post only.
struct EditForm {
  std::string title, body;
  void read(web::FormInput& in);
};
// `opening`: the post opens its thread (otherwise a title sent is ignored).
web::FormErrors check(const EditForm& form, bool opening);

// A report of a post, or the reason a moderator gives for hiding, showing or dismissing.
struct ReasonForm {
  std::string reason;
  void read(web::FormInput& in);
};
// The error is on `field` (a moderation page has one reason field per action).
web::FormErrors check(const ReasonForm& form, const std::string& field);

// A moderator's action on a thread: its reason, and for a move the category it goes to.
struct ThreadActionForm {
  std::string reason;
  bool move = false;
  std::optional<std::int64_t> category_id;  // read for a move only
  void read(web::FormInput& in, bool is_move);
  // The category chosen, when it is one of `targets` (the categories the moderator may move to).
  std::optional<std::int64_t> destination(const std::vector<Category>& targets) const;
};
web::FormErrors check(const ThreadActionForm& form, const std::string& reason_field, const std::vector<Category>& targets);

// A category with its name and description in each language (empty: the fallback shows).
struct CategoryForm {
  std::string name, slug, description, org_id, position;
  std::vector<CategoryText> texts;  // one per language of the site, as typed
  void read(web::FormInput& in);
  // The organisation chosen, when its id is well-formed (nullopt for none or a bad one).
  std::optional<std::int64_t> org() const;
  // The category as entered: the translations filled in, the position when it is allowed and
  // the organisation when `org_exists`.
  Category category(bool org_exists) const;
};
// `org_exists`: whether org() names an organisation (read only when one was chosen).
web::FormErrors check(const CategoryForm& form, bool org_exists);

}  // namespace cityskills::forum
