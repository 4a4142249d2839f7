#pragma once
// What the REST API's HTTP tests share: tokens made straight in the database, calls with a
// bearer token, and the record of every answer, which is checked against the OpenAPI document
// by an independent validator once all tests have run (tests/support/check_openapi.mjs).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace cityskills::test::api {

// A token of `user_id` with these scopes (space-separated), of the organisation when given,
// expiring `expires_in` seconds from now (negative: already expired); its secret.
std::string make_token(TestServer& s, std::int64_t user_id, const std::string& scopes,
                       std::optional<std::int64_t> org_id = std::nullopt, std::int64_t expires_in = 86400);

// A call to the API with `token` ("" for none); JSON `body` for POST/DELETE. The answer is
// recorded for the document check when `path` is under /api/v1/.
Reply call(TestServer& s, const std::string& method, const std::string& target, const std::string& token,
           const std::string& body = "", const std::vector<std::pair<std::string, std::string>>& headers = {});

// Runs the independent OpenAPI 3.1 validator on `document`: its output, its exit status in `status`.
std::string check_document(const std::string& document, int& status);

// A string member of a JSON answer ("" when absent or not a string), and an integer one.
std::string member(const std::string& json, const std::string& name);
std::int64_t number(const std::string& json, const std::string& name);
// How many objects the answer's "items" holds, and their "id" members.
std::vector<std::int64_t> item_ids(const std::string& json, const std::string& id_member = "id");

}  // namespace cityskills::test::api
