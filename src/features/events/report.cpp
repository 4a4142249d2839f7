// The organisation's events report for its authors and admins: every event of the
// organisation with how many people registered, wait and attended, and the same as CSV.
// Anyone else gets the 404 of an organisation that does not exist.
#include <algorithm>

#include "features/events/handlers.hpp"
#include "features/events/policy.hpp"
#include "features/events/store.hpp"
#include "i18n/i18n.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/csv.hpp"
#include "web/report_page.hpp"

namespace cityskills::events::detail {
namespace {

using http::Response;
using web::Ctx;

constexpr std::size_t kReportPerPage = 100;

std::optional<orgs::OrgRef> reported_org(Ctx& ctx, db::Connection& c, std::int64_t id) {
  if (policy::may_manage(ctx.actor(), id))
    for (const auto& o : orgs::all(c))
      if (o.id == id) return o;
  log::warn("organisation report refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                               std::to_string(ctx.user->id) + ",\"org_id\":" + std::to_string(id) +
                                               ",\"report\":\"events\"");
  return std::nullopt;
}

std::string status_text(const Ctx& ctx, const std::string& status) { return ctx.t("events.report.status." + status); }

}  // namespace

Response org_report(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto org = reported_org(ctx, *c, ctx.path_id("id"));
  if (!org) return ctx.error(404, "errors.not_found");
  auto figures = store::org_figures(*c, org->id);
  web::ReportPage page(ctx, kReportPerPage);
  std::int64_t registered = 0, waiting = 0, attended = 0;
  for (const auto& f : figures) {
    registered += f.registered;
    waiting += f.waiting;
    attended += f.attended;
  }
  auto rows = page.rows(figures, [&](const store::EventFigures& f) {
    view::Data row;
    row.set("id", std::to_string(f.id));
    row.set("title", f.title);
    row.set("lang", f.lang);
    row.set("when", i18n::format_date(ctx.locale, f.starts_at, f.time_zone));
    row.set("status", status_text(ctx, f.status));
    row.set("registered", std::to_string(f.registered));
    row.set("waiting", std::to_string(f.waiting));
    row.set("attended", std::to_string(f.attended));
    return row;
  });
  view::Data d;
  auto base = "/organisations/" + std::to_string(org->id) + "/reports";
  d.set("org_name", org->name);
  d.set("back", base);
  d.set("csv", base + "/events.csv");
  d.set("count", std::to_string(figures.size()));
  d.set("registered", std::to_string(registered));
  d.set("waiting", std::to_string(waiting));
  d.set("attended", std::to_string(attended));
  d.set("events", std::move(rows));
  d.set("has_events", !figures.empty());
  page.links(d, base + "/events?page=", figures.size());
  return ctx.page(ctx.t("events.report.title"), "events/org_report", std::move(d));
}

Response org_report_csv(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto org = reported_org(ctx, *c, ctx.path_id("id"));
  if (!org) return ctx.error(404, "errors.not_found");
  std::string out = view::csv_row({ctx.t("events.report.event"), ctx.t("events.report.starts"), ctx.t("events.report.state"),
                                   ctx.t("events.report.registered"), ctx.t("events.report.waiting"),
                                   ctx.t("events.report.attended")});
  for (const auto& f : store::org_figures(*c, org->id))
    out += view::csv_row({f.title, util::iso8601_utc(f.starts_at), status_text(ctx, f.status), f.registered, f.waiting,
                          f.attended});
  return view::csv_download(out, "organisation-" + std::to_string(org->id) + "-events.csv");
}

}  // namespace cityskills::events::detail
