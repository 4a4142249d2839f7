#include "web/extensions.hpp"
#include "web/processing.hpp"

#include "web/learning.hpp"

#include <map>
#include <mutex>

namespace cityskills::web {
namespace {

// Filled once at start-up (features::register_extensions), read by every request.
struct Registry {
  std::mutex mutex;
  std::vector<AchievementListener> listeners;
  std::vector<CredentialsResetListener> reset_listeners;
  std::vector<LearningListener> learning_listeners;
  std::vector<SignOutPage> sign_out_pages;
  std::multimap<std::string, Section, std::less<>> sections;
  std::map<std::pair<std::string, std::string>, PersonalData> personal_data;
};

Registry& registry() {
  static Registry r;
  return r;
}

template <class Listener>
void add(std::vector<Listener> Registry::*list, Listener listener) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  (r.*list).push_back(std::move(listener));
}

// Calls every listener of `list` outside the lock (a listener may take its time).
template <class Listener, class... Args>
void notify(std::vector<Listener> Registry::*list, Args&... args) {
  std::vector<Listener> copy;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    copy = r.*list;
  }
  for (const auto& l : copy) l(args...);
}

}  // namespace

void on_achievement(AchievementListener listener) { add(&Registry::listeners, std::move(listener)); }

void achievement_changed(db::Tx& c, std::int64_t user_id) { notify(&Registry::listeners, c, user_id); }

void on_learning_record(LearningListener listener) { add(&Registry::learning_listeners, std::move(listener)); }

void learning_record(db::Connection& c, const LearningRecord& record) {
  notify(&Registry::learning_listeners, c, record);
}

void on_credentials_reset(CredentialsResetListener listener) { add(&Registry::reset_listeners, std::move(listener)); }

void credentials_reset(db::Tx& c, std::int64_t user_id) { notify(&Registry::reset_listeners, c, user_id); }

void on_sign_out(SignOutPage page) { add(&Registry::sign_out_pages, std::move(page)); }

std::string sign_out_page(Ctx& ctx) {
  std::vector<SignOutPage> copy;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    copy = r.sign_out_pages;
  }
  for (const auto& p : copy)
    if (auto path = p(ctx); !path.empty()) return path;
  return "";
}

void add_section(std::string page, Section section) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.sections.emplace(std::move(page), std::move(section));
}

std::vector<std::string> sections(std::string_view page, Ctx& ctx) {
  std::vector<Section> found;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    auto [from, to] = r.sections.equal_range(page);
    for (auto it = from; it != to; ++it) found.push_back(it->second);
  }
  std::vector<std::string> out;
  for (const auto& s : found)
    if (auto html = s(ctx); !html.empty()) out.push_back(std::move(html));
  return out;
}

void declare_personal_data(PersonalData d) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  auto key = std::make_pair(d.feature, d.activity);
  r.personal_data.insert_or_assign(std::move(key), std::move(d));
}

namespace {
void declare_public_task(std::string feature, std::string activity, const char* retention_key,
                         std::vector<std::string> recipients, std::vector<std::string> tables) {
  auto keys = "processing." + feature + "." + activity;
  declare_personal_data({std::move(feature), std::move(activity), keys + ".purpose", keys + ".data",
                         LegalBasis::kPublicTask, retention_key, "", std::move(recipients), std::move(tables)});
}
}  // namespace

void declare_content_data(std::string feature, std::string activity, std::vector<std::string> recipients,
                          std::vector<std::string> tables) {
  declare_public_task(std::move(feature), std::move(activity), "processing.retention.content", std::move(recipients),
                      std::move(tables));
}

void declare_account_data(std::string feature, std::string activity, std::vector<std::string> recipients,
                          std::vector<std::string> tables) {
  declare_public_task(std::move(feature), std::move(activity), "processing.retention.account", std::move(recipients),
                      std::move(tables));
}

std::vector<PersonalData> personal_data() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<PersonalData> out;
  for (const auto& [key, d] : r.personal_data) out.push_back(d);
  return out;
}

}  // namespace cityskills::web
