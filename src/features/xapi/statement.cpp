#include "features/xapi/statement.hpp"

#include <sodium.h>

#include <array>
#include <boost/json.hpp>
#include <utility>

#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills::xapi {
namespace {

namespace json = boost::json;

constexpr std::string_view kPlatform = "cityskills";
constexpr std::string_view kProgressExtension = "https://w3id.org/xapi/cmi5/result/extensions/progress";

// verb, IRI, English display
constexpr std::array<std::array<std::string_view, 3>, 7> kVerbs{{
    {"experienced", "http://adlnet.gov/expapi/verbs/experienced", "experienced"},
    {"progressed", "http://adlnet.gov/expapi/verbs/progressed", "progressed"},
    {"completed", "http://adlnet.gov/expapi/verbs/completed", "completed"},
    {"answered", "http://adlnet.gov/expapi/verbs/answered", "answered"},
    {"passed", "http://adlnet.gov/expapi/verbs/passed", "passed"},
    {"attended", "http://adlnet.gov/expapi/verbs/attended", "attended"},
    {"earned", "http://id.tincanapi.com/verb/earned", "earned"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kTypes{{
    {"lesson", "http://adlnet.gov/expapi/activities/lesson"},
    {"video", "https://w3id.org/xapi/video/activity-type/video"},
    {"quiz", "http://adlnet.gov/expapi/activities/assessment"},
    {"course", "http://adlnet.gov/expapi/activities/course"},
    {"event", "http://adlnet.gov/expapi/activities/meeting"},
    {"award", "http://activitystrea.ms/schema/1.0/badge"},
}};

std::string uuid_text(std::array<unsigned char, 16> b, int version) {
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | (version << 4));
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // the RFC 9562 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0f];
  }
  return out;
}

std::string language_tag(const std::string& lang) { return lang.empty() ? "und" : lang; }

}  // namespace

std::string new_uuid() {
  auto bytes = crypto::random_bytes(16);
  std::array<unsigned char, 16> b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<unsigned char>(bytes[i]);
  return uuid_text(b, 4);
}

std::string uuid_for(std::string_view name) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  std::array<unsigned char, 16> b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = digest[i];
  return uuid_text(b, 8);
}

std::string verb_iri(std::string_view verb) {
  for (const auto& v : kVerbs)
    if (v[0] == verb) return std::string(v[1]);
  return "";
}

std::string activity_type_iri(std::string_view object_type) {
  for (const auto& [type, iri] : kTypes)
    if (type == object_type) return std::string(iri);
  return "";
}

std::string statement_json(const store::Row& row, const std::string& site_url, const std::string& pseudonym) {
  json::object verb{{"id", verb_iri(row.verb)}, {"display", json::object{{"en-US", row.verb}}}};
  json::object definition{{"type", activity_type_iri(row.object_type)}};
  if (!row.object_name.empty()) definition["name"] = json::object{{language_tag(row.lang), row.object_name}};
  json::object statement{
      {"id", row.statement_id},
      {"actor", json::object{{"objectType", "Agent"},
                             {"account", json::object{{"homePage", site_url}, {"name", pseudonym}}}}},
      {"verb", std::move(verb)},
      {"object", json::object{{"objectType", "Activity"}, {"id", site_url + row.object_path}, {"definition", definition}}},
      {"timestamp", util::iso8601_utc(row.occurred_at)},
  };
  json::object result;
  if (row.score_percent >= 0)
    result["score"] = json::object{{"scaled", row.score_percent / 100.0}, {"raw", row.score_percent}, {"min", 0}, {"max", 100}};
  if (row.success >= 0) result["success"] = row.success == 1;
  if (row.completion) result["completion"] = true;
  if (row.progress_percent >= 0) result["extensions"] = json::object{{kProgressExtension, row.progress_percent}};
  if (!result.empty()) statement["result"] = std::move(result);
  json::object context{{"platform", kPlatform}};
  if (!row.lang.empty()) context["language"] = row.lang;
  // The same person's attempts at one course or event share a registration; another person's
  // registration cannot be told from it (the pseudonym is part of the name hashed).
  if (!row.registration_key.empty()) context["registration"] = uuid_for(pseudonym + "|" + row.registration_key);
  if (!row.parent_path.empty())
    context["contextActivities"] = json::object{
        {"parent", json::array{json::object{{"objectType", "Activity"},
                                            {"id", site_url + row.parent_path},
                                            {"definition", json::object{{"type", activity_type_iri("course")}}}}}}};
  statement["context"] = std::move(context);
  return json::serialize(statement);
}

}  // namespace cityskills::xapi
