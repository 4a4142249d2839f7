#include "features/api/kit.hpp"

#include <boost/json.hpp>
#include <set>

#include "i18n/i18n.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills::api {

web::Handler json_handler(std::function<http::Response(web::Ctx&)> fn) {
  return [fn = std::move(fn)](web::Ctx& ctx) {
    try {
      return fn(ctx);
    } catch (const Problem& p) {
      return ctx.problem(p.status, p.key, p.args, p.extra);
    }
  };
}

http::Response json(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("content-type", "application/json");
  r.set("cache-control", "no-store");
  return r;
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  r.set("cache-control", "no-store");
  return r;
}

// ---- request bodies --------------------------------------------------------------------

namespace {

const char* type_name(Type t) {
  switch (t) {
    case Type::kString: return "string";
    case Type::kInteger: return "integer";
    case Type::kBoolean: return "boolean";
  }
  return "?";
}

}  // namespace

std::map<std::string, Value> read_body(const web::Ctx& ctx, const std::vector<Field>& fields) {
  const auto& body = ctx.req.body;
  if (!util::valid_utf8(body)) throw Problem{400, "api.errors.malformed_json"};
  boost::system::error_code ec;
  boost::json::parse_options opt;
  opt.max_depth = 8;
  boost::json::storage_ptr sp = boost::json::make_shared_resource<boost::json::monotonic_resource>();
  auto v = boost::json::parse(body, ec, sp, opt);
  if (ec) throw Problem{400, "api.errors.malformed_json"};
  if (!v.is_object()) throw Problem{400, "api.errors.not_an_object"};
  const auto& o = v.get_object();
  std::map<std::string, Value> out;
  for (const auto& kv : o) {
    std::string name(kv.key());
    auto f = std::find_if(fields.begin(), fields.end(), [&](const Field& x) { return x.name == name; });
    if (f == fields.end())
      throw Problem{400, "api.errors.unknown_field", {{"field", name}},
                    "\"field\":\"" + util::json_escape(name) + "\""};
    Value val;
    const auto& x = kv.value();
    bool ok = false;
    if (f->type == Type::kString && x.is_string()) {
      val.text = std::string(x.get_string());
      ok = true;
    } else if (f->type == Type::kInteger && x.is_int64()) {
      val.integer = x.get_int64();
      ok = true;
    } else if (f->type == Type::kInteger && x.is_uint64() && x.get_uint64() <= INT64_MAX) {
      val.integer = static_cast<std::int64_t>(x.get_uint64());
      ok = true;
    } else if (f->type == Type::kBoolean && x.is_bool()) {
      val.boolean = x.get_bool();
      ok = true;
    }
    if (!ok)
      throw Problem{400, "api.errors.wrong_type", {{"field", name}, {"type", type_name(f->type)}},
                    "\"field\":\"" + util::json_escape(name) + "\""};
    out.emplace(name, std::move(val));
  }
  for (const auto& f : fields)
    if (f.required && !out.count(f.name))
      throw Problem{400, "api.errors.missing_field", {{"field", f.name}}, "\"field\":\"" + util::json_escape(f.name) + "\""};
  return out;
}

// ---- lists -----------------------------------------------------------------------------

namespace {

std::string cursor_mac(const web::Ctx& ctx, std::string_view list, std::string_view payload) {
  return crypto::hmac_hex(ctx.svc.secret, "api-cursor|" + std::string(list) + "|" + std::string(payload)).substr(0, 24);
}

}  // namespace

std::string cursor(const web::Ctx& ctx, std::string_view list, const std::vector<std::int64_t>& keys) {
  std::string payload;
  for (auto k : keys) payload += (payload.empty() ? "" : ".") + std::to_string(k);
  return payload + "." + cursor_mac(ctx, list, payload);
}

std::optional<std::int64_t> id_param(const web::Ctx& ctx, const std::string& name) {
  auto v = ctx.query_value(name);
  if (!v) return std::nullopt;
  auto id = util::parse_id(*v);
  if (!id) throw Problem{400, "api.errors.bad_parameter", {{"parameter", name}}};
  return id;
}

