// Demo events of each kind, upcoming and past, in the sample city and its partners: the rows of
// demo/events.json, created in their order. A time is a whole number of days from the day the
// demo is seeded and a local time in the event's zone; the drop-in session marked
// "running_now" opens an hour before the seeding and lasts seven hours.
#include <map>

#include "features/events/api.hpp"
#include "features/events/store.hpp"
#include "features/orgs/api.hpp"
#include "i18n/i18n.hpp"
#include "util/json_rows.hpp"

namespace cityskills::events {

void seed_demo(db::Tx& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM events LIMIT 1")) return;  // already seeded
  std::map<std::string, std::int64_t> orgs;
  auto org = [&](const std::string& slug) {
    auto it = orgs.find(slug);
    return it != orgs.end() ? it->second : orgs[slug] = orgs::by_slug(c, slug)->id;
  };
  auto at = [&](const util::JsonRow& w, const std::string& zone) {
    auto time = w.text("time");
    if (time.size() != 5 || time[2] != ':') throw std::runtime_error("demo event time '" + time + "': expected HH:MM");
    auto d = i18n::utc_to_local(now + w.integer("day") * 86400, zone);
    return *i18n::local_to_utc(d.year, d.month, d.day, std::stoi(time.substr(0, 2)), std::stoi(time.substr(3)), zone);
  };
  for (const auto& x : util::json_rows("src/features/events/demo/events.json")) {
    using E = Event;
    E e;
    e.org_id = org(x.text("org"));
    util::read_texts<E>(x, e,
                        {{"kind", &E::kind}, {"lang", &E::lang}, {"theme", &E::theme}, {"audience", &E::audience},
                         {"age_group", &E::age_group}, {"title", &E::title}, {"summary", &E::summary},
                         {"description", &E::description}, {"time_zone", &E::time_zone},
                         {"join_url", &E::join_url, true}, {"venue", &E::venue, true},
                         {"address", &E::address, true}, {"speakers", &E::speakers, true}});
    if (x.flag("running_now")) {
      e.starts_at = now - now % 3600 - 3600;
      e.ends_at = e.starts_at + 7 * 3600;
    } else {
      e.starts_at = at(x.object("starts"), e.time_zone);
      e.ends_at = at(x.object("ends"), e.time_zone);
    }
    e.online = x.flag("online");
    e.capacity = static_cast<int>(x.integer("capacity"));
    e.id = store::create(c, e, 0);
    schedule_reminder(c, e);
    for (const auto& s : x.rows("sessions")) {
      auto zone = s.text("time_zone");
      store::add_session(c, {0, e.id, s.text("title"), at(s.object("starts"), zone), at(s.object("ends"), zone), zone});
    }
  }
}

}  // namespace cityskills::events
