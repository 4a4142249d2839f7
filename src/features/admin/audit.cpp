// The audit log: one table (privacy_audit, widened by migration 0090) for exports, erasures
// and every other administrative action; /admin/audit lists it with filters, paging and CSV.
#include <algorithm>

#include "db/rows.hpp"

#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "view/csv.hpp"

namespace cityskills::admin {

void audit(db::Connection& c, std::optional<std::int64_t> actor_id, const Action& a) {
  auto now = util::now_unix();
  std::int64_t subject = a.target_kind == "user" ? a.target_id : 0;
  c.exec("INSERT INTO privacy_audit (actor_id, subject_id, action, reason, target_kind, target_id, detail, created_at, "
         "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {actor_id, subject, a.action, a.reason, a.target_kind, a.target_id, a.detail, now, now});
}

namespace {

using http::Response;
using web::Ctx;

constexpr std::int64_t kPerPage = 50;
constexpr std::int64_t kCsvMax = 10000;

struct Filter {
  std::string action;       // exact action, or empty
  std::string target_kind;  // exact kind, or empty
  std::optional<std::int64_t> actor, target;
  std::int64_t page = 1;
};

const std::vector<std::string> kTargetKinds = {"user", "org", "job", "setting", "award"};

// Reads the filter from the query; unknown values of a closed list are a 400 (never SQL).
Filter read_filter(const Ctx& ctx) {
  Filter f;
  f.action = std::string(util::trim(ctx.query_value("action").value_or("")));
  if (f.action.size() > 60 || std::any_of(f.action.begin(), f.action.end(), [](char ch) {
        return !((ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.');
      }))
    throw web::Reject{400, "admin.audit.bad_filter"};
  f.target_kind = ctx.query_value("target_kind").value_or("");
  if (!f.target_kind.empty() && std::find(kTargetKinds.begin(), kTargetKinds.end(), f.target_kind) == kTargetKinds.end())
    throw web::Reject{400, "admin.audit.bad_filter"};
  auto id_param = [&](const char* name) -> std::optional<std::int64_t> {
    auto v = ctx.query_value(name).value_or("");
    if (v.empty()) return std::nullopt;
    auto id = util::parse_id(v);
    if (!id) throw web::Reject{400, "admin.audit.bad_filter"};
    return id;
  };
  f.actor = id_param("actor");
  f.target = id_param("target");
  auto page = util::parse_int(ctx.query_value("page").value_or("1"));
  if (!page || *page < 1) throw web::Reject{400, "admin.audit.bad_filter"};
  f.page = std::min<std::int64_t>(*page, 100000);
  return f;
}

struct Entry {
  std::int64_t id, created_at, target_id;
  std::optional<std::int64_t> actor_id;
  std::string actor_name, action, target_kind, reason, detail;
};

// Rows written before migration 0090 by the data-rights pages name their person only as subject.
constexpr const char* kTarget = "(CASE WHEN a.target_kind = 'user' AND a.target_id = 0 THEN a.subject_id ELSE a.target_id END)";

std::vector<Entry> query(db::Connection& c, const Filter& f, std::int64_t limit, std::int64_t offset) {
  std::string sql =
      "SELECT a.id, a.created_at, a.actor_id, COALESCE(u.display_name, ''), a.action, a.target_kind, " +
      std::string(kTarget) + ", a.reason, a.detail FROM privacy_audit a LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1";
  db::Params p;
  if (!f.action.empty()) { sql += " AND a.action = ?"; p.push_back(f.action); }
  if (!f.target_kind.empty()) { sql += " AND a.target_kind = ?"; p.push_back(f.target_kind); }
  if (f.actor) { sql += " AND a.actor_id = ?"; p.push_back(*f.actor); }
  if (f.target) { sql += std::string(" AND ") + kTarget + " = ?"; p.push_back(*f.target); }
  sql += " ORDER BY a.id DESC LIMIT ? OFFSET ?";
  p.push_back(limit);
  p.push_back(offset);
  return db::read_all(c.query(sql, p), [](const db::Row& r) {
    return Entry{r.i64(0), r.i64(1), r.i64(6), r.is_null(2) ? std::nullopt : std::optional(r.i64(2)),
                 r.str(3), r.str(4), r.str(5), r.str(7), r.str(8)};
  });
}

std::string filter_query(const Filter& f) {
  std::string q;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) q += std::string(q.empty() ? "" : "&") + k + "=" + http::percent_encode(v);
  };
  add("action", f.action);
  add("target_kind", f.target_kind);
  add("actor", f.actor ? std::to_string(*f.actor) : "");
  add("target", f.target ? std::to_string(*f.target) : "");
  return q;
}

std::string target_link(const Entry& e) {
  if (e.target_kind == "user" && e.target_id) return "/admin/users/" + std::to_string(e.target_id);
  if (e.target_kind == "org" && e.target_id) return "/admin/organisations/" + std::to_string(e.target_id);
  return "";
}

Response page(Ctx& ctx) {
  auto f = read_filter(ctx);
  auto c = ctx.db().acquire();
  auto rows = query(*c, f, kPerPage + 1, (f.page - 1) * kPerPage);
  auto zone = ctx.zone();
  view::List list;
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(kPerPage); ++i) {
    const auto& e = rows[i];
    view::Data item;
    item.set("when", i18n::format_datetime(ctx.locale, e.created_at, zone));
    item.set("actor", e.actor_id ? (e.actor_name.empty() ? "#" + std::to_string(*e.actor_id) : e.actor_name)
                                 : ctx.t("admin.audit.self"));
    if (e.actor_id) item.set("actor_href", "/admin/users/" + std::to_string(*e.actor_id));
    item.set("action", e.action);
    item.set("target", ctx.t("admin.audit.kind." + e.target_kind) + (e.target_id ? " #" + std::to_string(e.target_id) : ""));
    if (auto href = target_link(e); !href.empty()) item.set("target_href", href);
    item.set("reason", e.reason);
    item.set("detail", e.detail);
    list.push_back(std::move(item));
  }
  view::Data d;
  d.set("entries", std::move(list));
  d.set("action", f.action);
  d.set("actor", f.actor ? std::to_string(*f.actor) : "");
  d.set("target", f.target ? std::to_string(*f.target) : "");
  view::List kinds;
  for (const auto& k : kTargetKinds) {
    view::Data o;
    o.set("value", k);
    o.set("label", ctx.t("admin.audit.kind." + k));
    o.set("selected", k == f.target_kind);
    kinds.push_back(std::move(o));
  }
  d.set("kinds", std::move(kinds));
  auto q = filter_query(f);
  d.set("csv", "/admin/audit.csv" + (q.empty() ? "" : "?" + q));
  auto base = "/admin/audit?" + (q.empty() ? "" : q + "&");
  if (f.page > 1) d.set("prev", base + "page=" + std::to_string(f.page - 1));
  if (rows.size() > static_cast<std::size_t>(kPerPage)) d.set("next", base + "page=" + std::to_string(f.page + 1));
  return ctx.page(ctx.t("admin.audit.title"), "admin/audit", std::move(d));
}

Response csv(Ctx& ctx) {
  auto f = read_filter(ctx);
  auto c = ctx.db().acquire();
  // Every cell quoted, ids too: the audit's columns are read as text.
  std::string out = view::csv_row({"id", "created_at_utc", "actor_id", "actor", "action", "target_kind", "target_id",
                                   "reason", "detail"});
  for (const auto& e : query(*c, f, kCsvMax, 0))
    out += view::csv_row({std::to_string(e.id), util::iso8601_utc(e.created_at),
                          e.actor_id ? std::to_string(*e.actor_id) : "", e.actor_name, e.action, e.target_kind,
                          std::to_string(e.target_id), e.reason, e.detail});
  return view::csv_download(out, "audit.csv");
}

}  // namespace

void register_audit_routes(web::App& app) {
  app.route("GET", "/admin/audit", web::Access::kPlatformAdmin, page);
  app.route("GET", "/admin/audit.csv", web::Access::kPlatformAdmin, csv);
}

}  // namespace cityskills::admin