std::int64_t required_id_param(const web::Ctx& ctx, const std::string& name) {
  auto id = id_param(ctx, name);
  if (!id) throw Problem{400, "api.errors.missing_parameter", {{"parameter", name}}};
  return *id;
}

std::optional<std::string> lang_param(const web::Ctx& ctx, const std::string& name) {
  auto v = ctx.query_value(name);
  if (v && !i18n::supported(*v)) throw Problem{400, "api.errors.bad_parameter", {{"parameter", name}}};
  return v;
}

Page read_page(const web::Ctx& ctx, std::string_view list, std::size_t keys, const std::vector<std::string>& allowed) {
  Page page;
  std::set<std::string> seen;
  for (const auto& [k, v] : ctx.query) {
    if (!seen.insert(k).second) throw Problem{400, "errors.duplicate_parameter"};
    bool known = k == "limit" || k == "cursor" || std::find(allowed.begin(), allowed.end(), k) != allowed.end();
    if (!known)
      throw Problem{400, "api.errors.unknown_parameter", {{"parameter", k}},
                    "\"parameter\":\"" + util::json_escape(k) + "\""};
  }
  if (auto limit = ctx.query_value("limit")) {
    auto n = util::parse_id(*limit);
    if (!n || *n < 1 || *n > 100) throw Problem{400, "api.errors.bad_limit", {{"max", "100"}}};
    page.limit = static_cast<int>(*n);
  }
  if (auto c = ctx.query_value("cursor")) {
    auto parts = util::split(*c, '.');
    bool ok = parts.size() == keys + 1 && c->size() < 200;
    std::vector<std::int64_t> values;
    for (std::size_t i = 0; ok && i < keys; ++i) {
      auto n = util::parse_id(parts[i]);
      if (!n && parts[i] == "0") n = 0;
      ok = n.has_value();
      if (ok) values.push_back(*n);
    }
    if (ok) {
      auto payload = c->substr(0, c->rfind('.'));
      ok = crypto::equal_constant_time(std::string(parts.back()), cursor_mac(ctx, list, payload));
    }
    if (!ok) throw Problem{400, "api.errors.bad_cursor"};
    page.after = std::move(values);
  }
  return page;
}

std::string list_body(const std::vector<std::string>& items, const std::optional<std::string>& next) {
  Object o;
  o.raw("items", array(items));
  if (next) o.str("next_cursor", *next);
  else o.null("next_cursor");
  return o.done();
}

std::optional<std::pair<std::int64_t, std::int64_t>> after_pair(const Page& page) {
  if (!page.after) return std::nullopt;
  return std::make_pair((*page.after)[0], (*page.after)[1]);
}

// ---- writing ---------------------------------------------------------------------------

void Object::key(std::string_view name) {
  if (!body_.empty()) body_ += ",";
  body_ += "\"" + util::json_escape(name) + "\":";
}
Object& Object::str(std::string_view name, std::string_view value) {
  key(name);
  body_ += "\"" + util::json_escape(value) + "\"";
  return *this;
}
Object& Object::num(std::string_view name, std::int64_t value) {
  key(name);
  body_ += std::to_string(value);
  return *this;
}
Object& Object::boolean(std::string_view name, bool value) {
  key(name);
  body_ += value ? "true" : "false";
  return *this;
}
Object& Object::null(std::string_view name) {
  key(name);
  body_ += "null";
  return *this;
}
Object& Object::time(std::string_view name, std::optional<std::int64_t> unix_seconds) {
  return unix_seconds ? str(name, util::iso8601_utc(*unix_seconds)) : null(name);
}
Object& Object::raw(std::string_view name, std::string_view json_text) {
  key(name);
  body_ += json_text;
  return *this;
}
Object& Object::strs(std::string_view name, const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const auto& v : values) items.push_back("\"" + util::json_escape(v) + "\"");
  return raw(name, array(items));
}

std::string array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

}  // namespace cityskills::api
