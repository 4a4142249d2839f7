#include "web/extensions.hpp"

#include <map>
#include <mutex>

namespace cityskills::web {
namespace {

// Filled once at start-up (features::register_extensions), read by every request.
struct Registry {
  std::mutex mutex;
  std::vector<AchievementListener> listeners;
  std::multimap<std::string, Section, std::less<>> sections;
  std::map<std::pair<std::string, std::string>, PersonalData> personal_data;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void on_achievement(AchievementListener listener) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.listeners.push_back(std::move(listener));
}

void achievement_changed(db::Connection& c, std::int64_t user_id) {
  std::vector<AchievementListener> copy;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    copy = r.listeners;
  }
  for (const auto& l : copy) l(c, user_id);
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

std::vector<PersonalData> personal_data() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<PersonalData> out;
  for (const auto& [key, d] : r.personal_data) out.push_back(d);
  return out;
}

}  // namespace cityskills::web
