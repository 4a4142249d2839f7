#pragma once
// What every API handler shares: problems thrown as exceptions, the strict reading of a JSON
// body (only the fields the route names, each of its type), list parameters (limit, a
// tamper-evident cursor) and JSON writing. No Boost here: the handlers see plain values.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "i18n/i18n.hpp"
#include "web/app.hpp"

namespace cityskills::api {

// An expected failure answered as an RFC 9457 problem (Ctx::problem).
struct Problem {
  int status;
  std::string key;
  i18n::Args args;
  std::string extra;  // further members as JSON text, or ""
};

// Wraps a handler: a thrown Problem becomes its problem answer; JSON answers get no-store.
web::Handler json_handler(std::function<http::Response(web::Ctx&)> fn);
http::Response json(int status, std::string body);
http::Response no_content();  // 204

// ---- request bodies --------------------------------------------------------------------
enum class Type : std::uint8_t { kString, kInteger, kBoolean };
struct Field {
  std::string name;
  Type type = Type::kString;
  bool required = true;
};
// A field's value as read: exactly one of these is set, by the field's type.
struct Value {
  std::string text;
  std::int64_t integer = 0;
  bool boolean = false;
};
// The body as a JSON object holding only `fields` (400 for malformed JSON, another type than
// an object, an unknown or repeated member, a wrong type, a missing required field).
std::map<std::string, Value> read_body(const web::Ctx& ctx, const std::vector<Field>& fields);

// ---- lists -----------------------------------------------------------------------------
struct Page {
  int limit = 20;
  std::optional<std::vector<std::int64_t>> after;  // the keys of the last item seen
};
// ?limit (1..100) and ?cursor, which must be one this server made for `list` with `keys`
// numbers; only the query parameters in `allowed` (besides limit and cursor) are accepted.
Page read_page(const web::Ctx& ctx, std::string_view list, std::size_t keys,
               const std::vector<std::string>& allowed = {});
// The id in query parameter `name`: nullopt when absent, 400 (bad_parameter) when not an id.
std::optional<std::int64_t> id_param(const web::Ctx& ctx, const std::string& name);
// The same, required: 400 (missing_parameter) when absent.
std::int64_t required_id_param(const web::Ctx& ctx, const std::string& name);
// A language (one of the site's five) in query parameter `name`: nullopt when absent, 400 when
// not one of them.
std::optional<std::string> lang_param(const web::Ctx& ctx, const std::string& name);
// The cursor after an item with these keys (signed with the site's secret).
std::string cursor(const web::Ctx& ctx, std::string_view list, const std::vector<std::int64_t>& keys);
// {"items": [...], "next_cursor": "..." | null}.
std::string list_body(const std::vector<std::string>& items, const std::optional<std::string>& next);
// The first two keys of the cursor, for a list ordered by a pair (a time, then the id).
std::optional<std::pair<std::int64_t, std::int64_t>> after_pair(const Page& page);

// A list answered whole (200, no next cursor): `item` of each row as JSON.
template <class Rows, class Item>
http::Response list_all(const Rows& rows, Item&& item) {
  std::vector<std::string> items;
  for (const auto& x : rows) items.push_back(item(x));
  return json(200, list_body(items, std::nullopt));
}

// One page of a list (200): `fetched` came back when `page.limit + 1` rows were asked for; the
// items are `item` of the first `page.limit`, and when there were more, the next cursor is made
// for `list` from `keys` of the last of them.
template <class T, class Keys, class Item>
http::Response list_page(const web::Ctx& ctx, std::string_view list, const Page& page, std::vector<T> fetched,
                         Keys&& keys, Item&& item) {
  std::optional<std::string> next;
  if (fetched.size() > static_cast<std::size_t>(page.limit)) {
    fetched.resize(static_cast<std::size_t>(page.limit));
    next = cursor(ctx, list, keys(fetched.back()));
  }
  std::vector<std::string> items;
  for (const auto& x : fetched) items.push_back(item(x));
  return json(200, list_body(items, next));
}

// ---- writing ---------------------------------------------------------------------------
// A JSON object written member by member.
class Object {
 public:
  Object& str(std::string_view name, std::string_view value);
  Object& num(std::string_view name, std::int64_t value);
  Object& boolean(std::string_view name, bool value);
  Object& null(std::string_view name);
  Object& time(std::string_view name, std::optional<std::int64_t> unix_seconds);  // RFC 3339 UTC or null
  Object& raw(std::string_view name, std::string_view json);
  Object& strs(std::string_view name, const std::vector<std::string>& values);
  std::string done() const { return "{" + body_ + "}"; }

 private:
  void key(std::string_view name);
  std::string body_;
};
std::string array(const std::vector<std::string>& items);

}  // namespace cityskills::api
