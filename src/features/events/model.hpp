#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "i18n/zones.hpp"

namespace cityskills::events {

inline const std::vector<std::string> kKinds = {"webinar", "open_talk", "bootcamp", "in_person"};
// The five DigComp 2.2 competence areas.
inline const std::vector<std::string> kThemes = {"information", "communication", "content_creation", "safety",
                                                 "problem_solving"};
inline const std::vector<std::string> kAudiences = {"everyone", "citizen", "business", "public_staff"};
inline const std::vector<std::string> kAgeGroups = {"all", "young", "adults", "over_65"};
inline constexpr int kMaxCapacity = 100000;
// How long before the event a reminder may be sent, in hours (0: no reminder).
inline constexpr int kReminderChoices[] = {1, 2, 4, 24, 48, 72, 168};

struct Event {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name;
  std::string kind, title, summary, description, lang, theme, audience, age_group;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string time_zone{i18n::kDefaultZone};
  bool online = false;
  std::string join_url, venue, address, speakers;
  int capacity = 0;
  std::string status = "published";
  std::string cancel_reason;
  std::string uid;
  int sequence = 0;
  std::string recording_url;
  int reminder_hours = 24;
  std::int64_t confirmed = 0;   // filled by queries that count
  std::int64_t waitlisted = 0;
};

struct Session {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string title;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string time_zone;
};

enum class Outcome { kConfirmed, kWaitlisted, kAlready, kClosed };

struct RegisterResult {
  Outcome outcome;
  std::string status;           // the registration's status afterwards
  std::int64_t position = 0;    // place on the waiting list (1-based) when waitlisted
};

struct CancelResult {
  bool cancelled = false;
  std::optional<std::int64_t> promoted_user;  // who got the freed seat
};

}  // namespace cityskills::events
