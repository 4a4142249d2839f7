// An organisation's reports for its own people: the index of what each person may read (its
// authors see the events report and their course reports; its admins also the members report
// and the skills map), and the members report with its CSV. Anyone else gets the 404 of an
// organisation that does not exist.
#include <algorithm>

#include "features/admin/api.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/members_report.hpp"
#include "features/orgs/policy.hpp"
#include "features/orgs/store.hpp"
#include "i18n/i18n.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/csv.hpp"
#include "web/report_page.hpp"

namespace cityskills::orgs {
namespace {

using http::Response;
using web::Ctx;

constexpr std::size_t kPerPage = 100;

void refused(const Ctx& ctx, std::int64_t org_id, std::string_view report) {
  log::warn("organisation report refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                               std::to_string(ctx.user->id) + ",\"org_id\":" + std::to_string(org_id) +
                                               ",\"report\":\"" + std::string(report) + "\"");
}

// The organisation when the person may read its publishers' reports (its authors and admins,
// platform admins), else nullopt.
std::optional<Organisation> readable(Ctx& ctx, db::Connection& c, std::int64_t id) {
  auto org = store::find(c, id);
  if (org && policy::may_read_reports(ctx.actor(), id)) return org;
  refused(ctx, id, "index");
  return std::nullopt;
}

// The organisation when the person administers it (or is a platform admin), else nullopt.
std::optional<Organisation> administered_org(Ctx& ctx, db::Connection& c, std::int64_t id) {
  auto org = store::find(c, id);
  if (org && policy::may_administer(ctx.actor(), id)) return org;
  refused(ctx, id, "members");
  return std::nullopt;
}

std::string roles_text(const Ctx& ctx, const store::ReportMember& m) {
  std::string out;
  for (const auto& r : m.roles) out += (out.empty() ? "" : ", ") + ctx.t("orgs.role." + r);
  return out;
}

Response chooser(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto mine = publishable(*c, *ctx.user);
  if (mine.size() == 1) return ctx.redirect("/organisations/" + std::to_string(mine.front().id) + "/reports");
  view::List list;
  for (const auto& o : mine) {
    view::Data x;
    x.set("name", o.name);
    x.set("href", "/organisations/" + std::to_string(o.id) + "/reports");
    list.push_back(std::move(x));
  }
  view::Data d;
  d.set("organisations", list);
  d.set("has_organisations", !list.empty());
  return ctx.page(ctx.t("orgs.reports.title"), "orgs/reports_choose", std::move(d));
}

Response reports_index(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto org = readable(ctx, *c, ctx.path_id("id"));
  if (!org) return ctx.error(404, "errors.not_found");
  view::Data d;
  auto base = "/organisations/" + std::to_string(org->id) + "/reports";
  d.set("org_name", org->name);
  d.set("events_href", base + "/events");
  d.set("admin", policy::may_administer(ctx.actor(), org->id));
  d.set("members_href", base + "/members");
  d.set("skills_href", "/assessment/org/" + org->slug);
  return ctx.page(ctx.t("orgs.reports.title"), "orgs/reports", std::move(d));
}

Response members(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto org = administered_org(ctx, *c, ctx.path_id("id"));
  if (!org) return ctx.error(404, "errors.not_found");
  auto people = store::report_members(*c, org->id);
  web::ReportPage page(ctx, kPerPage);
  int by_profile = 0;
  for (const auto& m : people)
    if (m.in_profile) ++by_profile;
  auto zone = admin::site_time_zone(*ctx.db().acquire());
  auto rows = page.rows(people, [&](const store::ReportMember& m) {
    view::Data row;
    row.set("name", m.display_name);
    row.set("email", m.email);
    row.set("roles", m.roles.empty() ? std::string("–") : roles_text(ctx, m));
    row.set("in_profile", m.in_profile);
    row.set("joined", i18n::format_date(ctx.locale, m.joined_at, zone));
    return row;
  });
  view::Data d;
  auto base = "/organisations/" + std::to_string(org->id) + "/reports";
  d.set("org_name", org->name);
  d.set("back", base);
  d.set("csv", base + "/members.csv");
  d.set("count", std::to_string(people.size()));
  d.set("by_profile", std::to_string(by_profile));
  d.set("members", std::move(rows));
  d.set("has_members", !people.empty());
  page.links(d, base + "/members?page=", people.size());
  return ctx.page(ctx.t("orgs.reports.members.title"), "orgs/report_members", std::move(d));
}

Response members_csv(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto org = administered_org(ctx, *c, ctx.path_id("id"));
  if (!org) return ctx.error(404, "errors.not_found");
  std::string out = view::csv_row({ctx.t("orgs.reports.members.person"), ctx.t("orgs.reports.members.email"),
                                   ctx.t("orgs.reports.members.roles"), ctx.t("orgs.reports.members.in_profile"),
                                   ctx.t("orgs.reports.members.joined")});
  for (const auto& m : store::report_members(*c, org->id))
    out += view::csv_row({m.display_name, m.email, roles_text(ctx, m), ctx.t(m.in_profile ? "common.yes" : "common.no"),
                          util::iso8601_utc(m.joined_at)});
  return view::csv_download(out, "organisation-" + std::to_string(org->id) + "-members.csv");
}

}  // namespace

void register_reports(web::App& app) {
  app.route("GET", "/organisations/reports", web::Access::kPublisher, chooser);
  app.route("GET", "/organisations/{id}/reports", web::Access::kPublisher, reports_index);
  app.route("GET", "/organisations/{id}/reports/members", web::Access::kOrgAdmin, members);
  app.route("GET", "/organisations/{id}/reports/members.csv", web::Access::kOrgAdmin, members_csv);
}

}  // namespace cityskills::orgs
