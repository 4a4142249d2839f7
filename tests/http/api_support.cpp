// The REST API tests' shared helpers and the check of every recorded answer against the
// OpenAPI document (a test environment's TearDown, so the tests stay independent of order).
#include "http/api_support.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "features/api/store.hpp"
#include "features/api/tokens.hpp"
#include "support/node_service.hpp"
#include "util/embedded.hpp"
#include "util/strings.hpp"

namespace cityskills::test::api {
namespace {

struct Answer {
  std::string method, path, type, body;
  int status;
};
std::mutex g_mutex;
std::vector<Answer> g_answers;

std::string run(const std::string& command, int& status) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) {
    status = -1;
    return "popen failed";
  }
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  status = ::pclose(p);
  return out;
}

class DocumentCheck : public ::testing::Environment {
 public:
  void TearDown() override {
    std::lock_guard lock(g_mutex);
    if (g_answers.empty()) return;
    auto dir = temp_dir("openapi-check");
    auto doc = embedded::find("src/features/api/openapi.json");
    ASSERT_TRUE(doc.has_value());
    std::ofstream(dir + "/openapi.json") << *doc;
    boost::json::array all;
    for (const auto& a : g_answers)
      all.push_back(boost::json::object{{"method", a.method}, {"path", a.path}, {"status", a.status}, {"type", a.type},
                                        {"body", a.body}});
    std::ofstream(dir + "/answers.json") << boost::json::serialize(all);
    int status = 0;
    auto out = run("node " + repo_root() + "/tests/support/check_openapi.mjs " + dir + "/openapi.json " + dir +
                       "/answers.json 2>&1",
                   status);
    // Only a run of every API test answers every operation; a filtered run checks the answers it has.
    bool filtered = ::testing::GTEST_FLAG(filter) != "*";
    std::string kept;
    for (auto line : util::split(out, '\n'))
      if (!(filtered && line.find("never answered in the tests") != std::string_view::npos) && !line.empty() &&
          line != "valid")
        kept += std::string(line) + "\n";
    EXPECT_TRUE(kept.empty()) << "answers against the OpenAPI document (" << g_answers.size() << " checked):\n" << kept;
    if (status != 0 && kept.empty() && !filtered) ADD_FAILURE() << out;
  }
};

const auto* const kCheck = ::testing::AddGlobalTestEnvironment(new DocumentCheck);

}  // namespace

std::string check_document(const std::string& document, int& status) {
  auto dir = temp_dir("openapi-document");
  std::ofstream(dir + "/openapi.json") << document;
  return run("node " + repo_root() + "/tests/support/check_openapi.mjs " + dir + "/openapi.json 2>&1", status);
}

std::string make_token(TestServer& s, std::int64_t user_id, const std::string& scopes,
                       std::optional<std::int64_t> org_id, std::int64_t expires_in) {
  auto secret = cityskills::api::new_secret();
  cityskills::api::store::Token t;
  t.user_id = user_id;
  t.org_id = org_id;
  t.name = "test";
  t.prefix = secret.prefix;
  t.scopes = scopes;
  t.expires_at = util::now_unix() + expires_in;
  auto c = s.db().acquire();
  cityskills::api::store::create(*c, t, secret.hash);
  return secret.secret;
}

Reply call(TestServer& s, const std::string& method, const std::string& target, const std::string& token,
           const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers) {
  auto h = headers;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  bool typed = false;
  for (const auto& [k, v] : h) typed = typed || util::to_lower(k) == "content-type";
  if (!body.empty() && !typed) h.emplace_back("Content-Type", "application/json");
  auto client = s.client();
  auto r = client.request(method, target, body, h);
  if (target.starts_with("/api/v1/") && target != "/api/v1/openapi.json") {
    std::lock_guard lock(g_mutex);
    g_answers.push_back({method, target, r.header("content-type"), r.body, r.status});
  }
  return r;
}

std::string member(const std::string& json, const std::string& name) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return "";
  auto* m = v.as_object().if_contains(name);
  return m && m->is_string() ? std::string(m->as_string()) : "";
}

std::int64_t number(const std::string& json, const std::string& name) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return -1;
  auto* m = v.as_object().if_contains(name);
  return m && m->is_int64() ? m->as_int64() : -1;
}

std::vector<std::int64_t> item_ids(const std::string& json, const std::string& id_member) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object() || !v.as_object().contains("items")) return out;
  for (const auto& item : v.as_object().at("items").as_array())
    if (item.is_object() && item.as_object().contains(id_member)) out.push_back(item.as_object().at(id_member).as_int64());
  return out;
}

}  // namespace cityskills::test::api
